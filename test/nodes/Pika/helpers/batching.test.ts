/**
 * The Batching option of reads and account updates (the HTTP Request node's option, same
 * names): how many items' requests run at once, and the wait between batches. Every GET of
 * the account list is held by the simulator for a while, so the requests of one batch
 * overlap and the simulator's log shows how many ran at once.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { maxInFlight } from '../../../../bench/lib/sim';
import { DEFAULT_ITEMS_PER_BATCH } from '../../../../nodes/Pika/helpers/batching';
import { requestsTo, useSimulator } from '../setup';

const PATH = '/v1/pika/account';
const HOLD_MS = 150;

const items = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, i) => ({ json: { i } }));

const getMany = (batch?: {
	batchSize?: number | string;
	batchInterval?: number;
}): INodeParameters => ({
	resource: 'account',
	operation: 'getAll',
	options: batch ? { batching: { batch } } : {},
});

describe('Batching (reads and account updates)', () => {
	const fixture = useSimulator();
	const holdEveryRead = (delayMs = HOLD_MS) =>
		fixture.sim.injectFault({
			method: 'GET',
			path: PATH,
			times: Number.POSITIVE_INFINITY,
			fault: { delayMs },
		});
	const reads = () => requestsTo(fixture.sim, 'GET', PATH);

	it(`without the option, runs ${DEFAULT_ITEMS_PER_BATCH} items at once and no more`, async () => {
		// Held long enough that even on a busy machine the whole first batch is out before any answer.
		holdEveryRead(1_000);
		const result = await fixture.run({
			parameters: getMany(),
			items: items(DEFAULT_ITEMS_PER_BATCH + 20),
		});

		expect(result.error).toBeUndefined();
		expect(reads()).toHaveLength(DEFAULT_ITEMS_PER_BATCH + 20);
		expect(maxInFlight(reads())).toBeLessThanOrEqual(DEFAULT_ITEMS_PER_BATCH);
		expect(maxInFlight(reads())).toBeGreaterThan(DEFAULT_ITEMS_PER_BATCH * 0.9);
	});

	it('Items per Batch caps the requests in flight; each item still gets its own output, in order', async () => {
		holdEveryRead();
		fixture.sim.addAccount({
			discord: 'MTE4second.discord.token',
			channel: '1190000000000000002',
			maxJobs: 3,
		});
		const result = await fixture.run({
			parameters: getMany({ batchSize: 3, batchInterval: 0 }),
			items: items(10),
		});

		expect(result.error).toBeUndefined();
		expect(reads()).toHaveLength(10);
		expect(maxInFlight(reads())).toBe(3);
		expect(result.items).toHaveLength(20); // two accounts per item
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 10 }, (_, i) => [{ item: i }, { item: i }]).flat(),
		);
	});

	it('-1 sends every item at once, as in the HTTP Request node', async () => {
		holdEveryRead();
		const result = await fixture.run({
			parameters: getMany({ batchSize: -1, batchInterval: 0 }),
			items: items(40),
		});

		expect(result.error).toBeUndefined();
		expect(maxInFlight(reads())).toBe(40);
	});

	it('Batch Interval starts batch k no earlier than k intervals after the first', async () => {
		const intervalMs = 400;
		const result = await fixture.run({
			parameters: getMany({ batchSize: 2, batchInterval: intervalMs }),
			items: items(6),
		});

		expect(result.error).toBeUndefined();
		const started = reads().map((request) => Date.parse(request.receivedAt));
		expect(started).toHaveLength(6);
		const first = Math.min(...started);
		const sorted = [...started].sort((a, b) => a - b);
		// Items 2–3 form batch 1, items 4–5 batch 2. The node counts from its own start, a little
		// before the first request arrives, hence the half interval of slack (a lower bound: the
		// node waited; nothing about speed). Without an interval all six arrive within a few ms.
		expect(sorted[1] - first).toBeLessThan(intervalMs / 2);
		expect(sorted[2] - first).toBeGreaterThanOrEqual(intervalMs / 2);
		expect(sorted[4] - first).toBeGreaterThanOrEqual(1.5 * intervalMs);
	});

	it('applies to Cancel, Get and the account updates too', async () => {
		const result = await fixture.run({
			parameters: {
				resource: 'account',
				operation: 'delete',
				channel: '1190000000000000001',
				options: { batching: { batch: { batchSize: 1.5 } } },
			},
			items: items(1),
		});
		expect(result.error?.message).toMatch(/"Items per Batch"/);
		for (const [resource, operation] of [
			['job', 'get'],
			['job', 'cancel'],
			['account', 'upsert'],
		]) {
			const refused = await fixture.run({
				parameters: {
					resource,
					operation,
					jobId: 'user:1-pika-00000000-0000-0000-0000-000000000000',
					channel: '1190000000000000001',
					options: { batching: { batch: { batchSize: 2, batchInterval: -5 } } },
				},
				items: items(1),
			});
			expect(refused.error?.message).toMatch(/"Batch Interval"/);
		}
		expect(fixture.sim.requests).toHaveLength(0);
	});

	it('a bad value is refused before any request, naming the field', async () => {
		const result = await fixture.run({
			parameters: getMany({ batchSize: 'many', batchInterval: 0 }),
			items: items(3),
		});

		expect(result.error?.message).toBe(
			'Invalid "Items per Batch" in item 0: must be a whole number from -1 to 9007199254740991, got "many"',
		);
		expect(fixture.sim.requests).toHaveLength(0);
	});
});

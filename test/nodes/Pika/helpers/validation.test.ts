/**
 * Input checks across several items: every item is checked before the first request, so one
 * bad item stops the whole run (continue-on-fail off) before anything is sent, and the error
 * names that item. The catalogue of bad values, one case per value and operation, lives in
 * test/reliability/badInputs.cases.ts.
 */
import { useBinaryMode } from '../../../../tools/n8n-core/runNode';
import { createParameters, promptItems, useSimulator } from '../setup';

const fx = useSimulator();

beforeAll(async () => await useBinaryMode('default'));

describe('validation of several items, before any request', () => {
	it('one bad item among good ones (the last of four) stops the run before any request', async () => {
		const result = await fx.run({
			parameters: createParameters('={{ $json.prompt }}'),
			items: promptItems(['good one', 'good two', 'good three', 'x'.repeat(1501)]),
		});

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(
			'Invalid "Prompt" in item 3: must be at most 1500 characters, got 1501',
		);
		expect(result.items).toEqual([]);
		expect(fx.sim.requests).toHaveLength(0);
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('names the bad item among several: item 2 with a bad per-item replyUrl', async () => {
		const result = await fx.run({
			parameters: createParameters('go', { options: { replyUrl: '={{ $json.url }}' } }),
			items: [
				'https://a.example/1',
				'http://b.example/2',
				'ftp://c.example/3',
				'https://d.example/4',
			].map((url) => ({ json: { url } })),
		});

		expect(result.error?.message).toMatch(/^Invalid "Reply URL" in item 2: /);
		expect(fx.sim.requests).toHaveLength(0);
	});
});

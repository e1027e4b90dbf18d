/**
 * Stopping an execution while items wait: the wait ends at once (n8n's cancel signal),
 * and no further request goes out.
 */
import { sleep } from 'n8n-workflow';

import { useBinaryMode } from '../../../../tools/n8n-core/runNode';
import { createParameters, emptyItems, requestsTo, useSimulator } from '../setup';

describe('cancelling an execution', () => {
	const fixture = useSimulator({ jobDurationMs: Infinity, progressAfterMs: 50 });
	beforeAll(async () => await useBinaryMode('default'));

	it('ends a 10-minute wait as soon as the execution is stopped', async () => {
		const stop = new AbortController();
		const running = fixture.run({
			parameters: createParameters('={{ "clip " + $itemIndex }}', {
				options: { waitForCompletion: true, pollInterval: 30, maxWait: 10 },
			}),
			items: emptyItems(3),
			cancelSignal: stop.signal,
		});
		await fixture.sim.waitFor(() => fixture.sim.createdJobCount === 3, 5_000);
		const stoppedAt = Date.now();
		stop.abort();
		const result = await running;
		const endedAt = Date.now();

		// The run is over long before the first 30 s poll would have happened.
		expect(endedAt - stoppedAt).toBeLessThan(30_000);
		expect(result.run.status).toBe('canceled');
		expect(result.items).toHaveLength(0);
		// Nothing was polled, and nothing goes out afterwards.
		expect(requestsTo(fixture.sim, 'GET', '/v1/pika/jobs')).toHaveLength(0);
		const seen = fixture.sim.requests.length;
		await sleep(1_000);
		expect(fixture.sim.requests.length).toBe(seen);
	});
});

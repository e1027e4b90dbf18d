/**
 * The fault matrix: every fault of faultMatrix.cases.ts on every endpoint the node calls,
 * through n8n-core's engine against a simulator of its own. Each row asserts the outcome
 * (success, or the exact error), how many requests reached the faulted endpoint and how many
 * jobs the simulator created — a submit must never create a second paid job.
 *
 * Rows run one after another, each with its own simulator. Many rows wait out a backoff (1 s,
 * up to 1 + 2 + 4 s, or a 10 s queue interval) on the unit tier's virtual clock
 * (test/useVirtualClock.ts), where a wait costs milliseconds. Rows no longer run side by side:
 * they would share the file's clock, and a row holding a request until its real HTTP timeout
 * would hold every other row's time still, turning their waits back into real seconds.
 */
import { sleep } from 'n8n-workflow';
import type { ExecutionError } from 'n8n-workflow';

import { runPikaNode } from '../../tools/n8n-core/runNode';
import type { RequestRecord } from '../../tools/simulator';
import { DEFAULT_TOKEN, FaultPresets } from '../../tools/simulator';
import { FAULT_IDS, expectationFor } from './faultMatrix.cases';
import { runRow } from './runRow';
import { ENDPOINTS, closedPort, credentialsFor, startSimulator } from './setup';

type ApiError = ExecutionError & { httpCode?: string | null };

const gapMs = (requests: RequestRecord[], index: number) =>
	Date.parse(requests[index + 1].receivedAt) - Date.parse(requests[index].receivedAt);

describe.each(ENDPOINTS)('$route ($operation, $kind)', (endpoint) => {
	const rows = FAULT_IDS.map(
		(faultId) => [faultId, expectationFor(endpoint, faultId).behaviour] as const,
	);

	it.each(rows)(
		'%s → %s',
		async (faultId) => {
			const expected = expectationFor(endpoint, faultId);
			const observed = await runRow(endpoint, faultId);
			const error = observed.result.error as ApiError | undefined;

			if (expected.ok) {
				expect(error).toBeUndefined();
				endpoint.expectSuccess(observed.items, observed.arranged);
			} else {
				expect(error?.message).toEqual(
					typeof expected.message === 'string'
						? expected.message
						: expect.stringMatching(expected.message!),
				);
				if (expected.httpCode) expect(error?.httpCode).toBe(expected.httpCode);
				if (expected.description) expect(error?.description).toMatch(expected.description);
				expect(observed.items).toEqual([]);
			}
			expect(observed.requests).toHaveLength(expected.requests);
			expect(observed.jobs).toBe(expected.jobs);
			if (expected.waitedMs)
				expect(gapMs(observed.requests, 0)).toBeGreaterThanOrEqual(expected.waitedMs);
		},
		30_000,
	);
});

describe('beyond one fault', () => {
	it('a submit refused while the API is down goes out again once it is back: exactly one job', async () => {
		const port = await closedPort();
		const running = runPikaNode({
			parameters: { resource: 'job', operation: 'create', prompt: 'sent while the API is down' },
			credentials: { apiToken: DEFAULT_TOKEN, baseUrl: `http://127.0.0.1:${port}` },
		});
		// The first attempt is refused at once; the API comes back before the retry 1 s later.
		await sleep(300);
		const sim = await startSimulator({ port });
		try {
			const result = await running;
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({
				prompt: 'sent while the API is down',
				status: 'started',
			});
			expect(sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
				['POST', '/v1/pika/create', 200],
			]);
			expect(sim.createdJobCount).toBe(1);
		} finally {
			await sim.stop();
		}
	});

	it('a read that keeps failing is sent 4 times, 1, 2 and 4 s apart, then fails with the API message', async () => {
		const sim = await startSimulator();
		try {
			const get = ENDPOINTS.find((endpoint) => endpoint.operation === 'Get')!;
			const arranged = await get.arrange(sim);
			sim.clearLogs();
			sim.injectFault({
				method: 'GET',
				path: get.path,
				times: Infinity,
				fault: FaultPresets.jsonError(503, 'Service Unavailable'),
			});
			const result = await runPikaNode({
				parameters: arranged.parameters,
				credentials: credentialsFor(sim),
			});

			expect(result.error?.message).toBe('Service Unavailable');
			const requests = sim.requests.filter((r) => get.path.test(r.path));
			expect(requests.map((r) => r.status)).toEqual([503, 503, 503, 503]);
			expect([0, 1, 2].map((i) => gapMs(requests, i) >= 1000 * 2 ** i)).toEqual([true, true, true]);
		} finally {
			await sim.stop();
		}
	});
});

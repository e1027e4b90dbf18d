/**
 * Callbacks with Verify With API share one read of the credential for SHARED_CREDENTIAL_MS
 * (nodes/shared/transport/context.ts): a burst costs n8n one credential load instead of one per
 * callback, a changed token is used at the latest once that time is up, and a shared token the
 * API refuses is read again at once. The clock the trigger reads (Date.now) is moved forward by the tests.
 */
import { SHARED_CREDENTIAL_MS } from '../../../nodes/shared/transport';
import { useActiveTrigger, useShiftedClock } from './setup';

const triggerTest = useActiveTrigger();
useShiftedClock();
const { activeTrigger, finishedJobs } = triggerTest;

/** Counts n8n's credential loads (load + decrypt in a real server) from now on. */
function countReads(): jest.SpyInstance {
	return jest.spyOn(triggerTest.setup.harness.credentialsHelper, 'getDecrypted');
}

/** Date.now, moved forward step by step (shiftClock moves it once per test). */
function movableClock(): { forward(ms: number): void } {
	const unshifted = Date.now;
	let offset = 0;
	jest.spyOn(Date, 'now').mockImplementation(() => unshifted() + offset);
	return { forward: (ms) => void (offset += ms) };
}

/** What the simulator saw of each Verify GET: whether its token was one it accepts. */
const verifyAuth = () =>
	triggerTest.setup.sim.requests
		.filter((r) => r.path === '/v1/pika/jobs/')
		.map((r) => `${r.auth} ${r.status}`);

describe('the credential read shared between callbacks', () => {
	test('a burst of 10 callbacks loads the credential once; their GETs run side by side', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const bodies = await finishedJobs(10);
		// Every GET is held 500 ms: side by side they overlap, one after the other they could not.
		sim.injectFault({
			method: 'GET',
			path: '/v1/pika/jobs/',
			times: Infinity,
			fault: { delayMs: 500 },
		});
		const reads = countReads();

		const replies = await Promise.all(bodies.map(async (body) => await harness.post(url, body)));
		await harness.idle();

		expect(replies.map((r) => r.status)).toEqual(Array<number>(10).fill(200));
		expect(harness.executions).toHaveLength(10);
		expect(reads).toHaveBeenCalledTimes(1);
		const gets = sim.requests.filter((r) => r.path === '/v1/pika/jobs/');
		expect(gets).toHaveLength(10);
		const firstAnswer = Math.min(
			...gets.map((r) => Date.parse(r.receivedAt) + (r.durationMs ?? 0)),
		);
		expect(gets.every((r) => Date.parse(r.receivedAt) < firstAnswer)).toBe(true);
	});

	test('a changed credential is read again once the shared read is SHARED_CREDENTIAL_MS old', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const [first, second, third] = await finishedJobs(3);
		const newToken = 'user:1-simulator-token-rotated';
		sim.configure({ tokens: [sim.token, newToken] });
		const reads = countReads();

		expect((await harness.post(url, first)).status).toBe(200);
		harness.credentialsHelper.setCredentials('useApiPikaApi', {
			apiToken: newToken,
			baseUrl: sim.baseUrl,
		});
		const clock = movableClock();
		clock.forward(SHARED_CREDENTIAL_MS / 2);
		expect((await harness.post(url, second)).status).toBe(200);
		expect(reads).toHaveBeenCalledTimes(1); // within the time: the first read is shared

		clock.forward(SHARED_CREDENTIAL_MS / 2); // the first read is now at least that old
		expect((await harness.post(url, third)).status).toBe(200);
		expect(reads).toHaveBeenCalledTimes(2); // at its time: never served again
		await harness.idle();
		expect(harness.executions).toHaveLength(3);
	});

	test('a shared token the API refuses (revoked and replaced) is read again at once: the callback still starts its execution', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const [first, second] = await finishedJobs(2);
		const reads = countReads();
		expect((await harness.post(url, first)).status).toBe(200);

		const newToken = 'user:1-simulator-token-rotated';
		sim.configure({ tokens: [newToken] }); // the old token no longer works
		harness.credentialsHelper.setCredentials('useApiPikaApi', {
			apiToken: newToken,
			baseUrl: sim.baseUrl,
		});
		sim.clearLogs();
		expect((await harness.post(url, second)).status).toBe(200);
		await harness.idle();

		expect(verifyAuth()).toEqual(['invalid 401', 'valid 200']);
		expect(reads).toHaveBeenCalledTimes(2);
		expect(harness.webhookErrors).toEqual([]);
		expect(harness.executions.map((e) => e.items[0].json.jobid)).toEqual([
			first.jobid,
			second.jobid,
		]);
	});

	test('a token refused right after a fresh read fails the callback as before, without a second GET', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const [body] = await finishedJobs(1);
		sim.configure({ tokens: ['user:1-some-other-token'] });

		const reply = await harness.post(url, body);
		await harness.idle();

		expect(reply.status).toBe(200); // answered before the API was asked
		expect(verifyAuth()).toEqual(['invalid 401']);
		expect(harness.executions).toEqual([]);
		expect(harness.webhookErrors).toHaveLength(1); // n8n records a failed execution
	});
});

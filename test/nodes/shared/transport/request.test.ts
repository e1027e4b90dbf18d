/**
 * Queue-full handling and the retry rules: a submit is sent again only after an answer
 * that proves nothing was created; safe GETs retry transient failures. The simulator
 * counts every POST and every job actually created.
 */
import { useBinaryMode } from '../../../../tools/n8n-core/runNode';
import { FaultPresets } from '../../../../tools/simulator';
import {
	ACCOUNT,
	createParameters,
	emptyItems,
	getParameters,
	requestsTo,
	useSimulator,
} from '../../Pika/setup';

const SINGLE_SLOT = { ...ACCOUNT, maxJobs: 1 };

describe('queue full (429 with executingJobs)', () => {
	const fixture = useSimulator({
		accounts: [SINGLE_SLOT],
		jobDurationMs: 2_000,
		progressAfterMs: 500,
	});
	beforeAll(async () => await useBinaryMode('default'));

	it('waits and resubmits by default, creating exactly one job per item', async () => {
		// The node does not know the account has one slot, so both items go out at once.
		const result = await fixture.run({
			parameters: createParameters('={{ "clip " + $itemIndex }}', {
				options: { queueRetryInterval: 10, maxWait: 1 },
			}),
			items: emptyItems(2),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.prompt)).toEqual(['clip 0', 'clip 1']);
		const posts = requestsTo(fixture.sim, 'POST', '/v1/pika/create');
		expect(posts.map((r) => r.status)).toEqual([200, 429, 200]);
		expect(fixture.sim.createdJobCount).toBe(2);
		// The resubmit honoured the interval (simulator clock, not a wall-clock assertion in the node).
		const refused = posts.find((r) => r.status === 429)!;
		const resent = posts[2];
		expect(Date.parse(resent.receivedAt) - Date.parse(refused.receivedAt)).toBeGreaterThanOrEqual(
			10_000,
		);
	}, 30_000);

	it('fails fast with the API message when Wait When Queue Is Full is off', async () => {
		const result = await fixture.run({
			parameters: createParameters('x', { options: { waitWhenQueueFull: false } }),
			items: emptyItems(2),
		});
		expect(result.error?.message).toBe('Maximum of 1 jobs executing in parallel supported');
		expect(requestsTo(fixture.sim, 'POST', '/v1/pika/create')).toHaveLength(2);
		expect(fixture.sim.createdJobCount).toBe(1);
	});

	it('with Max Jobs set, items are submitted one slot at a time and never hit the full queue', async () => {
		fixture.sim.configure({ jobDurationMs: 300, progressAfterMs: 100 });
		const result = await fixture.run({
			parameters: createParameters('={{ "clip " + $itemIndex }}', {
				options: { maxJobs: 1, waitForCompletion: true, pollInterval: 10, maxWait: 1 },
			}),
			items: emptyItems(2),
		});
		expect(result.error).toBeUndefined();
		expect(requestsTo(fixture.sim, 'POST', '/v1/pika/create').map((r) => r.status)).toEqual([
			200, 200,
		]);
		expect(fixture.sim.createdJobCount).toBe(2);
	}, 30_000);
});

describe('retry rules', () => {
	const fixture = useSimulator();
	beforeAll(async () => await useBinaryMode('default'));

	it('a Discord 429 with retry_after 1 s is resubmitted after the documented 10 s minimum, not 1 s: one job', async () => {
		fixture.sim.injectFault({
			method: 'POST',
			path: '/v1/pika/create',
			fault: FaultPresets.discordRateLimit(1),
		});
		const result = await fixture.run({
			parameters: createParameters('rate limited once', { options: { queueRetryInterval: 10 } }),
		});
		expect(result.error).toBeUndefined();
		const posts = requestsTo(fixture.sim, 'POST', '/v1/pika/create');
		expect(posts.map((r) => r.status)).toEqual([429, 200]);
		expect(
			Date.parse(posts[1].receivedAt) - Date.parse(posts[0].receivedAt),
		).toBeGreaterThanOrEqual(10_000);
		expect(fixture.sim.createdJobCount).toBe(1);
	}, 30_000);

	it('a Discord retry_after longer than the interval is waited out in full', async () => {
		fixture.sim.injectFault({
			method: 'POST',
			path: '/v1/pika/create',
			fault: FaultPresets.discordRateLimit(12),
		});
		const result = await fixture.run({
			parameters: createParameters('rate limited for longer', {
				options: { queueRetryInterval: 10 },
			}),
		});
		expect(result.error).toBeUndefined();
		const posts = requestsTo(fixture.sim, 'POST', '/v1/pika/create');
		expect(posts.map((r) => r.status)).toEqual([429, 200]);
		expect(
			Date.parse(posts[1].receivedAt) - Date.parse(posts[0].receivedAt),
		).toBeGreaterThanOrEqual(12_000);
		expect(fixture.sim.createdJobCount).toBe(1);
	}, 30_000);

	it.each([
		['a reset after the body was sent', 'reset-after-body' as const],
		['a 504 "job queued"', FaultPresets.jobQueued504()],
		['a 500', FaultPresets.jsonError(500)],
		['a 502 HTML page', FaultPresets.htmlErrorPage(502)],
	])('never repeats a submit after %s, and says the job may exist', async (_label, fault) => {
		fixture.sim.injectFault({ method: 'POST', path: '/v1/pika/create', fault });
		const result = await fixture.run({ parameters: createParameters('ambiguous') });
		expect(requestsTo(fixture.sim, 'POST', '/v1/pika/create')).toHaveLength(1);
		expect(result.error?.description).toContain(
			'may have reached useapi.net and started a paid job',
		);
	});

	it('retries a GET after 503s and returns the job', async () => {
		const created = await fixture.run({ parameters: createParameters('exists') });
		const jobid = String(created.items[0].json.jobid);
		fixture.sim.injectFault({
			method: 'GET',
			path: '/v1/pika/jobs',
			times: 2,
			fault: FaultPresets.jsonError(503, 'Service Unavailable'),
		});
		const result = await fixture.run({ parameters: getParameters(jobid) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.jobid).toBe(jobid);
		expect(requestsTo(fixture.sim, 'GET', '/v1/pika/jobs').map((r) => r.status)).toEqual([
			503, 503, 200,
		]);
	});

	it('does not retry a GET on a 4xx: a 404 is an answer', async () => {
		const result = await fixture.run({ parameters: getParameters('j-unknown-job') });
		expect(result.error?.message).toBe('Unable to locate job j-unknown-job');
		expect(requestsTo(fixture.sim, 'GET', '/v1/pika/jobs')).toHaveLength(1);
	});
});

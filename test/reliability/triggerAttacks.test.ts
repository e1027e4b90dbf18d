/**
 * The Pika Trigger under attack, through n8n-core's WebhookContext on a real HTTP server (the
 * trigger harness): a burst of genuine and forged callbacks at once, oversized and deeply
 * nested bodies, unknown jobids, prototype pollution. Counted from the harness's executions
 * and the simulator's requests: forged calls start nothing and cost no API call.
 * (The same burst inside a real n8n server is the e2e suite's, not measured here.)
 */
import type { IDataObject } from 'n8n-workflow';

import { MAX_BODY_BYTES, RECEIVED } from '../../nodes/PikaTrigger/callback';
import type { HttpReply } from '../../tools/n8n-core/runTrigger';
import { useActiveTrigger } from '../nodes/PikaTrigger/setup';

const triggerTest = useActiveTrigger();
const { activeTrigger, finishedJobs } = triggerTest;

const withToken = (url: string, token: string | undefined) => {
	const forged = new URL(url);
	if (token === undefined) forged.searchParams.delete('token');
	else forged.searchParams.set('token', token);
	return forged.toString();
};
const nested = (depth: number, leaf: string) =>
	`${'{"x":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
const unknownJob = (i: number) =>
	`j${String(i).padStart(19, '0')}-u1-c1190000000000000001-bot:pika`;

describe('a burst of genuine and forged callbacks at once', () => {
	it('250 genuine + 150 without a valid token + 100 for unknown jobs → 250 executions, one per genuine job', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const genuine = await finishedJobs(250);
		const forgedUrls = [
			withToken(url, undefined),
			withToken(url, 'A'.repeat(43)),
			withToken(url, ''),
			withToken(url, new URL(url).searchParams.get('token')?.slice(0, -2)),
		];
		const calls: Array<Promise<[kind: string, reply: HttpReply]>> = [
			...genuine.map(
				async (job) => ['genuine', await harness.post(url, job)] as [string, HttpReply],
			),
			...Array.from(
				{ length: 150 },
				async (_, i) =>
					['forged', await harness.post(forgedUrls[i % 4], genuine[i])] as [string, HttpReply],
			),
			...Array.from(
				{ length: 100 },
				async (_, i) =>
					['unknown', await harness.post(url, { ...genuine[i], jobid: unknownJob(i) })] as [
						string,
						HttpReply,
					],
			),
		];
		const replies = await Promise.all(calls);
		await harness.idle();

		const statuses = (kind: string) => [
			...new Set(replies.filter(([k]) => k === kind).map(([, reply]) => reply.status)),
		];
		// Verify With API answers before it asks the API: unknown jobs get 200 and start nothing.
		expect([statuses('genuine'), statuses('forged'), statuses('unknown')]).toEqual([
			[200],
			[401],
			[200],
		]);
		const emitted = harness.executions.map((execution) =>
			execution.items.map((item) => item.json.jobid),
		);
		expect(emitted.every((items) => items.length === 1)).toBe(true);
		expect(emitted.flat().sort()).toEqual(genuine.map((job) => job.jobid).sort());
		expect(harness.webhookErrors).toEqual([]);
		// Verify With API: one lookup per token-bearing call; forged calls cost nothing.
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
			Array(350).fill('GET /v1/pika/jobs/'),
		);
	}, 60_000);
});

describe('hostile bodies', () => {
	const bigBody = (bytes: number) =>
		JSON.stringify({
			jobid: unknownJob(1),
			verb: 'pika-create',
			status: 'completed',
			pad: 'x'.repeat(bytes),
		});

	it.each([
		[
			'5 MB JSON with the right token (400)',
			true,
			5 * 1024 * 1024,
			400,
			`Bad request: the body is larger than ${MAX_BODY_BYTES} bytes`,
		],
		['5 MB JSON without the token (401)', false, 5 * 1024 * 1024, 401, 'Unauthorized'],
	])('%s, no execution, no API call', async (_label, tokenOk, bytes, status, error) => {
		const url = await activeTrigger();
		const reply = await triggerTest.setup.harness.post(
			tokenOk ? url : withToken(url, undefined),
			bigBody(bytes),
		);
		expect(reply).toMatchObject({ status, json: { error } });
		expect(triggerTest.setup.harness.executions).toEqual([]);
		expect(triggerTest.setup.sim.requests).toHaveLength(0);
	});

	it('17 MB is refused by n8n itself (413) before the node runs', async () => {
		const url = await activeTrigger();
		const reply = await triggerTest.setup.harness.post(url, bigBody(17 * 1024 * 1024));
		expect(reply.status).toBe(413);
		expect(triggerTest.setup.harness.executions).toEqual([]);
	});

	it('an unknown jobid with Verify With API on → 200, no execution', async () => {
		const url = await activeTrigger();
		const reply = await triggerTest.setup.harness.post(url, {
			jobid: unknownJob(7),
			verb: 'pika-create',
			status: 'completed',
		});
		expect(reply).toMatchObject({ status: 200, json: RECEIVED });
		expect(triggerTest.setup.harness.executions).toEqual([]);
	});

	// 10,000 levels (about 60 kB): JSON.parse takes it, but JSON.stringify and structuredClone
	// overflow the stack on it, so it must never reach the output as posted.
	const deep = (jobid: string) =>
		`{"jobid":"${jobid}","verb":"pika-create","status":"completed","x":${nested(10_000, '1')}}`;

	it.each([
		['an unknown job, Verify With API on', {}, () => Promise.resolve(unknownJob(3))],
		['a genuine job, Verify With API on', {}, async () => String((await finishedJobs(1))[0].jobid)],
		[
			'an unknown job, Verify With API off',
			{ verifyWithApi: false },
			() => Promise.resolve(unknownJob(4)),
		],
	])(
		'deeply nested JSON around %s → 400 before any API call, no execution',
		async (_label, parameters, jobid) => {
			const url = await activeTrigger(parameters);
			const id = await jobid();
			const apiCallsBefore = triggerTest.setup.sim.requests.length;
			const reply = await triggerTest.setup.harness.post(url, deep(id));
			expect(reply).toMatchObject({
				status: 400,
				json: { error: 'Bad request: the body is nested too deeply' },
			});
			expect(triggerTest.setup.sim.requests).toHaveLength(apiCallsBefore);
			expect(triggerTest.setup.harness.executions).toEqual([]);
			expect(triggerTest.setup.harness.webhookErrors).toEqual([]);
		},
	);

	it('"__proto__" and "constructor" keys in a callback pollute nothing', async () => {
		const url = await activeTrigger({ verifyWithApi: false });
		const [job] = await finishedJobs(1);
		const body = `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${JSON.stringify(job).slice(1)}`;
		const reply = await triggerTest.setup.harness.post(url, body);
		expect(reply.status).toBe(200);
		expect(({} as IDataObject).polluted).toBeUndefined();
		expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
		expect(triggerTest.setup.harness.executions).toHaveLength(1);
	});
});

/**
 * Job routes (GET jobs/?jobid=, jobs/cancel/, jobs), the useapi account (/v2/account) and the
 * Pika account configuration (/v1/pika/account[/<channel>]) with the reference's strings.
 */
import FormData from 'form-data';

import { type PikaSimulator } from '../../../tools/simulator/index';
import { freshSimulatorEachTest, getJson, http, postForm, sendJson, startReceiver } from './setup';

const DISCORD = 'MTE.example.discord.value.AbC';
const CHANNEL = '1190000000000000001';

let sim: PikaSimulator;
let base: string;
freshSimulatorEachTest({ jobDurationMs: 60_000, progressAfterMs: 60_000 }, (started, url) => {
	sim = started;
	base = url;
});

async function createJob(extra: Record<string, string> = {}): Promise<string> {
	const form = new FormData();
	form.append('discord', DISCORD);
	form.append('channel', CHANNEL);
	form.append('prompt', 'p');
	for (const [k, v] of Object.entries(extra)) form.append(k, v);
	const res = await postForm(`${base}/v1/pika/create`, form, sim.token);
	expect(res.status).toBe(200);
	return res.json.jobid as string;
}

const get = (path: string) => getJson(`${base}${path}`, sim.token);

describe('GET /v1/pika/jobs/?jobid=', () => {
	it('returns the job (with or without the trailing slash, encoded or not)', async () => {
		const jobid = await createJob();
		const a = await get(`/v1/pika/jobs/?jobid=${encodeURIComponent(jobid)}`);
		expect(a.status).toBe(200);
		expect(a.json).toEqual({ ...sim.job(jobid), code: 200 });
		const b = await get(`/v1/pika/jobs?jobid=${jobid}`);
		expect(b.json.jobid).toBe(jobid);
	});

	it('400 when jobid is missing or empty, 404 when unknown (exact bodies)', async () => {
		for (const path of ['/v1/pika/jobs/', '/v1/pika/jobs/?jobid=']) {
			const res = await get(path);
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ error: 'Query param jobid not provided', code: 400 });
		}
		const res = await get('/v1/pika/jobs/?jobid=j-unknown');
		expect(res.status).toBe(404);
		expect(res.json).toEqual({ error: 'Unable to locate job j-unknown', code: 404 });
	});

	it('GET /v1/pika/jobs lists executing jobids only', async () => {
		const a = await createJob();
		const b = await createJob();
		sim.completeJob(a);
		expect((await get('/v1/pika/jobs')).json).toEqual([b]);
	});
});

describe('GET /v1/pika/jobs/cancel/?jobid=', () => {
	it('cancels an executing job, which becomes terminal and fires its callback', async () => {
		const receiver = await startReceiver();
		try {
			const jobid = await createJob({ replyUrl: `${receiver.url}/hook` });
			const res = await get(`/v1/pika/jobs/cancel/?jobid=${encodeURIComponent(jobid)}`);
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ jobid, status: 'cancelled', code: 200 });
			expect(sim.job(jobid)?.status).toBe('cancelled');
			await sim.flushCallbacks();
			expect(receiver.received.map((r) => r.body.status)).toEqual(['cancelled']);
			// Not executing any more: our (undocumented) choice is 400.
			const again = await get(`/v1/pika/jobs/cancel?jobid=${encodeURIComponent(jobid)}`);
			expect(again.status).toBe(400);
		} finally {
			await receiver.close();
		}
	});

	it('400 / 404 like the job lookup', async () => {
		expect((await get('/v1/pika/jobs/cancel/')).json).toEqual({
			error: 'Query param jobid not provided',
			code: 400,
		});
		expect((await get('/v1/pika/jobs/cancel/?jobid=zz')).json).toEqual({
			error: 'Unable to locate job zz',
			code: 404,
		});
	});
});

describe('/v2/account', () => {
	it('GET returns the account; POST sets and clears the default replyUrl', async () => {
		const account = await get('/v2/account');
		expect(account.status).toBe(200);
		expect(account.json).toEqual({
			email: expect.any(String),
			created: expect.any(String),
			name: expect.any(String),
			verified: true,
			sub: expect.stringMatching(/^\d{6}$/),
			code: 200,
		});
		const set = await sendJson(
			`${base}/v2/account`,
			'POST',
			{ name: 'Me', replyUrl: 'http://127.0.0.1:1/cb' },
			sim.token,
		);
		expect(set.status).toBe(204);
		expect(set.body.length).toBe(0);
		expect((await get('/v2/account')).json).toMatchObject({
			name: 'Me',
			replyUrl: 'http://127.0.0.1:1/cb',
		});
		expect(sim.accountReplyUrl).toBe('http://127.0.0.1:1/cb');
		await sendJson(`${base}/v2/account`, 'POST', { replyUrl: '' }, sim.token);
		expect((await get('/v2/account')).json).not.toHaveProperty('replyUrl');
	});

	it('400 replyUrl is too long; 401 without token', async () => {
		const res = await sendJson(
			`${base}/v2/account`,
			'POST',
			{ replyUrl: `http://x/${'a'.repeat(1020)}` },
			sim.token,
		);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ error: 'replyUrl is too long', code: 400 });
		expect((await getJson(`${base}/v2/account`)).text).toBe('{"error":"Unauthorized","code":401}');
	});
});

describe('/v1/pika/account', () => {
	const post = (channel: string, body: unknown) =>
		sendJson(`${base}/v1/pika/account/${channel}`, 'POST', body, sim.token);

	it('CRUD: 404 when empty, 204 on POST, masked GET, 204 DELETE then 404', async () => {
		expect((await get('/v1/pika/account')).json).toEqual({
			error: 'Configuration not found. To create configuration use pika/account/channel.',
			code: 404,
		});
		const created = await post(CHANNEL, { discord: DISCORD, channel: CHANNEL, maxJobs: 3 });
		expect(created.status).toBe(204);
		expect((await get('/v1/pika/account')).json).toEqual({
			[CHANNEL]: { channel: CHANNEL, discord: 'MTE…secured…AbC', maxJobs: 3 },
		});
		expect((await get(`/v1/pika/account/${CHANNEL}`)).json).toEqual({
			channel: CHANNEL,
			discord: 'MTE…secured…AbC',
			maxJobs: 3,
			code: 200,
		});
		expect(sim.accounts).toEqual([{ discord: DISCORD, channel: CHANNEL, maxJobs: 3 }]);
		const del = await http(`${base}/v1/pika/account/${CHANNEL}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${sim.token}` },
		});
		expect(del.status).toBe(204);
		for (const method of ['GET', 'DELETE']) {
			const res = await http(`${base}/v1/pika/account/${CHANNEL}`, {
				method,
				headers: { authorization: `Bearer ${sim.token}` },
			});
			expect(res.status).toBe(404);
			expect(res.json).toEqual({
				error: 'Configuration not found for provided channel',
				code: 404,
			});
		}
	});

	it('400 strings verbatim', async () => {
		const cases: Array<[string, unknown, string]> = [
			[CHANNEL, { channel: CHANNEL, maxJobs: 1 }, 'Required param discord is missing or empty'],
			[CHANNEL, { discord: DISCORD, maxJobs: 1 }, 'Required param channel is missing or empty'],
			[
				'abc',
				{ discord: DISCORD, channel: 'abc', maxJobs: 1 },
				'Required param channel (abc) is not valid Discord channel id',
			],
			[
				CHANNEL,
				{ discord: DISCORD, channel: '42', maxJobs: 1 },
				`Required param channel (42) not matching to /pika/account/${CHANNEL}`,
			],
			[
				CHANNEL,
				{ discord: DISCORD, channel: CHANNEL },
				'Required param maxJobs is missing or empty',
			],
			[
				CHANNEL,
				{ discord: DISCORD, channel: CHANNEL, maxJobs: 11 },
				"Required param maxJobs 11 can't be more that 10",
			],
		];
		for (const [channel, body, error] of cases) {
			const res = await post(channel, body);
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ error, code: 400 });
		}
		expect((await post(CHANNEL, { discord: DISCORD, channel: CHANNEL, maxJobs: 10 })).status).toBe(
			204,
		);
		// Same token on another channel is refused; re-posting the same channel is an update.
		const dup = await post('42', { discord: DISCORD, channel: '42', maxJobs: 1 });
		expect(dup.json).toEqual({
			error: `Channel ${CHANNEL} configuration has same discord value`,
			code: 400,
		});
		expect((await post(CHANNEL, { discord: DISCORD, channel: CHANNEL, maxJobs: 2 })).status).toBe(
			204,
		);
		expect(sim.accounts[0].maxJobs).toBe(2);
	});

	it('random selection skips accounts without free capacity', async () => {
		sim.configure({ random: () => 0 });
		sim.addAccount({ discord: 'AAA.example.one.AAA', channel: '100', maxJobs: 1 });
		sim.addAccount({ discord: 'BBB.example.two.BBB', channel: '200', maxJobs: 1 });
		const bare = () => {
			const f = new FormData();
			f.append('prompt', 'p');
			return postForm(`${base}/v1/pika/create`, f, sim.token);
		};
		const first = await bare();
		const second = await bare();
		expect([first.json.channel, second.json.channel]).toEqual(['100', '200']);
		const third = await bare();
		expect(third.status).toBe(429);
		expect(third.json).toEqual({
			error: 'Maximum of 2 jobs executing in parallel supported',
			executingJobs: [first.json.jobid, second.json.jobid],
			code: 429,
		});
	});
});

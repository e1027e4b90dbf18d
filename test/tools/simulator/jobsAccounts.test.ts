/**
 * Job routes (GET jobs/?jobid=, jobs/cancel/, jobs), the useapi account (/v2/account) and the
 * Pika account configuration (/v1/pika/account[/<channel>]) with the reference's strings.
 */
import FormData from 'form-data';

import {
	SEED_CHANNEL,
	SEED_DISCORD,
	freshSimulatorEachTest,
	getJson,
	http,
	postForm,
	sendJson,
	startReceiver,
} from './setup';

const fx = freshSimulatorEachTest({ jobDurationMs: 60_000, progressAfterMs: 60_000 });

const get = (path: string) => getJson(`${fx.base}${path}`, fx.sim.token);

describe('GET /v1/pika/jobs/?jobid=', () => {
	it('returns the job (with or without the trailing slash, encoded or not)', async () => {
		const jobid = await fx.seedJob();
		const a = await get(`/v1/pika/jobs/?jobid=${encodeURIComponent(jobid)}`);
		expect(a.status).toBe(200);
		expect(a.json).toEqual({ ...fx.sim.job(jobid), code: 200 });
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
		const a = await fx.seedJob();
		const b = await fx.seedJob();
		fx.sim.completeJob(a);
		expect((await get('/v1/pika/jobs')).json).toEqual([b]);
	});
});

describe('GET /v1/pika/jobs/cancel/?jobid=', () => {
	it('cancels an executing job, which becomes terminal and fires its callback', async () => {
		const receiver = await startReceiver();
		try {
			const jobid = await fx.seedJob({ replyUrl: `${receiver.url}/hook` });
			const res = await get(`/v1/pika/jobs/cancel/?jobid=${encodeURIComponent(jobid)}`);
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ jobid, status: 'cancelled', code: 200 });
			expect(fx.sim.job(jobid)?.status).toBe('cancelled');
			await fx.sim.flushCallbacks();
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
			`${fx.base}/v2/account`,
			'POST',
			{ name: 'Me', replyUrl: 'http://127.0.0.1:1/cb' },
			fx.sim.token,
		);
		expect(set.status).toBe(204);
		expect(set.body.length).toBe(0);
		expect((await get('/v2/account')).json).toMatchObject({
			name: 'Me',
			replyUrl: 'http://127.0.0.1:1/cb',
		});
		expect(fx.sim.accountReplyUrl).toBe('http://127.0.0.1:1/cb');
		await sendJson(`${fx.base}/v2/account`, 'POST', { replyUrl: '' }, fx.sim.token);
		expect((await get('/v2/account')).json).not.toHaveProperty('replyUrl');
	});

	it('400 replyUrl is too long; 401 without token', async () => {
		const res = await sendJson(
			`${fx.base}/v2/account`,
			'POST',
			{ replyUrl: `http://x/${'a'.repeat(1020)}` },
			fx.sim.token,
		);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ error: 'replyUrl is too long', code: 400 });
		expect((await getJson(`${fx.base}/v2/account`)).text).toBe(
			'{"error":"Unauthorized","code":401}',
		);
	});
});

describe('/v1/pika/account', () => {
	const post = (channel: string, body: unknown) =>
		sendJson(`${fx.base}/v1/pika/account/${channel}`, 'POST', body, fx.sim.token);

	it('CRUD: 404 when empty, 204 on POST, masked GET, 204 DELETE then 404', async () => {
		expect((await get('/v1/pika/account')).json).toEqual({
			error: 'Configuration not found. To create configuration use pika/account/channel.',
			code: 404,
		});
		const created = await post(SEED_CHANNEL, {
			discord: SEED_DISCORD,
			channel: SEED_CHANNEL,
			maxJobs: 3,
		});
		expect(created.status).toBe(204);
		expect((await get('/v1/pika/account')).json).toEqual({
			[SEED_CHANNEL]: { channel: SEED_CHANNEL, discord: 'MTE…secured…AbC', maxJobs: 3 },
		});
		expect((await get(`/v1/pika/account/${SEED_CHANNEL}`)).json).toEqual({
			channel: SEED_CHANNEL,
			discord: 'MTE…secured…AbC',
			maxJobs: 3,
			code: 200,
		});
		expect(fx.sim.accounts).toEqual([{ discord: SEED_DISCORD, channel: SEED_CHANNEL, maxJobs: 3 }]);
		const del = await http(`${fx.base}/v1/pika/account/${SEED_CHANNEL}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${fx.sim.token}` },
		});
		expect(del.status).toBe(204);
		for (const method of ['GET', 'DELETE']) {
			const res = await http(`${fx.base}/v1/pika/account/${SEED_CHANNEL}`, {
				method,
				headers: { authorization: `Bearer ${fx.sim.token}` },
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
			[
				SEED_CHANNEL,
				{ channel: SEED_CHANNEL, maxJobs: 1 },
				'Required param discord is missing or empty',
			],
			[
				SEED_CHANNEL,
				{ discord: SEED_DISCORD, maxJobs: 1 },
				'Required param channel is missing or empty',
			],
			[
				'abc',
				{ discord: SEED_DISCORD, channel: 'abc', maxJobs: 1 },
				'Required param channel (abc) is not valid Discord channel id',
			],
			[
				SEED_CHANNEL,
				{ discord: SEED_DISCORD, channel: '42', maxJobs: 1 },
				`Required param channel (42) not matching to /pika/account/${SEED_CHANNEL}`,
			],
			[
				SEED_CHANNEL,
				{ discord: SEED_DISCORD, channel: SEED_CHANNEL },
				'Required param maxJobs is missing or empty',
			],
			[
				SEED_CHANNEL,
				{ discord: SEED_DISCORD, channel: SEED_CHANNEL, maxJobs: 11 },
				"Required param maxJobs 11 can't be more that 10",
			],
		];
		for (const [channel, body, error] of cases) {
			const res = await post(channel, body);
			expect(res.status).toBe(400);
			expect(res.json).toEqual({ error, code: 400 });
		}
		expect(
			(await post(SEED_CHANNEL, { discord: SEED_DISCORD, channel: SEED_CHANNEL, maxJobs: 10 }))
				.status,
		).toBe(204);
		// Same token on another channel is refused; re-posting the same channel is an update.
		const dup = await post('42', { discord: SEED_DISCORD, channel: '42', maxJobs: 1 });
		expect(dup.json).toEqual({
			error: `Channel ${SEED_CHANNEL} configuration has same discord value`,
			code: 400,
		});
		expect(
			(await post(SEED_CHANNEL, { discord: SEED_DISCORD, channel: SEED_CHANNEL, maxJobs: 2 }))
				.status,
		).toBe(204);
		expect(fx.sim.accounts[0].maxJobs).toBe(2);
	});

	it('random selection skips accounts without free capacity', async () => {
		fx.sim.configure({ random: () => 0 });
		fx.sim.addAccount({ discord: 'AAA.example.one.AAA', channel: '100', maxJobs: 1 });
		fx.sim.addAccount({ discord: 'BBB.example.two.BBB', channel: '200', maxJobs: 1 });
		const bare = () => {
			const f = new FormData();
			f.append('prompt', 'p');
			return postForm(`${fx.base}/v1/pika/create`, f, fx.sim.token);
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

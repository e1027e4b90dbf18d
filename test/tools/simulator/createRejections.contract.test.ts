/**
 * Contract tests for POST /v1/pika/create, part 2: the non-400 rejections of
 * the API's create page (useapi.net/docs/api-pika-v1/post-pika-create) — 401, 402, 422 (both variants) and 429 (both cases).
 */
import FormData from 'form-data';

import { FaultPresets } from '../../../tools/simulator/index';
import {
	SEED_CHANNEL,
	SEED_DISCORD,
	freshSimulatorEachTest,
	getJson,
	seedCreateForm,
} from './setup';

const fx = freshSimulatorEachTest({ jobDurationMs: 60_000, progressAfterMs: 60_000 });
const create = fx.create.bind(fx);

describe('401 / 402', () => {
	it('401 with the exact body for a missing or unknown token', async () => {
		for (const token of [null, 'user:1-wrong']) {
			const res = await create(seedCreateForm(), token);
			expect(res.status).toBe(401);
			expect(res.text).toBe('{"error":"Unauthorized","code":401}');
		}
		expect(fx.sim.createdJobCount).toBe(0);
		expect(fx.sim.requests.map((r) => r.auth)).toEqual(['none', 'invalid']);
	});

	it('402 on Pika routes when the subscription is off; /v2/account still answers', async () => {
		fx.sim.configure({ subscriptionActive: false });
		const res = await create(seedCreateForm());
		expect(res.status).toBe(402);
		expect(res.json).toEqual({
			error: 'Account has no subscription or subscription expired',
			code: 402,
		});
		expect((await getJson(`${fx.base}/v1/pika/jobs/?jobid=x`, fx.sim.token)).status).toBe(402);
		expect((await getJson(`${fx.base}/v2/account`, fx.sim.token)).status).toBe(200);
	});
});

describe('422 moderated at submit', () => {
	it('outcome rule rejects the prompt', async () => {
		fx.sim.configure({
			outcome: (s) => (s.fields.prompt.includes('forbidden') ? 'moderated-at-submit' : undefined),
		});
		const res = await create(formWithPrompt('something forbidden'));
		expect(res.status).toBe(422);
		expect(res.json).toEqual({
			error: 'Sorry, your input may be inconsistent with server rules.',
			jobid: expect.any(String),
			status: 'moderated',
			code: 422,
		});
		expect(fx.sim.job(res.json.jobid)?.status).toBe('moderated');
		expect((await create(formWithPrompt('fine'))).status).toBe(200);
	});

	it('--size in the prompt gives the "Invalid parameter" variant', async () => {
		const res = await create(formWithPrompt('waves --size 100'));
		expect(res.status).toBe(422);
		expect(res.json).toEqual({
			error: 'Invalid parameter',
			errorDetails: 'Unrecognized parameter(s): `size`',
			jobid: expect.any(String),
			status: 'moderated',
			code: 422,
		});
		expect(fx.sim.createdJobCount).toBe(1);
	});

	function formWithPrompt(prompt: string) {
		const form = new FormData();
		form.append('prompt', prompt);
		form.append('discord', SEED_DISCORD);
		form.append('channel', SEED_CHANNEL);
		return form;
	}
});

describe('429 Too Many Requests', () => {
	it('case 1: queue full lists the executing jobs', async () => {
		const first = await create(seedCreateForm({ maxJobs: '2' }));
		const second = await create(seedCreateForm({ maxJobs: '2' }));
		const third = await create(seedCreateForm({ maxJobs: '2' }));
		expect(third.status).toBe(429);
		expect(third.json).toEqual({
			error: 'Maximum of 2 jobs executing in parallel supported',
			executingJobs: [first.json.jobid, second.json.jobid],
			code: 429,
		});
		fx.sim.completeJob(first.json.jobid);
		expect((await create(seedCreateForm({ maxJobs: '2' }))).status).toBe(200);
		expect(fx.sim.createdJobCount).toBe(3);
	});

	it('case 1 with a configured account’s maxJobs', async () => {
		fx.sim.addAccount({ discord: SEED_DISCORD, channel: SEED_CHANNEL, maxJobs: 1 });
		const channelOnly = () => {
			const f = new FormData();
			f.append('prompt', 'p');
			f.append('channel', SEED_CHANNEL);
			return f;
		};
		const first = await create(channelOnly());
		const second = await create(channelOnly());
		expect(second.json).toEqual({
			error: 'Maximum of 1 jobs executing in parallel supported',
			executingJobs: [first.json.jobid],
			code: 429,
		});
	});

	it('case 2: Discord rate limit (fault preset) carries retry_after, no executingJobs, no job', async () => {
		fx.sim.injectFault({
			method: 'POST',
			path: '/v1/pika/create',
			fault: FaultPresets.discordRateLimit(10),
		});
		const res = await create(seedCreateForm());
		expect(res.status).toBe(429);
		expect(res.json.error).toBe('Discord /interactions failed with HTTP status 429');
		expect(res.json).not.toHaveProperty('executingJobs');
		expect(JSON.parse(res.json.errorDetails)).toEqual({
			global: true,
			message: 'You are being rate limited.',
			retry_after: 10,
		});
		expect(fx.sim.createdJobCount).toBe(0);
		expect((await create(seedCreateForm())).status).toBe(200);
	});

	it('case 2 with a small retry_after (1 s): the body passes it on as Discord sent it', async () => {
		fx.sim.injectFault({
			method: 'POST',
			path: '/v1/pika/create',
			fault: FaultPresets.discordRateLimit(1),
		});
		const res = await create(seedCreateForm());
		expect(res.status).toBe(429);
		expect(res.json).toEqual({
			error: 'Discord /interactions failed with HTTP status 429',
			errorDetails: '{"global":true,"message":"You are being rate limited.","retry_after":1}',
			code: 429,
		});
		expect(fx.sim.createdJobCount).toBe(0);
	});
});

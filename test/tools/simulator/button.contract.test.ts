/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Contract tests for POST /v1/pika/button, replaying the examples of the API's button page
 * (useapi.net/docs/api-pika-v1/post-pika-button: curl -F, JS, Python).
 */
import FormData from 'form-data';

import { FaultPresets } from '../../../tools/simulator/index';
import { SEED_CHANNEL, SEED_DISCORD, freshSimulatorEachTest, postForm } from './setup';

const OTHER_DISCORD = 'NEW.example.discord.value.XyZ';
const OTHER_CHANNEL = '1190000000000000009';

const fx = freshSimulatorEachTest({ jobDurationMs: 60_000, progressAfterMs: 60_000 });

const createJob = async (
	prompt = 'waves crashing over the sandy beach',
	maxJobs?: string,
): Promise<string> => await fx.seedJob({ prompt, ...(maxJobs ? { maxJobs } : {}) });

async function completedJob(): Promise<string> {
	const jobid = await createJob();
	fx.sim.completeJob(jobid);
	return jobid;
}

function buttonForm(fields: Record<string, string>) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	return form;
}

const press = (fields: Record<string, string>) =>
	postForm(`${fx.base}/v1/pika/button`, buttonForm(fields), fx.sim.token);

describe('200 OK', () => {
	it('curl -F discord, jobid, button: starts a pika-button job on the parent’s channel', async () => {
		const parent = await completedJob();
		const res = await press({ discord: OTHER_DISCORD, jobid: parent, button: 'retry' });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			jobid: expect.any(String),
			verb: 'pika-button',
			status: 'started',
			created: expect.any(String),
			updated: expect.any(String),
			button: 'retry',
			parentJobId: parent,
			discord: 'NEW…secured…XyZ',
			channel: SEED_CHANNEL,
			maxJobs: 10,
			messageId: expect.any(String),
			content: expect.stringContaining(
				'Creation job queued. (Prompt: waves crashing over the sandy beach',
			),
			timestamp: expect.any(String),
			code: 200,
		});
		expect(res.json.jobid).not.toBe(parent);
		expect(fx.sim.createdJobCount).toBe(2);
	});

	it('JS example: fetch + FormData(jobid, button, discord)', async () => {
		const parent = await completedJob();
		const formData = new globalThis.FormData();
		formData.append('jobid', parent);
		formData.append('button', 'retry');
		formData.append('discord', SEED_DISCORD);
		const response = await fetch(`${fx.base}/v1/pika/button`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${fx.sim.token}` },
			body: formData,
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			verb: 'pika-button',
			parentJobId: parent,
			discord: 'MTE…secured…AbC',
		});
	});

	it('Python example, without discord: the configured account’s discord, else the parent’s', async () => {
		const parent = await completedJob();
		const fromParent = await press({ jobid: parent, button: 'retry' });
		expect(fromParent.json.discord).toBe('MTE…secured…AbC');
		fx.sim.completeJob(fromParent.json.jobid);

		fx.sim.addAccount({ discord: 'ACC.example.account.tok', channel: SEED_CHANNEL, maxJobs: 5 });
		const fromAccount = await press({ jobid: parent, button: 'retry', replyRef: 'r1' });
		expect(fromAccount.json).toMatchObject({
			discord: 'ACC…secured…tok',
			maxJobs: 5,
			replyRef: 'r1',
		});
	});

	it('request body sample: discord and channel run the retry with that token on that channel', async () => {
		const parent = await completedJob();
		const res = await press({
			jobid: parent,
			button: 'retry',
			discord: OTHER_DISCORD,
			channel: OTHER_CHANNEL,
		});
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			parentJobId: parent,
			discord: 'NEW…secured…XyZ',
			channel: OTHER_CHANNEL,
		});
	});

	it('channel alone: the retry runs on that configured account, with its discord and maxJobs', async () => {
		const parent = await completedJob();
		fx.sim.addAccount({ discord: 'OTH.example.account.tok', channel: OTHER_CHANNEL, maxJobs: 3 });
		const res = await press({ jobid: parent, button: 'retry', channel: OTHER_CHANNEL });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			discord: 'OTH…secured…tok',
			channel: OTHER_CHANNEL,
			maxJobs: 3,
		});
	});

	it('neither: the retry runs on the parent’s channel with the parent’s discord', async () => {
		const parent = await completedJob();
		const res = await press({ jobid: parent, button: 'retry' });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ discord: 'MTE…secured…AbC', channel: SEED_CHANNEL });
	});

	it('a completed button job can itself be retried, and its video is served', async () => {
		const parent = await completedJob();
		const child = (await press({ jobid: parent, button: 'retry' })).json.jobid as string;
		const done = fx.sim.completeJob(child);
		expect(done.buttons).toEqual(['retry']);
		expect(done.attachments?.[0].content_type).toBe('video/mp4');
		const grandchild = await press({ jobid: child, button: 'retry' });
		expect(grandchild.json.parentJobId).toBe(child);
	});
});

describe('400 / 404 (exact seed strings)', () => {
	const expectError = async (fields: Record<string, string>, status: number, error: string) => {
		const res = await press(fields);
		expect(res.status).toBe(status);
		expect(res.json).toEqual({ error, code: status });
	};

	it('jobid or button missing', async () => {
		const parent = await completedJob();
		await expectError({ button: 'retry' }, 400, 'jobid or button value is missing');
		await expectError({ jobid: parent }, 400, 'jobid or button value is missing');
		await expectError({ jobid: parent, button: '' }, 400, 'jobid or button value is missing');
	});

	it('unsupported button, verbatim "button <button> not supported>"', async () => {
		const parent = await completedJob();
		await expectError({ jobid: parent, button: 'remix' }, 400, 'button remix not supported>');
	});

	it('retry on a job that is not completed is not supported', async () => {
		const running = await createJob();
		await expectError({ jobid: running, button: 'retry' }, 400, 'button retry not supported>');
		fx.sim.finishNow(running, 'failed');
		await expectError({ jobid: running, button: 'retry' }, 400, 'button retry not supported>');
	});

	it('unknown jobid → 404', async () => {
		await expectError({ jobid: 'j-nope', button: 'retry' }, 404, 'Unable to locate job j-nope');
	});

	it('replyRef or replyUrl too long', async () => {
		const parent = await completedJob();
		await expectError(
			{ jobid: parent, button: 'retry', replyRef: 'x'.repeat(1025) },
			400,
			'replyRef or replyUrl is too long',
		);
		await expectError(
			{ jobid: parent, button: 'retry', replyUrl: 'x'.repeat(1025) },
			400,
			'replyRef or replyUrl is too long',
		);
		expect(fx.sim.createdJobCount).toBe(1);
	});
});

describe('401 / 402 / 429', () => {
	it('401 and 402', async () => {
		const noAuth = await postForm(
			`${fx.base}/v1/pika/button`,
			buttonForm({ jobid: 'x', button: 'retry' }),
		);
		expect(noAuth.text).toBe('{"error":"Unauthorized","code":401}');
		fx.sim.configure({ subscriptionActive: false });
		const res = await press({ jobid: 'x', button: 'retry' });
		expect(res.json).toEqual({
			error: 'Account has no subscription or subscription expired',
			code: 402,
		});
	});

	it('queue full on the parent’s channel, with maxJobs override', async () => {
		const parent = await completedJob();
		const running = await createJob('other');
		const res = await press({ jobid: parent, button: 'retry', maxJobs: '1' });
		expect(res.status).toBe(429);
		expect(res.json).toEqual({
			error: 'Maximum of 1 jobs executing in parallel supported',
			executingJobs: [running],
			code: 429,
		});
	});

	it('Discord 429 via fault injection', async () => {
		const parent = await completedJob();
		fx.sim.injectFault({ path: '/v1/pika/button', fault: FaultPresets.discordRateLimit(7) });
		const res = await press({ jobid: parent, button: 'retry' });
		expect(res.status).toBe(429);
		expect(JSON.parse(res.json.errorDetails).retry_after).toBe(7);
		expect(fx.sim.createdJobCount).toBe(1);
	});

	it('Discord 429 with a small retry_after (1 s), as Discord sent it', async () => {
		const parent = await completedJob();
		fx.sim.injectFault({ path: '/v1/pika/button', fault: FaultPresets.discordRateLimit(1) });
		const res = await press({ jobid: parent, button: 'retry' });
		expect(res.status).toBe(429);
		expect(res.json).toEqual({
			error: 'Discord /interactions failed with HTTP status 429',
			errorDetails: '{"global":true,"message":"You are being rate limited.","retry_after":1}',
			code: 429,
		});
		expect(fx.sim.createdJobCount).toBe(1);
	});
});

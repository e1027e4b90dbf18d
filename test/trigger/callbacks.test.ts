/**
 * What the trigger does with a POST: real callbacks from the simulator, forged and malformed
 * requests, filters and verification, answered through n8n-core's WebhookContext on a real
 * HTTP server (the status codes are what the caller receives).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MAX_BODY_BYTES } from '../../nodes/PikaTrigger/callback';
import { maskDiscord } from '../simulator';
import {
	apiCalls,
	FAKE_DISCORD_USER,
	finishAndDeliver,
	registeredUrl,
	startTrigger,
	submitJob,
	type TriggerSetup,
} from './setup';

let setup: TriggerSetup;
afterEach(async () => await setup?.close());

/** An active trigger; returns the registered URL (with its token). */
async function activeTrigger(parameters: INodeParameters = {}): Promise<string> {
	setup = await startTrigger(parameters);
	await setup.harness.activate();
	setup.sim.clearLogs(); // what follows is what the callbacks cost
	return registeredUrl(setup.sim).toString();
}

/** A finished job's JSON as the API has it, without triggering a callback to the trigger. */
async function finishedJobBody(status: 'completed' | 'failed' = 'completed'): Promise<IDataObject> {
	const { sim } = setup;
	const saved = sim.accountReplyUrl;
	sim.accountReplyUrl = undefined;
	const jobid = await submitJob(sim);
	sim.finishNow(jobid, status);
	await sim.flushCallbacks();
	sim.accountReplyUrl = saved;
	sim.clearLogs();
	return { ...sim.job(jobid), code: 200 } as IDataObject;
}

function expectNoExecution(): void {
	expect(setup.harness.executions).toEqual([]);
	expect(setup.harness.webhookErrors).toEqual([]);
}

describe('real callbacks from useapi.net', () => {
	test('a completed job created without replyUrl reaches the trigger as exactly one item', async () => {
		await activeTrigger();
		const { sim, harness } = setup;
		const jobid = await submitJob(sim);
		const callback = await finishAndDeliver(sim, jobid);

		expect(callback.url).toBe(sim.accountReplyUrl);
		expect(callback.responseStatus).toBe(200);
		expect(JSON.parse(callback.responseBody ?? '')).toEqual({ message: 'Workflow was started' });
		expect(harness.executions).toHaveLength(1);
		const [item] = harness.executions[0].items;
		expect(harness.executions[0].items).toHaveLength(1);
		const { trigger, ...job } = item.json;
		expect(job).toEqual({ ...sim.job(jobid), code: 200 });
		expect(job.discord).toBe(maskDiscord(FAKE_DISCORD_USER)); // masked, as the API gives it
		expect(trigger).toEqual({ receivedAt: expect.any(String), verified: true });
		expect(Number.isNaN(Date.parse((trigger as IDataObject).receivedAt as string))).toBe(false);
	});

	test.each([true, false])(
		'no secret reaches the output (Verify With API: %s)',
		async (verifyWithApi) => {
			const url = await activeTrigger({ verifyWithApi });
			const { sim, harness } = setup;
			const token = new URL(url).searchParams.get('token') ?? '';
			// A job whose own replyUrl is the registered URL: the API echoes it inside the job JSON.
			const jobid = await submitJob(sim, 'create', { prompt: 'a fox', replyUrl: url });
			expect((await finishAndDeliver(sim, jobid)).responseStatus).toBe(200);
			expect(sim.job(jobid)?.replyUrl).toContain(token);
			const output = JSON.stringify(harness.executions);
			expect(harness.executions).toHaveLength(1);
			expect(harness.executions[0].items[0].json.replyUrl).toBe(url.replace(token, '[redacted]'));
			expect(output).not.toContain(token);
			expect(output).not.toContain(sim.token);
		},
	);

	test('by default only completed jobs start the workflow; the others are acknowledged', async () => {
		await activeTrigger();
		const { sim } = setup;
		for (const status of ['failed', 'moderated', 'cancelled'] as const) {
			const callback = await finishAndDeliver(sim, await submitJob(sim), status);
			expect(callback.responseStatus).toBe(200);
			expect(JSON.parse(callback.responseBody ?? '')).toEqual({
				message: `Ignored: status "${status}" is not selected`,
			});
		}
		expectNoExecution();
		// Filtered on the posted body first: no verification call is spent on them.
		expect(apiCalls(sim).filter((call) => call.startsWith('GET'))).toEqual([]);
	});

	test('without Verify With API the filters apply to the posted body', async () => {
		const url = await activeTrigger({ verifyWithApi: false });
		const failed = await finishedJobBody('failed');
		const reply = await setup.harness.post(url, failed);
		expect(reply).toMatchObject({
			status: 200,
			json: { message: 'Ignored: status "failed" is not selected' },
		});
		expectNoExecution();
	});

	test('selected statuses start the workflow', async () => {
		await activeTrigger({ statuses: ['failed', 'cancelled'] });
		const { sim, harness } = setup;
		await finishAndDeliver(sim, await submitJob(sim), 'completed');
		await finishAndDeliver(sim, await submitJob(sim), 'failed');
		await finishAndDeliver(sim, await submitJob(sim), 'cancelled');
		expect(harness.executions.map((e) => e.items[0].json.status)).toEqual(['failed', 'cancelled']);
	});

	test('the job-type filter keeps only the selected verbs', async () => {
		await activeTrigger({ verbs: ['pika-encrypt_text', 'pika-button'] });
		const { sim, harness } = setup;
		const created = await submitJob(sim);
		const ignored = await finishAndDeliver(sim, created);
		expect(JSON.parse(ignored.responseBody ?? '')).toEqual({
			message: 'Ignored: job type "pika-create" is not selected',
		});
		await finishAndDeliver(
			sim,
			await submitJob(sim, 'encrypt_text', { message: 'hi', prompt: 'neon sign' }),
		);
		await finishAndDeliver(
			sim,
			await submitJob(sim, 'button', { jobid: created, button: 'retry' }),
		);
		expect(harness.executions.map((e) => e.items[0].json.verb)).toEqual([
			'pika-encrypt_text',
			'pika-button',
		]);
	});

	test.each([
		['exact', 'campaign-7', ['campaign-7']],
		['prefix', 'campaign-', ['campaign-7', 'campaign-8']],
	])('the replyRef filter (%s)', async (replyRefMatch, replyRef, expected) => {
		await activeTrigger({ options: { replyRef, replyRefMatch } });
		const { sim, harness } = setup;
		for (const ref of ['campaign-7', 'campaign-8', 'other']) {
			await finishAndDeliver(
				sim,
				await submitJob(sim, 'create', { prompt: 'a fox', replyRef: ref }),
			);
		}
		await finishAndDeliver(sim, await submitJob(sim)); // no replyRef at all
		expect(harness.executions.map((e) => e.items[0].json.replyRef)).toEqual(expected);
	});

	test('callbacks of other useapi.net services are acknowledged and dropped without an API call', async () => {
		const url = await activeTrigger();
		const { sim, harness } = setup;
		sim.clearLogs();
		const reply = await harness.post(url, {
			jobid: 'j1234-midjourney',
			verb: 'midjourney-imagine',
			status: 'completed',
		});
		expect(reply).toMatchObject({ status: 200, json: { message: 'Ignored: not a Pika job' } });
		expectNoExecution();
		expect(sim.requests).toHaveLength(0);
	});
});

describe('authenticity', () => {
	test.each([
		['without a token', (url: string) => `${new URL(url).origin}${new URL(url).pathname}`],
		[
			'with a wrong token',
			(url: string) =>
				url.replace(/token=[^&]+/, 'token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
		],
		['with a truncated token', (url: string) => url.slice(0, -1)],
		['with an empty token', (url: string) => url.replace(/token=[^&]+/, 'token=')],
	])('a forged callback %s gets 401, no execution and no API call', async (_, forge) => {
		const url = await activeTrigger({ verifyWithApi: false });
		const { sim, harness } = setup;
		const body = await finishedJobBody();
		const reply = await harness.post(forge(url), body);
		expect(reply).toMatchObject({ status: 401, json: { error: 'Unauthorized' } });
		expectNoExecution();
		expect(sim.requests).toHaveLength(0);
	});

	test('the token of the production registration is not accepted once it is gone', async () => {
		const url = await activeTrigger({ verifyWithApi: false });
		const { harness } = setup;
		const body = await finishedJobBody();
		await harness.deactivate();
		await harness.activate();
		expect((await harness.post(url, body)).status).toBe(401);
		expectNoExecution();
	});

	test('Verify With API rejects a jobid the API does not know', async () => {
		const url = await activeTrigger();
		const { sim, harness } = setup;
		const body = {
			...(await finishedJobBody()),
			jobid: 'j0000000000000-u1-c1190000000000000001-bot:pika',
		};
		const reply = await harness.post(url, body);
		expect(reply).toMatchObject({
			status: 401,
			json: { error: 'Unauthorized: useapi.net does not know this jobid' },
		});
		expectNoExecution();
		expect(apiCalls(sim)).toEqual(['GET /v1/pika/jobs/']);
	});

	test('Verify With API emits the API’s copy, not the posted body', async () => {
		const url = await activeTrigger();
		const { harness } = setup;
		const genuine = await finishedJobBody();
		const forged = {
			...genuine,
			prompt: 'forged prompt',
			attachments: [{ url: 'http://evil.example/x.mp4' }],
		};
		expect((await harness.post(url, forged)).status).toBe(200);
		const { trigger, ...job } = harness.executions[0].items[0].json;
		expect(job).toEqual(genuine);
		expect(trigger).toMatchObject({ verified: true });
	});

	test('Verify With API rejects an answer about another job', async () => {
		const url = await activeTrigger();
		const { sim, harness } = setup;
		const genuine = await finishedJobBody();
		const other = { ...genuine, jobid: 'j9999999999999-u1-c1190000000000000001-bot:pika' };
		sim.injectFault({ path: '/v1/pika/jobs', fault: { status: 200, body: genuine } });
		const reply = await harness.post(url, other);
		expect(reply.status).toBe(401);
		expectNoExecution();
	});

	test('Verify With API filters on the API’s status, not the posted one', async () => {
		const url = await activeTrigger();
		const { harness } = setup;
		const failed = await finishedJobBody('failed');
		const reply = await harness.post(url, { ...failed, status: 'completed' });
		expect(reply).toMatchObject({
			status: 200,
			json: { message: 'Ignored: status "failed" is not selected' },
		});
		expectNoExecution();
	});

	test('without Verify With API the posted body is emitted as it came', async () => {
		const url = await activeTrigger({ verifyWithApi: false });
		const { sim, harness } = setup;
		const body = { ...(await finishedJobBody()), prompt: 'as posted' };
		expect((await harness.post(url, body)).status).toBe(200);
		expect(harness.executions[0].items[0].json).toEqual({
			...body,
			trigger: { receivedAt: expect.any(String), verified: false },
		});
		expect(sim.requests).toHaveLength(0);
	});

	test('an API failure while verifying surfaces as a failed webhook call, without secrets', async () => {
		const url = await activeTrigger();
		const { sim, harness } = setup;
		const body = await finishedJobBody();
		sim.injectFault({
			path: '/v1/pika/jobs',
			fault: {
				status: 402,
				body: { error: 'Account has no subscription or subscription expired', code: 402 },
			},
		});
		const reply = await harness.post(url, body);
		expect(reply.status).toBe(500);
		expect(harness.executions).toEqual([]);
		expect(harness.webhookErrors).toHaveLength(1);
		const [error] = harness.webhookErrors as NodeApiError[];
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('402');
		expect(JSON.stringify(error) + error.message).not.toContain(sim.token);
		expect(JSON.stringify(error) + error.message).not.toContain(
			new URL(url).searchParams.get('token'),
		);
	});

	test('Manual registration accepts the plain production URL and still verifies', async () => {
		setup = await startTrigger({ registration: 'manual' });
		const { sim, harness } = setup;
		await harness.activate();
		expect(sim.accountReplyUrl).toBeUndefined();
		const jobid = await submitJob(sim, 'create', {
			prompt: 'a fox',
			replyUrl: harness.webhookUrl('production'),
		});
		expect((await finishAndDeliver(sim, jobid)).responseStatus).toBe(200);
		expect(harness.executions.map((e) => e.items[0].json.jobid)).toEqual([jobid]);
		const forged = await harness.post(harness.webhookUrl('production'), {
			jobid: 'j1-unknown',
			verb: 'pika-create',
			status: 'completed',
		});
		expect(forged.status).toBe(401);
		expect(harness.executions).toHaveLength(1);
	});
});

describe('malformed bodies get 400 and start nothing', () => {
	test.each([
		['text that is not JSON', 'not json at all', 'text/plain', 'the body is not a JSON object'],
		[
			'no content type and not JSON',
			'<xml/>',
			'application/octet-stream',
			'the body is not a JSON object',
		],
		['an empty body', '', 'application/json', 'the body is not a JSON object'],
		['a JSON array', '[{"jobid":"j1"}]', 'application/json', 'the body is not a JSON object'],
		['a JSON string', '"j1"', 'application/json', 'the body is not a JSON object'],
		[
			'JSON without jobid',
			'{"status":"completed","verb":"pika-create"}',
			'application/json',
			'the body has no jobid',
		],
		[
			'a jobid that is not a string',
			'{"jobid":42,"verb":"pika-create"}',
			'application/json',
			'the body has no jobid',
		],
		[
			'a jobid with URL syntax',
			'{"jobid":"../v2/account?x=1","verb":"pika-create"}',
			'application/json',
			'the jobid is not valid',
		],
		[
			'an oversized body',
			JSON.stringify({ jobid: 'j1', verb: 'pika-create', pad: 'x'.repeat(MAX_BODY_BYTES) }),
			'application/json',
			`the body is larger than ${MAX_BODY_BYTES} bytes`,
		],
	])('%s', async (_, body, contentType, problem) => {
		const url = await activeTrigger();
		const reply = await setup.harness.post(url, body, contentType);
		expect(reply).toMatchObject({ status: 400, json: { error: `Bad request: ${problem}` } });
		expectNoExecution();
		expect(setup.sim.requests).toHaveLength(0);
	});

	test('a JSON body sent as text/plain is still read', async () => {
		const url = await activeTrigger();
		const body = await finishedJobBody();
		expect((await setup.harness.post(url, JSON.stringify(body), 'text/plain')).status).toBe(200);
		expect(setup.harness.executions).toHaveLength(1);
	});

	test('broken JSON sent as application/json is refused by n8n itself (422) before the node runs', async () => {
		const url = await activeTrigger();
		const reply = await setup.harness.post(url, '{"jobid":', 'application/json');
		expect(reply.status).toBe(422);
		expectNoExecution();
	});

	test('the token is checked before the body is looked at', async () => {
		const url = await activeTrigger();
		const reply = await setup.harness.post(
			url.replace(/token=[^&]+/, 'token=nope'),
			'not json',
			'text/plain',
		);
		expect(reply.status).toBe(401);
	});
});

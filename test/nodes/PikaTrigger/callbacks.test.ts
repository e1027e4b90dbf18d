/**
 * What the trigger does with a POST: real callbacks from the simulator, filters, and
 * malformed bodies, answered through n8n-core's WebhookContext on a real HTTP server (the
 * status codes are what the caller receives).
 */
import type { IDataObject } from 'n8n-workflow';

import { MAX_BODY_BYTES, RECEIVED } from '../../../nodes/PikaTrigger/callback';
import { maskDiscord } from '../../../tools/simulator';
import {
	apiCalls,
	FAKE_DISCORD_USER,
	finishAndDeliver,
	submitJob,
	useActiveTrigger,
} from './setup';

const triggerTest = useActiveTrigger();
const { activeTrigger, finishedJobBody, expectNoExecution } = triggerTest;

describe('real callbacks from useapi.net', () => {
	test('a completed job created without replyUrl reaches the trigger as exactly one item', async () => {
		await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const jobid = await submitJob(sim);
		const callback = await finishAndDeliver({ sim, harness }, jobid);

		expect(callback.url).toBe(sim.accountReplyUrl);
		expect(callback.responseStatus).toBe(200);
		expect(JSON.parse(callback.responseBody ?? '')).toEqual(RECEIVED);
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
			const { sim, harness } = triggerTest.setup;
			const token = new URL(url).searchParams.get('token') ?? '';
			// A job whose own replyUrl is the registered URL: the API echoes it inside the job JSON.
			const jobid = await submitJob(sim, 'create', { prompt: 'a fox', replyUrl: url });
			expect((await finishAndDeliver({ sim, harness }, jobid)).responseStatus).toBe(200);
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
		const { sim, harness } = triggerTest.setup;
		for (const status of ['failed', 'moderated', 'cancelled'] as const) {
			const callback = await finishAndDeliver({ sim, harness }, await submitJob(sim), status);
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
		const reply = await triggerTest.setup.harness.post(url, failed);
		expect(reply).toMatchObject({
			status: 200,
			json: { message: 'Ignored: status "failed" is not selected' },
		});
		expectNoExecution();
	});

	test('selected statuses start the workflow', async () => {
		await activeTrigger({ statuses: ['failed', 'cancelled'] });
		const { sim, harness } = triggerTest.setup;
		await finishAndDeliver({ sim, harness }, await submitJob(sim), 'completed');
		await finishAndDeliver({ sim, harness }, await submitJob(sim), 'failed');
		await finishAndDeliver({ sim, harness }, await submitJob(sim), 'cancelled');
		expect(harness.executions.map((e) => e.items[0].json.status)).toEqual(['failed', 'cancelled']);
	});

	test('the job-type filter keeps only the selected verbs', async () => {
		await activeTrigger({ verbs: ['pika-encrypt_text', 'pika-button'] });
		const { sim, harness } = triggerTest.setup;
		const created = await submitJob(sim);
		const ignored = await finishAndDeliver({ sim, harness }, created);
		expect(JSON.parse(ignored.responseBody ?? '')).toEqual({
			message: 'Ignored: job type "pika-create" is not selected',
		});
		await finishAndDeliver(
			{ sim, harness },
			await submitJob(sim, 'encrypt_text', { message: 'hi', prompt: 'neon sign' }),
		);
		await finishAndDeliver(
			{ sim, harness },
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
		const { sim, harness } = triggerTest.setup;
		for (const ref of ['campaign-7', 'campaign-8', 'other']) {
			await finishAndDeliver(
				{ sim, harness },
				await submitJob(sim, 'create', { prompt: 'a fox', replyRef: ref }),
			);
		}
		await finishAndDeliver({ sim, harness }, await submitJob(sim)); // no replyRef at all
		expect(harness.executions.map((e) => e.items[0].json.replyRef)).toEqual(expected);
	});

	test('callbacks of other useapi.net services are acknowledged and dropped without an API call', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
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
		const reply = await triggerTest.setup.harness.post(url, body, contentType);
		expect(reply).toMatchObject({ status: 400, json: { error: `Bad request: ${problem}` } });
		expectNoExecution();
		expect(triggerTest.setup.sim.requests).toHaveLength(0);
	});

	test('a JSON body sent as text/plain is still read', async () => {
		const url = await activeTrigger();
		const body = await finishedJobBody();
		expect(
			(await triggerTest.setup.harness.post(url, JSON.stringify(body), 'text/plain')).status,
		).toBe(200);
		expect(triggerTest.setup.harness.executions).toHaveLength(1);
	});

	test('broken JSON sent as application/json is refused by n8n itself (422) before the node runs', async () => {
		const url = await activeTrigger();
		const reply = await triggerTest.setup.harness.post(url, '{"jobid":', 'application/json');
		expect(reply.status).toBe(422);
		expectNoExecution();
	});

	test('the token is checked before the body is looked at', async () => {
		const url = await activeTrigger();
		const reply = await triggerTest.setup.harness.post(
			url.replace(/token=[^&]+/, 'token=nope'),
			'not json',
			'text/plain',
		);
		expect(reply.status).toBe(401);
	});
});

/**
 * Who may start the trigger: the registration token and Verify With API, against forged
 * callbacks, through n8n-core's WebhookContext on a real HTTP server.
 */
import { NodeApiError } from 'n8n-workflow';

import { RECEIVED } from '../../../nodes/PikaTrigger/callback';
import { RETIRED_TOKEN_GRACE_MS } from '../../../nodes/PikaTrigger/secret';
import { loggedMessages } from '../../../tools/n8n-core/n8nContainer';
import {
	apiCalls,
	finishAndDeliver,
	registeredUrl,
	shiftClock,
	submitJob,
	useActiveTrigger,
	useShiftedClock,
} from './setup';

const triggerTest = useActiveTrigger();
useShiftedClock();
const { activeTrigger, finishedJobBody, expectNoExecution } = triggerTest;

describe('authenticity', () => {
	test.each([
		['without a token', (url: string) => `${new URL(url).origin}${new URL(url).pathname}`],
		[
			'with a wrong token',
			(url: string) =>
				url.replace(/token=[^&]+/, 'token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
		],
		[
			'with a truncated token',
			(url: string) =>
				url.replace(/token=([^&]+)/, (_, token: string) => `token=${token.slice(0, -1)}`),
		],
		['with an empty token', (url: string) => url.replace(/token=[^&]+/, 'token=')],
	])('a forged callback %s gets 401, no execution and no API call', async (_, forge) => {
		const url = await activeTrigger({ verifyWithApi: false });
		const { sim, harness } = triggerTest.setup;
		const body = await finishedJobBody();
		const reply = await harness.post(forge(url), body);
		expect(reply).toMatchObject({ status: 401, json: { error: 'Unauthorized' } });
		expectNoExecution();
		expect(sim.requests).toHaveLength(0);
	});

	test('a token retired longer than the grace time gets 401 before any API call', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const body = await finishedJobBody();
		await harness.deactivate();
		shiftClock(RETIRED_TOKEN_GRACE_MS + 1000);
		await harness.activate();
		expect(registeredUrl(sim).searchParams.get('token')).not.toBe(
			new URL(url).searchParams.get('token'),
		);
		sim.clearLogs();
		expect((await harness.post(url, body)).status).toBe(401);
		expectNoExecution();
		expect(sim.requests).toHaveLength(0);
	});

	test('Verify With API answers first, then drops a jobid the API does not know', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const body = {
			...(await finishedJobBody()),
			jobid: 'j0000000000000-u1-c1190000000000000001-bot:pika',
		};
		const reply = await harness.post(url, body);
		expect(reply).toMatchObject({ status: 200, json: RECEIVED });
		expectNoExecution();
		expect(apiCalls(sim)).toEqual(['GET /v1/pika/jobs/']);
		expect(loggedMessages).toContainEqual({
			level: 'warn',
			message: `Pika Trigger: ignored a callback for jobid ${body.jobid as string}, which useapi.net does not know`,
		});
	});

	test('Verify With API emits the API’s copy, not the posted body', async () => {
		const url = await activeTrigger();
		const { harness } = triggerTest.setup;
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

	test('Verify With API drops a callback when the API answers about another job', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const genuine = await finishedJobBody();
		const other = { ...genuine, jobid: 'j9999999999999-u1-c1190000000000000001-bot:pika' };
		sim.injectFault({ path: '/v1/pika/jobs', fault: { status: 200, body: genuine } });
		const reply = await harness.post(url, other);
		expect(reply.status).toBe(200);
		expectNoExecution();
	});

	test('Verify With API filters on the API’s status, not the posted one', async () => {
		const url = await activeTrigger();
		const { harness } = triggerTest.setup;
		const failed = await finishedJobBody('failed');
		const reply = await harness.post(url, { ...failed, status: 'completed' });
		expect(reply).toMatchObject({ status: 200, json: RECEIVED });
		expectNoExecution();
	});

	test('without Verify With API the posted body is emitted as it came', async () => {
		const url = await activeTrigger({ verifyWithApi: false });
		const { sim, harness } = triggerTest.setup;
		const body = { ...(await finishedJobBody()), prompt: 'as posted' };
		expect((await harness.post(url, body)).status).toBe(200);
		expect(harness.executions[0].items[0].json).toEqual({
			...body,
			trigger: { receivedAt: expect.any(String), verified: false },
		});
		expect(sim.requests).toHaveLength(0);
	});

	test('an API failure while verifying: answered 200, then a failed webhook call without secrets', async () => {
		const url = await activeTrigger();
		const { sim, harness } = triggerTest.setup;
		const body = await finishedJobBody();
		sim.injectFault({
			path: '/v1/pika/jobs',
			fault: {
				status: 402,
				body: { error: 'Account has no subscription or subscription expired', code: 402 },
			},
		});
		const reply = await harness.post(url, body);
		expect(reply).toMatchObject({ status: 200, json: RECEIVED });
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
		await triggerTest.start({ registration: 'manual' });
		const { sim, harness } = triggerTest.setup;
		await harness.activate();
		expect(sim.accountReplyUrl).toBeUndefined();
		const jobid = await submitJob(sim, 'create', {
			prompt: 'a fox',
			replyUrl: harness.webhookUrl('production'),
		});
		expect((await finishAndDeliver({ sim, harness }, jobid)).responseStatus).toBe(200);
		expect(harness.executions.map((e) => e.items[0].json.jobid)).toEqual([jobid]);
		const forged = await harness.post(harness.webhookUrl('production'), {
			jobid: 'j1-unknown',
			verb: 'pika-create',
			status: 'completed',
		});
		expect(forged.status).toBe(200);
		expect(harness.executions).toHaveLength(1);
	});
});

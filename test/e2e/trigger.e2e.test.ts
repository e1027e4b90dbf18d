/**
 * The Pika Trigger inside a real n8n (Automatic registration, Verify With API on): activation
 * points the simulator's account default Reply URL at n8n's production webhook with a token;
 * a finished job reaches n8n as exactly one execution; forged callbacks are refused; after a
 * SIGKILL and a restart the registration is still live and deactivation still restores the
 * value from before; the server logs hold no secret.
 */
import { createSimulator } from '../../tools/simulator';
import { triggerProductionUrl, triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { leaksInLogs, logBytes } from '../../tools/n8n-server/logSecrets';
import {
	listExecutions,
	waitForPublication,
	type ExecutionSummary,
} from '../../tools/n8n-server/n8nApi';
import { executionOutput } from '../../tools/n8n-server/runData';
import { callbackBody, postJson, submitCreate } from '../../tools/n8n-server/simJobs';

import { useN8n } from './setup';

const TRIGGER_ID = 'pikaE2eTrigger01';
const WEBHOOK_ID = 'b7a4c1d2-6e3f-4a5b-8c9d-0e1f2a3b4c5d';
/** What the useapi.net account pointed at before n8n (must come back on deactivation). */
const PREVIOUS_REPLY_URL = 'http://127.0.0.1:9/before-n8n/pika-callbacks?ref=previous';
const SECRETS = {
	apiToken: 'user:4242-e2e-trigger-api-token-7f3a9c',
	accountDiscord: 'MTE4e2eTrigger.account.discord.token.A1b2C3',
	credentialDiscord: 'MTE4e2eTrigger.credential.discord.token.D4e5F6',
};

/**
 * What n8n (1.123 and 2.41 alike) answers a callback with under Verify With API: the node's
 * own answer, sent before it asks the API about the job.
 */
const RECEIVED_BODY = JSON.stringify({ message: 'Received' });

// Jobs run until the test completes them: callbacks happen exactly when a test says so.
const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	jobDurationMs: Number.POSITIVE_INFINITY,
	progressAfterMs: Number.POSITIVE_INFINITY,
	accountReplyUrl: PREVIOUS_REPLY_URL,
	accounts: [{ discord: SECRETS.accountDiscord, channel: '1190000000000000011', maxJobs: 10 }],
});
const fx = useN8n(sim, {
	// Debug logging: the log check at the end then covers everything n8n is willing to log.
	env: { N8N_LOG_LEVEL: 'debug' },
	discord: { discordToken: SECRETS.credentialDiscord, discordChannel: '1190000000000000012' },
	workflows: () => [triggerWorkflow(TRIGGER_ID, 'e2e: Pika Trigger', WEBHOOK_ID)],
});
const productionUrl = () => triggerProductionUrl(fx.n8n.baseUrl, WEBHOOK_ID);
/** Registered URLs (with their tokens), in order: the log check looks for the tokens too. */
const registered: string[] = [];

const tokenOf = (url: string): string => new URL(url).searchParams.get('token') ?? '';

/** Finished executions of the trigger workflow, with run data, oldest first. */
async function finishedExecutions(): Promise<ExecutionSummary[]> {
	const list = await listExecutions(fx.n8n, TRIGGER_ID, { includeData: true });
	return list.filter((e) => e.stoppedAt).sort((a, b) => Number(a.id) - Number(b.id));
}

async function waitForExecutions(count: number): Promise<ExecutionSummary[]> {
	return await sim.waitFor(
		async () => {
			const list = await finishedExecutions();
			return list.length >= count ? list : undefined;
		},
		60_000,
		250,
	);
}

const jobidOf = (execution: ExecutionSummary): unknown =>
	executionOutput(execution, 'Pika Trigger')[0]?.json.jobid;

/**
 * Activates the workflow and waits until n8n has applied it: n8n 2.x does so in the
 * background (a publication outbox), after the API call has answered. Killing n8n while it
 * is at it leaves the outbox record claimed: the next change of that workflow then waits
 * for the claim to expire (N8N_WORKFLOW_PUBLICATION_OUTBOX_LEASE_SECONDS, 2 min).
 */
async function activateAndWaitForRegistration(): Promise<string> {
	await fx.n8n.activate(TRIGGER_ID);
	expect(await waitForPublication(fx.n8n, TRIGGER_ID)).toMatch(
		/^(published|applied synchronously)$/,
	);
	const url = sim.accountReplyUrl ?? '';
	registered.push(url);
	return url;
}

/** Deactivates and waits until n8n has applied it. */
async function deactivateAndSettle(): Promise<void> {
	await fx.n8n.deactivate(TRIGGER_ID);
	await waitForPublication(fx.n8n, TRIGGER_ID);
}

/** Creates a job without Reply URL and completes it; returns its jobid once its callback is answered. */
async function finishJobWithoutReplyUrl(prompt: string): Promise<string> {
	const jobid = await submitCreate(sim, prompt);
	expect(sim.job(jobid)?.replyUrl).toBeUndefined();
	sim.completeJob(jobid);
	await sim.flushCallbacks();
	return jobid;
}

describe('Pika Trigger, Automatic registration, in a real n8n', () => {
	test('activation sets the account Reply URL to the production webhook URL with a token', async () => {
		sim.clearLogs();
		const url = await activateAndWaitForRegistration();
		expect(url.startsWith(`${productionUrl()}?token=`)).toBe(true);
		expect(tokenOf(url)).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits, base64url
		const calls = sim.requests.map((r) => `${r.method} ${r.path} ${r.auth} ${r.status}`);
		expect(calls).toEqual(['GET /v2/account valid 200', 'POST /v2/account valid 204']);
		expect(sim.requests[1].json).toEqual({ replyUrl: url });
	});

	test('a job created without Reply URL completes → exactly one execution, its item is the job', async () => {
		const jobid = await finishJobWithoutReplyUrl('A heron lifting off a misty lake');
		const [callback] = sim.callbacks.filter((c) => c.jobid === jobid);
		expect(callback).toMatchObject({
			url: registered[0],
			status: 'completed',
			responseStatus: 200,
		});
		expect(callback.responseBody).toBe(RECEIVED_BODY);

		const executions = await waitForExecutions(1);
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ status: 'success', mode: 'webhook' });
		const [item] = executionOutput(executions[0], 'Pika Trigger');
		const { trigger, ...job } = item.json as { trigger: { verified: boolean; receivedAt: string } };
		expect(job).toMatchObject({ ...sim.job(jobid), status: 'completed' });
		expect(trigger.verified).toBe(true);
		expect(Number.isNaN(Date.parse(trigger.receivedAt))).toBe(false);
		// The item carries no secret: the Discord token is masked, the registration token absent.
		expect(JSON.stringify(item.json)).not.toContain(tokenOf(registered[0]));
		expect(JSON.stringify(item.json)).not.toContain(SECRETS.accountDiscord);
	});

	test('forged callbacks get 401, another service’s callback 200: none starts an execution', async () => {
		// A real, completed job whose own callback goes elsewhere (nothing listens on port 9).
		const forgedJob = await submitCreate(sim, 'A forged callback target', {
			replyUrl: 'http://127.0.0.1:9/elsewhere',
		});
		sim.completeJob(forgedJob);
		await sim.flushCallbacks();
		const body = callbackBody(sim, forgedJob);
		const token = tokenOf(registered[0]);
		const forged = [
			productionUrl(),
			`${productionUrl()}?token=`,
			`${productionUrl()}?token=${'A'.repeat(43)}`,
			`${productionUrl()}?token=${token.slice(0, -1)}`,
			`${productionUrl()}?tok=${token}`,
		];
		for (const url of forged) {
			const answer = await postJson(url, body);
			expect({ url, status: answer.status, body: answer.text }).toEqual({
				url,
				status: 401,
				body: '{"error":"Unauthorized"}',
			});
		}
		// A callback of another useapi.net service: acknowledged (200), no execution.
		const other = await postJson(registered[0], { ...body, verb: 'midjourney-imagine' });
		expect({ status: other.status, body: other.text }).toEqual({
			status: 200,
			body: '{"message":"Ignored: not a Pika job"}',
		});
		// The right token with a jobid useapi.net does not know: answered before the API is
		// asked, then dropped once it said so.
		const unknown = await postJson(registered[0], { ...body, jobid: `${forgedJob}x` });
		expect({ status: unknown.status, body: unknown.text }).toEqual({
			status: 200,
			body: RECEIVED_BODY,
		});

		// A genuine callback after the forged ones: once its execution is there, n8n has handled
		// every earlier request, so two executions in all means the forged ones started none.
		const jobid = await finishJobWithoutReplyUrl('A lantern drifting down a river');
		const executions = await waitForExecutions(2);
		expect(executions.map(jobidOf)).toEqual([expect.any(String), jobid]);
		expect(executions.map(jobidOf)).not.toContain(forgedJob);
	});

	test('the API failing while it verifies: the callback is answered 200, the failure is a failed execution', async () => {
		const before = (await finishedExecutions()).length;
		const apiError = 'Account has no subscription or subscription expired';
		sim.injectFault({
			method: 'GET',
			path: '/v1/pika/jobs',
			fault: { status: 402, body: { error: apiError, code: 402 } },
		});
		const failed = await submitCreate(sim, 'A paid job the API cannot confirm');
		sim.completeJob(failed);
		await sim.flushCallbacks();
		const callback = sim.callbacks.find((c) => c.jobid === failed);
		expect({ status: callback?.responseStatus, body: callback?.responseBody }).toEqual({
			status: 200,
			body: RECEIVED_BODY,
		});
		const [execution] = (await waitForExecutions(before + 1)).slice(before);
		expect(execution.status).toBe('error');
		expect(JSON.stringify(execution.data)).toContain(apiError);

		// n8n goes on serving callbacks.
		const jobid = await finishJobWithoutReplyUrl('A heron after the outage');
		const next = (await waitForExecutions(before + 2)).slice(before + 1);
		expect(next.map((e) => [e.status, jobidOf(e)])).toEqual([['success', jobid]]);
	});

	test('deactivation puts the previous Reply URL back', async () => {
		await deactivateAndSettle();
		expect(sim.accountReplyUrl).toBe(PREVIOUS_REPLY_URL);
		// The old URL is gone from n8n (a probe without jobid would get 400 while it exists).
		const late = await sim.waitFor(
			async () => {
				const answer = await postJson(registered[0], { probe: true });
				return answer.status === 400 ? undefined : answer;
			},
			30_000,
			250,
		);
		expect(late.status).toBe(404);
	});
});

describe('re-activation after n8n was killed', () => {
	test('SIGKILL, restart: the account still points at the live URL and deactivation restores the original', async () => {
		const url = await activateAndWaitForRegistration();
		expect(url.startsWith(`${productionUrl()}?token=`)).toBe(true);
		// The same webhook URL keeps its token: jobs created before still call back with it.
		expect(tokenOf(url)).toBe(tokenOf(registered[0]));

		await fx.n8n.kill(); // no deactivation, no webhook `delete` runs
		expect(sim.accountReplyUrl).toBe(url);
		sim.clearLogs();
		await fx.n8n.start(); // the workflow is still active in n8n's database
		// Until n8n has re-added the workflow's webhooks, the URL answers 404; then the node
		// answers a body without jobid with 400 (and no execution).
		const probe = await sim.waitFor(
			async () => {
				const answer = await postJson(url, { probe: true });
				return answer.status === 404 ? undefined : answer;
			},
			60_000,
			250,
		);
		expect(probe.status).toBe(400);

		// The live URL works with the token from before the kill.
		const before = (await finishedExecutions()).length;
		const jobid = await finishJobWithoutReplyUrl('A kite over dunes after a restart');
		const executions = await waitForExecutions(before + 1);
		expect(executions.map(jobidOf).slice(before)).toEqual([jobid]);
		// Nothing re-registered since the restart (n8n 2.x serves the stored webhook without
		// asking the node; n8n 1.x asks, and the node only reads the account).
		expect(sim.accountReplyUrl).toBe(url);
		const accountCalls = sim.requests.filter((r) => r.path === '/v2/account');
		expect(accountCalls.filter((r) => r.method !== 'GET')).toEqual([]);
		fx.n8n.note(`restart after SIGKILL: ${accountCalls.length} GET /v2/account, no POST`);

		await deactivateAndSettle();
		expect(sim.accountReplyUrl).toBe(PREVIOUS_REPLY_URL);
	});
});

describe('n8n server logs', () => {
	test('hold neither the API token nor the Discord tokens (nor the registration tokens)', () => {
		expect(logBytes(fx.n8n)).toBeGreaterThan(10_000); // debug logs of two server runs and the CLI
		const secrets: Record<string, string> = { ...SECRETS };
		registered.forEach((url, i) => (secrets[`registrationToken${i + 1}`] = tokenOf(url)));
		expect(leaksInLogs(fx.n8n, secrets)).toEqual([]);
	});
});

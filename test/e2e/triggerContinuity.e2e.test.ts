/**
 * The Pika Trigger in a real n8n loses no finished job when its workflow is re-published with
 * a changed filter, listened to ("Listen for test event") or killed and restarted while jobs
 * run: useapi.net keeps the reply URL (and its token) a job was created with and calls it
 * once. A second workflow's Automatic trigger on the same account is refused, naming the
 * first. After the final deactivation the account holds the user's own Reply URL again.
 */
import { createSimulator } from '../../tools/simulator';
import { triggerProductionUrl, triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { leaksInLogs } from '../../tools/n8n-server/logSecrets';
import {
	listExecutions,
	runFromEditor,
	waitForPublication,
	type ExecutionSummary,
} from '../../tools/n8n-server/n8nApi';
import { executionOutput } from '../../tools/n8n-server/runData';
import { postJson, submitCreate } from '../../tools/n8n-server/simJobs';
import type { WorkflowJson } from '../../tools/n8n-server/workflows';

import { useN8n } from './setup';

const FIRST = { id: 'pikaE2eContinue1', webhookId: '3f1d2c4b-5a69-4e7d-8c1b-2a3b4c5d6e7f' };
const SECOND = { id: 'pikaE2eContinue2', webhookId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d' };
const PREVIOUS_REPLY_URL = 'http://127.0.0.1:9/before-n8n/pika-callbacks';
const API_TOKEN = 'user:4343-e2e-continuity-api-token-91be';

const sim = createSimulator({
	tokens: [API_TOKEN],
	jobDurationMs: Number.POSITIVE_INFINITY, // jobs end when a test says so
	progressAfterMs: Number.POSITIVE_INFINITY,
	accountReplyUrl: PREVIOUS_REPLY_URL,
	accounts: [
		{ discord: 'MTE4continuity.discord.token.Z9y8', channel: '1190000000000000021', maxJobs: 10 },
	],
});
const workflows = {
	first: triggerWorkflow(FIRST.id, 'e2e: Pika Trigger, first', FIRST.webhookId),
	second: triggerWorkflow(SECOND.id, 'e2e: Pika Trigger, second', SECOND.webhookId),
};
const fx = useN8n(sim, {
	env: { N8N_LOG_LEVEL: 'debug' },
	workflows: () => [workflows.first, workflows.second],
});
/** Every jobid whose callback must start exactly one execution of the first workflow. */
const expectedJobids: string[] = [];

const tokenOf = (url: string | undefined): string =>
	new URL(url ?? 'http://invalid').searchParams.get('token') ?? '';

async function publish(workflowId: string): Promise<string> {
	await fx.n8n.activate(workflowId);
	return await waitForPublication(fx.n8n, workflowId);
}

/** The user changes the trigger's Statuses and publishes again (PUT the workflow, then publish). */
async function republishWithStatuses(statuses: string[]): Promise<void> {
	const changed: WorkflowJson = structuredClone(workflows.first);
	changed.nodes[0].parameters = { ...changed.nodes[0].parameters, statuses };
	const { name, nodes, connections, settings } = changed;
	const put = await fx.n8n.http('PUT', `/api/v1/workflows/${FIRST.id}`, {
		auth: 'apiKey',
		body: { name, nodes, connections, settings },
	});
	if (put.status !== 200) throw new Error(`update: ${put.status} ${put.text.slice(0, 300)}`);
	expect(await publish(FIRST.id)).toMatch(/^(published|applied synchronously)$/);
}

/** Jobs created now without a Reply URL: each keeps the account default of this moment. */
async function createJobs(count: number, label: string): Promise<string[]> {
	const jobids: string[] = [];
	for (let i = 0; i < count; i++) jobids.push(await submitCreate(sim, `${label} ${i}`));
	return jobids;
}

/** Ends the jobs (the last one failed) and returns how their callbacks were answered. */
async function finishAll(jobids: string[]): Promise<number[]> {
	jobids.forEach((jobid, i) =>
		sim.finishNow(jobid, i === jobids.length - 1 ? 'failed' : 'completed'),
	);
	await sim.flushCallbacks();
	return jobids.map((jobid) => sim.callbacks.find((c) => c.jobid === jobid)?.responseStatus ?? 0);
}

/** Finished executions of the first workflow, and the jobid each one started with. */
async function executedJobids(): Promise<unknown[]> {
	const list: ExecutionSummary[] = await listExecutions(fx.n8n, FIRST.id, { includeData: true });
	return list
		.filter((e) => e.stoppedAt)
		.map((e) => executionOutput(e, 'Pika Trigger')[0]?.json.jobid)
		.sort();
}

/** Waits until every expected job has its execution (and checks there are no others). */
async function expectOneExecutionPerJob(): Promise<void> {
	const wanted = [...expectedJobids].sort();
	const seen = await sim.waitFor(
		async () => {
			const ids = await executedJobids();
			return ids.length >= wanted.length ? ids : undefined;
		},
		60_000,
		250,
	);
	expect(seen).toEqual(wanted);
}

describe('no finished job lost, none run twice', () => {
	test('re-publish with a changed filter: jobs created before it run once each', async () => {
		expect(await publish(FIRST.id)).toMatch(/^(published|applied synchronously)$/);
		const registered = sim.accountReplyUrl;
		expect(
			registered?.startsWith(`${triggerProductionUrl(fx.n8n.baseUrl, FIRST.webhookId)}?token=`),
		).toBe(true);
		const before = await createJobs(3, 'Created before the re-publish');

		sim.clearLogs();
		await republishWithStatuses(['completed', 'failed']);
		// n8n ran delete (the previous value back) and create (the same URL and token again).
		const account = sim.requests.filter((r) => r.path === '/v2/account');
		expect(account.map((r) => `${r.method} ${r.status}`)).toEqual([
			'GET 200',
			'POST 204',
			'GET 200',
			'POST 204',
		]);
		expect(
			account.map((r) => (r.json as { replyUrl?: string } | undefined)?.replyUrl).filter(Boolean),
		).toEqual([PREVIOUS_REPLY_URL, registered]);
		expect(sim.accountReplyUrl).toBe(registered);

		const after = await createJobs(1, 'Created after the re-publish');
		expect(await finishAll([...before, ...after])).toEqual([200, 200, 200, 200]);
		expectedJobids.push(...before, ...after);
		await expectOneExecutionPerJob();
	});

	test('"Listen for test event" while active: production jobs from before still run once each', async () => {
		const production = sim.accountReplyUrl;
		const before = await createJobs(2, 'Created before the test listen');
		const run = await runFromEditor(fx.n8n, FIRST.id, 'Pika Trigger');
		expect({ status: run.status, waiting: run.body.data?.waitingForWebhook }).toEqual({
			status: 200,
			waiting: true,
		});
		expect(sim.accountReplyUrl).toContain(`/webhook-test/${FIRST.webhookId}/webhook?token=`);
		const stop = await fx.n8n.http('DELETE', `/rest/test-webhook/${FIRST.id}`);
		expect(stop.status).toBe(200);
		// n8n deregisters the test webhook in the background, after answering.
		await sim.waitFor(() => sim.accountReplyUrl === production, 30_000, 100);

		expect(await finishAll(before)).toEqual([200, 200]);
		expectedJobids.push(...before);
		await expectOneExecutionPerJob();
	});

	test('SIGKILL and restart of n8n: jobs created before the kill run once each', async () => {
		const registered = sim.accountReplyUrl;
		const before = await createJobs(2, 'Created before the kill');
		await fx.n8n.kill();
		await fx.n8n.start();
		// Until n8n has re-added the webhook the URL answers 404; then a body without jobid gets 400.
		await sim.waitFor(
			async () =>
				(await postJson(registered!, { probe: true })).status === 400 ? true : undefined,
			60_000,
			250,
		);
		expect(sim.accountReplyUrl).toBe(registered);
		expect(await finishAll(before)).toEqual([200, 200]);
		expectedJobids.push(...before);
		await expectOneExecutionPerJob();
	});
});

describe('two Automatic Pika Triggers on one account', () => {
	test('publishing the second fails, naming the first workflow; the account is untouched', async () => {
		const registered = sim.accountReplyUrl;
		sim.clearLogs();
		const message = `The default Reply URL of this useapi.net account belongs to the Pika Trigger of workflow ${FIRST.id}`;
		const refusal = await fx.n8n.activate(SECOND.id).then(
			() => 'accepted',
			(error: Error) => error.message,
		);
		if ((await waitForPublication(fx.n8n, SECOND.id)) === 'applied synchronously') {
			expect(refusal).toContain(message); // n8n 1.x: the activation call fails with it
		} else {
			// n8n 2.x: the API accepts, the publication fails and shows the error on the trigger.
			const status = await fx.n8n.http<{ data?: { triggers?: Array<{ errorMessage?: string }> } }>(
				'GET',
				`/rest/workflows/${SECOND.id}/publication-status`,
			);
			expect(status.body.data?.triggers?.map((t) => t.errorMessage)).toEqual([message]);
		}
		expect(sim.accountReplyUrl).toBe(registered);
		expect(sim.requests.filter((r) => r.method === 'POST')).toEqual([]);

		// The first still receives its jobs.
		const jobids = await createJobs(1, 'Created while the second was refused');
		expect(await finishAll(jobids)).toEqual([200]);
		expectedJobids.push(...jobids);
		await expectOneExecutionPerJob();
	});
});

describe('final deactivation', () => {
	test('puts the user’s original Reply URL back; a later callback gets n8n’s 404', async () => {
		const registered = sim.accountReplyUrl;
		const [late] = await createJobs(1, 'Finishes after deactivation');
		await fx.n8n.deactivate(FIRST.id);
		await waitForPublication(fx.n8n, FIRST.id);
		expect(sim.accountReplyUrl).toBe(PREVIOUS_REPLY_URL);
		expect(tokenOf(registered)).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(await finishAll([late])).toEqual([404]);
		expect(await executedJobids()).toEqual([...expectedJobids].sort());
	});

	test('the server logs hold neither the API token nor the registration token', () => {
		const token = tokenOf(
			sim.callbacks.find((c) => c.url.includes(`/webhook/${FIRST.webhookId}/`))?.url,
		);
		expect(token).not.toBe('');
		expect(leaksInLogs(fx.n8n, { apiToken: API_TOKEN, registrationToken: token })).toEqual([]);
	});
});

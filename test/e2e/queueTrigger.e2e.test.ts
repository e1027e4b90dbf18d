/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * The Pika Trigger in n8n's queue mode (tools/n8n-server/queueCluster.ts: main, webhook processor, two
 * workers, PostgreSQL, Redis). Main registers the trigger (Automatic, Verify With API on);
 * callbacks go to the webhook processor, which checks them against the node's static data in
 * the database and enqueues them; the workers run the executions. A 500-callback burst, forged
 * callbacks, and a main killed and restarted. Every claim is read from the simulator, n8n's
 * public API, the workers' logs and the database.
 */
import { createSimulator } from '../../tools/simulator';
import { triggerProductionUrl, triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { leaksInLogs } from '../../tools/n8n-server/logSecrets';
import { listExecutions, type ExecutionSummary } from '../../tools/n8n-server/n8nApi';
import { sql } from '../../tools/n8n-server/queueServices';
import { executionOutput } from '../../tools/n8n-server/runData';
import {
	callbackBody,
	postBurst,
	postJson,
	seedCompletedJobs,
	statusCounts,
	submitCreate,
	tenAccounts,
} from '../../tools/n8n-server/simJobs';

import { useQueueCluster } from './setup';

const TRIGGER_ID = 'pikaQueueTrigger';
const WEBHOOK_ID = 'd9c6e3f4-8a51-4c7d-8e1f-2a3b4c5d6e7f';
const PREVIOUS_REPLY_URL = 'http://127.0.0.1:9/before-n8n/queue-mode?ref=previous';
const BURST = { callbacks: 500, concurrency: 50 };
const SECRETS = {
	apiToken: 'user:4747-e2e-queue-trigger-token-3c5e7a',
	accountDiscord: 'MTE4e2eQueue.account.discord.token.S1t2U3',
};

// Jobs finish when a test completes them, so each callback happens when a test says so.
const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	jobDurationMs: Number.POSITIVE_INFINITY,
	progressAfterMs: Number.POSITIVE_INFINITY,
	accountReplyUrl: PREVIOUS_REPLY_URL,
	accounts: tenAccounts(SECRETS.accountDiscord, '11900000000000007'),
});
let burstJobids: string[] = [];
let registeredUrl = '';
const fx = useQueueCluster(sim, {
	workflows: () => [triggerWorkflow(TRIGGER_ID, 'e2e: queue trigger', WEBHOOK_ID)],
	beforeStart: async () => {
		// The burst's jobs are completed while no Reply URL is set: none calls back by itself.
		sim.accountReplyUrl = undefined;
		burstJobids = await seedCompletedJobs(sim, BURST.callbacks);
		sim.accountReplyUrl = PREVIOUS_REPLY_URL;
	},
});

const productionUrl = () => triggerProductionUrl(fx.cluster.webhookBaseUrl, WEBHOOK_ID);

/** Finished executions (with their data unless `includeData` is false), polled until `count`. */
async function finishedExecutions(
	count: number,
	timeoutMs = 60_000,
	includeData = true,
): Promise<ExecutionSummary[]> {
	return await sim.waitFor(
		async () => {
			const list = (await listExecutions(fx.cluster.main, TRIGGER_ID, { includeData })).filter(
				(e) => e.stoppedAt,
			);
			return list.length >= count ? list : undefined;
		},
		timeoutMs,
		500,
	);
}

/** Executions of the trigger workflow as PostgreSQL holds them (what the public API reads). */
async function executionRows(): Promise<number> {
	const [count] = await sql(
		fx.cluster.database,
		`select count(*) from execution_entity where "workflowId" = '${TRIGGER_ID}'`,
	);
	return Number(count);
}

/** Completes a job created without Reply URL; resolves once its callback was answered. */
async function finishJob(prompt: string): Promise<{ jobid: string; status: number }> {
	const jobid = await submitCreate(sim, prompt);
	sim.completeJob(jobid);
	await sim.flushCallbacks();
	const [callback] = sim.callbacks.filter((c) => c.jobid === jobid);
	return { jobid, status: callback.responseStatus ?? 0 };
}

const jobidOf = (e: ExecutionSummary) => String(executionOutput(e, 'Pika Trigger')[0]?.json.jobid);

describe('Pika Trigger in queue mode (main, webhook processor, 2 workers)', () => {
	test('activation on main registers exactly once, with the webhook processor’s URL', async () => {
		sim.clearLogs();
		await fx.cluster.setActive(TRIGGER_ID, true);
		registeredUrl = sim.accountReplyUrl ?? '';
		expect(registeredUrl.startsWith(`${productionUrl()}?token=`)).toBe(true);
		// The webhook processor and the workers serve the workflow without registering again.
		await new Promise((r) => setTimeout(r, 3_000));
		const calls = sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
		expect(calls).toEqual(['GET /v2/account 200', 'POST /v2/account 204']);
		const rows = await sql(
			fx.cluster.database,
			`select method, "webhookPath" from webhook_entity where "workflowId" = '${TRIGGER_ID}'`,
		);
		expect(rows).toEqual([`POST|${WEBHOOK_ID}/webhook`]);
	});

	test('callbacks go to the webhook processor and run on the workers; main serves no production webhook', async () => {
		const jobs = [];
		for (const prompt of ['A tram at dusk', 'A tide pool', 'A dune at noon', 'A lit window'])
			jobs.push(await finishJob(prompt));
		expect(jobs.map((j) => j.status)).toEqual([200, 200, 200, 200]);
		expect(sim.callbacks.every((c) => c.url === registeredUrl)).toBe(true);
		const executions = await finishedExecutions(jobs.length);
		expect(executions.map((e) => [e.status, e.mode])).toEqual(
			jobs.map(() => ['success', 'webhook']),
		);
		expect(executions.map(jobidOf).sort()).toEqual(jobs.map((j) => j.jobid).sort());
		const shares = fx.cluster.workerShares(executions.map((e) => e.id));
		expect(shares['no worker']).toBeUndefined();
		fx.cluster.main.note(`queue mode: 4 callbacks ran on ${JSON.stringify(shares)}`);
		// Main has production webhooks switched off: the same callback there is not served.
		const atMain = await postJson(
			`${triggerProductionUrl(fx.cluster.main.baseUrl, WEBHOOK_ID)}?token=x`,
			callbackBody(sim, jobs[0].jobid),
		);
		expect(atMain.status).toBe(404);
		expect(await executionRows()).toBe(jobs.length);
	});

	test('forged callbacks get 401 at the webhook processor, an unknown jobid 200: none starts anything', async () => {
		const before = await executionRows();
		const body = callbackBody(sim, burstJobids[0]);
		const token = new URL(registeredUrl).searchParams.get('token') ?? '';
		for (const url of [
			productionUrl(),
			`${productionUrl()}?token=${'A'.repeat(43)}`,
			`${productionUrl()}?token=${token.slice(0, -1)}`,
		]) {
			const answer = await postJson(url, body);
			expect({ url, status: answer.status, body: answer.text }).toEqual({
				url,
				status: 401,
				body: '{"error":"Unauthorized"}',
			});
		}
		// The right token, a jobid useapi.net does not know: answered first (Verify With API),
		// then dropped once the API said so.
		expect((await postJson(registeredUrl, { ...body, jobid: `${body.jobid}x` })).status).toBe(200);
		const genuine = await finishJob('A genuine callback after forged ones');
		expect(genuine.status).toBe(200);
		const executions = await finishedExecutions(before + 1);
		expect(executions).toHaveLength(before + 1);
		expect(executions.map(jobidOf)).not.toContain(burstJobids[0]);
	});

	test(`burst: ${BURST.callbacks} genuine callbacks, ${BURST.concurrency} at a time → exactly ${BURST.callbacks} executions on the workers`, async () => {
		const before = await listExecutions(fx.cluster.main, TRIGGER_ID);
		sim.clearLogs();
		const bodies = burstJobids.map((jobid) => callbackBody(sim, jobid));
		const burst = await postBurst(registeredUrl, bodies, BURST.concurrency);
		const statuses = statusCounts(burst.results);
		expect(statuses).toEqual({ 200: BURST.callbacks });

		const finished = await finishedExecutions(before.length + BURST.callbacks, 600_000, false);
		const seenBefore = new Set(before.map((e) => e.id));
		const fresh = (await listExecutions(fx.cluster.main, TRIGGER_ID, { includeData: true })).filter(
			(e) => !seenBefore.has(e.id),
		);
		const counts = new Map<string, number>();
		for (const jobid of fresh.map(jobidOf)) counts.set(jobid, (counts.get(jobid) ?? 0) + 1);
		expect({
			executions: fresh.length,
			rows: (await executionRows()) - before.length,
			lost: burstJobids.filter((jobid) => !counts.has(jobid)).length,
			duplicates: [...counts.values()].filter((n) => n > 1).length,
			failed: fresh.filter((e) => e.status !== 'success').length,
		}).toEqual({
			executions: BURST.callbacks,
			rows: BURST.callbacks,
			lost: 0,
			duplicates: 0,
			failed: 0,
		});
		// Verify With API: one read of the job per callback, from the webhook processor.
		expect(sim.requests.filter((r) => r.path === '/v1/pika/jobs/')).toHaveLength(BURST.callbacks);
		const shares = fx.cluster.workerShares(fresh.map((e) => e.id));
		expect(shares['no worker']).toBeUndefined();

		const answeredMs = Math.max(...burst.results.map((r) => r.answeredAtMs));
		const stoppedMs =
			Math.max(...finished.map((e) => Date.parse(e.stoppedAt ?? ''))) - burst.startedAt;
		const rate = (ms: number) => ((BURST.callbacks * 1000) / ms).toFixed(0);
		fx.cluster.main.note(
			`queue-mode burst (n8n ${fx.cluster.main.installation.version}, 1 webhook processor, 2 workers): ` +
				`${BURST.callbacks} callbacks, concurrency ${BURST.concurrency}: all 200 in ${(answeredMs / 1000).toFixed(1)} s ` +
				`(${rate(answeredMs)}/s accepted); last execution finished ${(stoppedMs / 1000).toFixed(1)} s after the first send ` +
				`(${rate(stoppedMs)}/s); 0 lost, 0 duplicates; by worker ${JSON.stringify(shares)}`,
		);
	});

	test('main killed (SIGKILL) and started again: nothing registered twice, callbacks keep working', async () => {
		sim.clearLogs();
		const before = (await listExecutions(fx.cluster.main, TRIGGER_ID)).length;
		await fx.cluster.main.kill();
		// With main down, the webhook processor and the workers still take callbacks.
		const whileDown = await finishJob('A callback while main is down');
		expect(whileDown.status).toBe(200);
		await fx.cluster.main.start();
		const after = await finishJob('A callback after main came back');
		expect(after.status).toBe(200);
		const executions = await finishedExecutions(before + 2);
		expect(executions).toHaveLength(before + 2);
		const newest = (await listExecutions(fx.cluster.main, TRIGGER_ID, { includeData: true }))
			.filter((e) => e.stoppedAt)
			.sort((a, b) => Number(b.id) - Number(a.id))
			.slice(0, 2);
		expect(newest.map(jobidOf).sort()).toEqual([whileDown.jobid, after.jobid].sort());
		expect(newest.every((e) => e.status === 'success')).toBe(true);
		expect(sim.accountReplyUrl).toBe(registeredUrl);
		const writes = sim.requests.filter((r) => r.path === '/v2/account' && r.method !== 'GET');
		expect(writes).toEqual([]);
		const rows = await sql(
			fx.cluster.database,
			`select count(*) from webhook_entity where "workflowId" = '${TRIGGER_ID}'`,
		);
		expect(rows).toEqual(['1']);
	});

	test('deactivation on main puts the previous Reply URL back; no process logged a secret', async () => {
		await fx.cluster.setActive(TRIGGER_ID, false);
		expect(sim.accountReplyUrl).toBe(PREVIOUS_REPLY_URL);
		const token = new URL(registeredUrl).searchParams.get('token') ?? '';
		const discord = Object.fromEntries(sim.accounts.map((a, n) => [`discord${n}`, a.discord]));
		expect(
			leaksInLogs(fx.cluster.main, {
				apiToken: SECRETS.apiToken,
				registrationToken: token,
				...discord,
			}),
		).toEqual([]);
	});

	test('stopping the cluster leaves no process, database or Redis key behind', async () => {
		await fx.cluster.stop();
		expect(await fx.cluster.leftovers()).toEqual({ processes: [], databases: [], redisKeys: [] });
	});
});

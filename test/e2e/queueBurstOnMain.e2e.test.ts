/**
 * Queue mode with production webhooks served by main (no webhook processor; two workers run
 * the executions), with the settings the docs recommend: BURST_SETTINGS (docs/pika-trigger.md),
 * and the cluster's QUEUE_JOB_RETENTION and database tuning (docs/queue-mode.md). 200 jobs finish at
 * the same moment: every callback is POSTed at once to main, each with a 5 s client deadline
 * (useapi.net calls once, never retries). Every one must be answered 200 in time and run
 * exactly once on a worker: 0 lost, 0 duplicates, and every execution in the database also in
 * main's executions list (main leaves out the ones it still holds as running). Then n8n's own
 * Webhook node gets the same burst in the same cluster, as the baseline. Both come after the
 * cluster's first burst, which goes to the Webhook node with no client deadline.
 */
import { createSimulator } from '../../tools/simulator';
import {
	triggerProductionUrl,
	triggerWorkflow,
	webhookBaselineWorkflow,
} from '../../tools/n8n-server/callbackWorkflows';
import { leaksInLogs } from '../../tools/n8n-server/logSecrets';
import {
	listExecutions,
	settledExecutions,
	type ExecutionSummary,
} from '../../tools/n8n-server/n8nApi';
import { BURST_SETTINGS, QUEUE_JOB_RETENTION } from '../../tools/n8n-server/n8nEnv';
import { sql } from '../../tools/n8n-server/queueServices';
import { executionOutput } from '../../tools/n8n-server/runData';
import {
	callbackBody,
	postAllAtOnce,
	postJson,
	seedCompletedJobs,
	statusCounts,
	tally,
	tenAccounts,
} from '../../tools/n8n-server/simJobs';

import { useQueueCluster } from './setup';

const TRIGGER_ID = 'pikaQueueOnMain';
const WEBHOOK_ID = 'f2e3d4c5-b6a7-4988-99aa-bbccddeeff00';
const BASELINE_ID = 'hookQueueOnMain';
const BASELINE_PATH = 'e2e-queue-on-main-baseline';
const CALLBACKS = 200;
const DEADLINE_MS = 5_000;
/**
 * Callbacks handled one by one to each workflow first, as jobs finishing over time would be:
 * right after n8n starts, its first burst is far slower (docs/pika-trigger.md, "Keeping up with
 * bursts"); the cluster's first burst then goes to the Webhook node without a client deadline.
 */
const WARM_UP = 10;
const SECRETS = {
	apiToken: 'user:4949-e2e-queue-on-main-token-6e8a0c',
	accountDiscord: 'MTE4e2eOnMain.account.discord.token.Y7z8A9',
};

const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	accounts: tenAccounts(SECRETS.accountDiscord, '11900000000000006'),
});
let jobids: string[] = [];
const fx = useQueueCluster(
	sim,
	{
		// Version 1.1, as n8n inserts the node (see burstAtOnce.e2e.test.ts for why it matters).
		workflows: () => [
			triggerWorkflow(TRIGGER_ID, 'e2e: queue mode, webhooks on main', WEBHOOK_ID, 1.1),
			webhookBaselineWorkflow(
				BASELINE_ID,
				'e2e: queue mode, webhooks on main, baseline',
				BASELINE_PATH,
			),
		],
		beforeStart: async () => {
			jobids = await seedCompletedJobs(sim, WARM_UP + CALLBACKS);
		},
		activate: [TRIGGER_ID, BASELINE_ID],
		env: BURST_SETTINGS,
	},
	{ webhooksOnMain: true },
);

/**
 * Every body POSTed at once to `url`, each with `deadlineMs`; the burst's executions once
 * settled, with the jobid each one received, and those of the workflow's executions in the
 * database that main's list leaves out (main leaves out what it still holds as running).
 */
async function burstTo(
	url: string,
	workflowId: string,
	jobidOf: (e: ExecutionSummary) => string,
	deadlineMs = DEADLINE_MS,
) {
	const before = await listExecutions(fx.cluster.main, workflowId);
	const burst = jobids.slice(WARM_UP);
	const answers = await postAllAtOnce(
		url,
		burst.map((jobid) => callbackBody(sim, jobid)),
		deadlineMs,
	);
	const statuses = statusCounts(answers);
	const listed = await settledExecutions(fx.cluster.main, workflowId, before.length + CALLBACKS);
	const stored = await sql(
		fx.cluster.database,
		`select id || ':' || status from execution_entity where "workflowId" = '${workflowId}'`,
	);
	const executions = listed.filter((e) => !before.some((b) => b.id === e.id));
	return {
		statuses,
		last: Math.max(...answers.map((a) => a.ms)),
		executions,
		counts: { executions: executions.length, ...tally(burst, executions.map(jobidOf)) },
		notListed: stored.filter((row) => !listed.some((e) => `${e.id}:${e.status}` === row)),
	};
}

const pikaJobid = (e: ExecutionSummary) =>
	String(executionOutput(e, 'Pika Trigger')[0]?.json.jobid);
const hookJobid = (e: ExecutionSummary) =>
	String((executionOutput(e, 'Webhook')[0]?.json.body as { jobid?: string }).jobid);
const baselineUrl = () => `${fx.cluster.main.baseUrl}/webhook/${BASELINE_PATH}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const expected = {
	statuses: { 200: CALLBACKS },
	counts: { executions: CALLBACKS, lost: [], duplicates: [], strangers: [] },
	notListed: [],
};
let pikaLast = 0;

describe(`queue mode, webhooks on main: ${CALLBACKS} completions at once, ${DEADLINE_MS / 1000} s deadline`, () => {
	test('warm-up: callbacks one by one to both, then the cluster’s first burst (Webhook node, no deadline): each runs once and is listed', async () => {
		const url = sim.accountReplyUrl ?? '';
		expect(fx.cluster.webhook).toBeUndefined();
		expect(
			url.startsWith(`${triggerProductionUrl(fx.cluster.main.baseUrl, WEBHOOK_ID)}?token=`),
		).toBe(true);
		for (const jobid of jobids.slice(0, WARM_UP)) {
			expect((await postJson(url, callbackBody(sim, jobid), DEADLINE_MS)).status).toBe(200);
			expect((await postJson(baselineUrl(), callbackBody(sim, jobid), DEADLINE_MS)).status).toBe(
				200,
			);
		}
		for (const id of [TRIGGER_ID, BASELINE_ID]) {
			const warm = await settledExecutions(fx.cluster.main, id, WARM_UP);
			expect(warm.map((e) => e.status)).toEqual(Array<string>(WARM_UP).fill('success'));
		}
		// Right after start n8n answers a burst far more slowly (docs/pika-trigger.md): here the
		// answers are only timed, so that no request is cut off, and the bursts below are warm.
		const run = await burstTo(baselineUrl(), BASELINE_ID, hookJobid, 120_000);
		const { statuses, counts, notListed } = run;
		expect({ statuses, counts, notListed }).toEqual(expected);
		fx.cluster.main.note(
			`queue mode, webhooks on main: the first burst after start (Webhook node, no deadline), the last answered after ${seconds(run.last)}`,
		);
	});

	test('Pika Trigger: every callback is answered 200 in time and runs exactly once on a worker', async () => {
		const run = await burstTo(sim.accountReplyUrl ?? '', TRIGGER_ID, pikaJobid);
		const { statuses, counts, notListed } = run;
		expect({ statuses, counts, notListed }).toEqual(expected);
		expect(run.executions.every((e) => e.status === 'success')).toBe(true);
		const shares = fx.cluster.workerShares(run.executions.map((e) => e.id));
		expect(shares['no worker']).toBeUndefined();
		pikaLast = run.last;
		fx.cluster.main.note(
			`queue mode, webhooks on main (${JSON.stringify({ ...BURST_SETTINGS, ...QUEUE_JOB_RETENTION })}): ` +
				`Pika Trigger, ${CALLBACKS} callbacks at once, all answered 200, the last after ${seconds(run.last)}; ` +
				`executions by worker ${JSON.stringify(shares)}; 0 lost, 0 duplicates, all listed`,
		);
	});

	test('n8n’s Webhook node, the same burst after it: every request answered 200 in time, one execution each', async () => {
		const run = await burstTo(baselineUrl(), BASELINE_ID, hookJobid);
		const { statuses, counts, notListed } = run;
		expect({ statuses, counts, notListed }).toEqual(expected);
		expect(run.executions.every((e) => e.status === 'success')).toBe(true);
		fx.cluster.main.note(
			`queue mode, webhooks on main: Webhook node, ${CALLBACKS} requests at once, the last answered after ` +
				`${seconds(run.last)} (the Pika Trigger's burst before it: ${seconds(pikaLast)}); 0 lost, 0 duplicates, all listed`,
		);
	});

	test('no process logged a secret', async () => {
		const discordTokens = Object.fromEntries(
			sim.accounts.map((a, n) => [`discord${n}`, a.discord]),
		);
		expect(leaksInLogs(fx.cluster.main, { apiToken: SECRETS.apiToken, ...discordTokens })).toEqual(
			[],
		);
	});
});

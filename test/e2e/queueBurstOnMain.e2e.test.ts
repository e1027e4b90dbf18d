/**
 * Queue mode with production webhooks served by main (no webhook processor; two workers run
 * the executions), with the settings docs/pika-trigger.md recommends (BURST_SETTINGS, plus the
 * cluster's database tuning). 200 jobs finish at the same moment: every callback is POSTed at
 * once to main, each with a 5 s client deadline (useapi.net calls once, never retries). Every
 * one must be answered 200 in time and run exactly once on a worker: 0 lost, 0 duplicates.
 */
import { createSimulator } from '../../tools/simulator';
import { triggerProductionUrl, triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { leaksInLogs } from '../../tools/n8n-server/logSecrets';
import { settledExecutions } from '../../tools/n8n-server/n8nApi';
import { BURST_SETTINGS } from '../../tools/n8n-server/n8nEnv';
import { executionOutput } from '../../tools/n8n-server/runData';
import {
	callbackBody,
	postAllAtOnce,
	postJson,
	seedCompletedJobs,
	tally,
} from '../../tools/n8n-server/simJobs';

import { useQueueCluster } from './setup';

const TRIGGER_ID = 'pikaQueueOnMain';
const WEBHOOK_ID = 'f2e3d4c5-b6a7-4988-99aa-bbccddeeff00';
const CALLBACKS = 200;
const DEADLINE_MS = 5_000;
/**
 * Callbacks handled one by one before the burst, as jobs finishing over time would be: right
 * after n8n starts, its first burst is far slower (docs/pika-trigger.md, "Keeping up with bursts").
 */
const WARM_UP = 10;
const SECRETS = {
	apiToken: 'user:4949-e2e-queue-on-main-token-6e8a0c',
	accountDiscord: 'MTE4e2eOnMain.account.discord.token.Y7z8A9',
};

const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	accounts: Array.from({ length: 10 }, (_, n) => ({
		discord: `${SECRETS.accountDiscord}${n}`,
		channel: `11900000000000006${String(n).padStart(2, '0')}`,
		maxJobs: 10,
	})),
});
let jobids: string[] = [];
const fx = useQueueCluster(
	sim,
	{
		// Version 1.1, as n8n inserts the node (see burstAtOnce.e2e.test.ts for why it matters).
		workflows: () => [
			triggerWorkflow(TRIGGER_ID, 'e2e: queue mode, webhooks on main', WEBHOOK_ID, 1.1),
		],
		beforeStart: async () => {
			jobids = await seedCompletedJobs(sim, WARM_UP + CALLBACKS);
		},
		activate: [TRIGGER_ID],
		env: { ...BURST_SETTINGS },
	},
	{ webhooksOnMain: true },
);

describe(`queue mode, webhooks on main: ${CALLBACKS} completions at once, ${DEADLINE_MS / 1000} s deadline`, () => {
	test('the trigger registers main’s URL; every callback is answered 200 in time and runs exactly once on a worker', async () => {
		const url = sim.accountReplyUrl ?? '';
		expect(fx.cluster.webhook).toBeUndefined();
		expect(
			url.startsWith(`${triggerProductionUrl(fx.cluster.main.baseUrl, WEBHOOK_ID)}?token=`),
		).toBe(true);
		for (const jobid of jobids.slice(0, WARM_UP))
			expect((await postJson(url, callbackBody(sim, jobid), DEADLINE_MS)).status).toBe(200);
		const warm = await settledExecutions(fx.cluster.main, TRIGGER_ID, WARM_UP);
		expect(warm.map((e) => e.status)).toEqual(Array<string>(WARM_UP).fill('success'));
		const burst = jobids.slice(WARM_UP);
		sim.clearLogs();

		const sentAt = Date.now();
		const answers = await postAllAtOnce(
			url,
			burst.map((jobid) => callbackBody(sim, jobid)),
			DEADLINE_MS,
		);
		const statuses: Record<string, number> = {};
		for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
		const executions = (
			await settledExecutions(fx.cluster.main, TRIGGER_ID, WARM_UP + CALLBACKS)
		).filter((e) => !warm.some((w) => w.id === e.id));
		const seen = executions.map((e) => String(executionOutput(e, 'Pika Trigger')[0]?.json.jobid));
		const answered = answers.filter((a) => a.status === 200).map((a) => a.ms);
		const gets = sim.requests
			.filter((r) => r.path === '/v1/pika/jobs/')
			.map((r) => Date.parse(r.receivedAt) - sentAt);
		fx.cluster.main.note(
			`burst at once: ${JSON.stringify(statuses)}; first answer after ${Math.min(...answered)} ms, last after ${Math.max(...answered)} ms; Verify GETs from ${Math.min(...gets)} to ${Math.max(...gets)} ms; ${executions.length} executions`,
		);
		expect({ statuses, executions: executions.length, ...tally(burst, seen) }).toEqual({
			statuses: { 200: CALLBACKS },
			executions: CALLBACKS,
			lost: [],
			duplicates: [],
			strangers: [],
		});
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		const shares = fx.cluster.workerShares(executions.map((e) => e.id));
		expect(shares['no worker']).toBeUndefined();
		const last = Math.max(...answers.map((a) => a.ms));
		fx.cluster.main.note(
			`queue mode, webhooks on main (${JSON.stringify(BURST_SETTINGS)}): ${CALLBACKS} callbacks at once, ` +
				`all answered 200, the last after ${(last / 1000).toFixed(2)} s; executions by worker ${JSON.stringify(shares)}; 0 lost, 0 duplicates`,
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

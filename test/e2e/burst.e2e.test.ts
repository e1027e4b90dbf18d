/**
 * A burst of callbacks into a real n8n: the Pika Trigger active (Automatic registration,
 * Verify With API on), 500 genuine callbacks (bodies of completed jobs the simulator knows)
 * POSTed to the registered production URL with the token, 50 at a time, as fast as n8n
 * answers. n8n must record exactly 500 executions, one per job: none lost, none twice.
 * Throughput is reported (stdout and the e2e report), not asserted.
 */
import { createSimulator } from '../../tools/simulator';
import { triggerProductionUrl, triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { leaksInLogs } from '../../tools/n8n-server/logSecrets';
import {
	listExecutions,
	waitForPublication,
	type ExecutionSummary,
} from '../../tools/n8n-server/n8nApi';
import { executionOutput } from '../../tools/n8n-server/runData';
import {
	callbackBody,
	postBurst,
	seedCompletedJobs,
	tenAccounts,
} from '../../tools/n8n-server/simJobs';

import { useN8n } from './setup';

const TRIGGER_ID = 'pikaE2eBurstTrig';
const WEBHOOK_ID = 'c8b5d2e3-7f40-4b6c-9d0e-1f2a3b4c5d6e';
const CALLBACKS = 500;
const CONCURRENCY = 50;
const SECRETS = {
	apiToken: 'user:4646-e2e-burst-api-token-9e4b2d',
	accountDiscord: 'MTE4e2eBurst.account.discord.token.P7q8R9',
};

const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	accounts: tenAccounts(SECRETS.accountDiscord, '11900000000000004'),
});
let jobids: string[] = [];
const fx = useN8n(sim, {
	workflows: () => [triggerWorkflow(TRIGGER_ID, 'e2e: Pika Trigger burst', WEBHOOK_ID)],
	// The jobs exist and are completed before the trigger registers: no callback goes out by itself.
	beforeStart: async () => {
		jobids = await seedCompletedJobs(sim, CALLBACKS);
	},
	activate: [TRIGGER_ID],
});

/** Finished executions of the trigger, polled until `count` are there (bounded). */
async function waitForFinished(count: number, timeoutMs: number): Promise<ExecutionSummary[]> {
	return await sim.waitFor(
		async () => {
			const list = (await listExecutions(fx.n8n, TRIGGER_ID)).filter((e) => e.stoppedAt);
			return list.length >= count ? list : undefined;
		},
		timeoutMs,
		1_000,
	);
}

describe(`burst: ${CALLBACKS} genuine callbacks, ${CONCURRENCY} at a time, into the active Pika Trigger`, () => {
	test('every callback is accepted and n8n records exactly one execution per job', async () => {
		const url = sim.accountReplyUrl ?? '';
		expect(url.startsWith(`${triggerProductionUrl(fx.n8n.baseUrl, WEBHOOK_ID)}?token=`)).toBe(true);
		expect(new Set(jobids).size).toBe(CALLBACKS);
		const bodies = jobids.map((jobid) => callbackBody(sim, jobid));
		sim.clearLogs();

		const burst = await postBurst(url, bodies, CONCURRENCY);
		const statuses = new Map<number, number>();
		for (const { status } of burst.results) statuses.set(status, (statuses.get(status) ?? 0) + 1);
		expect(Object.fromEntries(statuses)).toEqual({ 200: CALLBACKS });

		const finished = await waitForFinished(CALLBACKS, 600_000);
		const executions = await listExecutions(fx.n8n, TRIGGER_ID, { includeData: true });
		const seen = executions.map((e) => String(executionOutput(e, 'Pika Trigger')[0]?.json.jobid));
		const counts = new Map<string, number>();
		for (const jobid of seen) counts.set(jobid, (counts.get(jobid) ?? 0) + 1);
		const lost = jobids.filter((jobid) => !counts.has(jobid));
		const duplicates = [...counts].filter(([, n]) => n > 1).map(([jobid]) => jobid);
		const strangers = [...counts.keys()].filter((jobid) => !jobids.includes(jobid));
		expect({ executions: executions.length, lost, duplicates, strangers }).toEqual({
			executions: CALLBACKS,
			lost: [],
			duplicates: [],
			strangers: [],
		});
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		// Verify With API: one GET of the job per callback, nothing else.
		const reads = sim.requests.filter((r) => r.method === 'GET' && r.path === '/v1/pika/jobs/');
		expect(reads).toHaveLength(CALLBACKS);
		expect(sim.requests).toHaveLength(CALLBACKS);

		const lastAnswerMs = Math.max(...burst.results.map((r) => r.answeredAtMs));
		const lastStoppedMs =
			Math.max(...finished.map((e) => Date.parse(e.stoppedAt ?? ''))) - burst.startedAt;
		const perSecond = (ms: number) => ((CALLBACKS * 1000) / ms).toFixed(0);
		fx.n8n.note(
			`burst (n8n ${fx.n8n.installation.version}): ${CALLBACKS} callbacks, concurrency ${CONCURRENCY}: ` +
				`all answered 200 in ${(lastAnswerMs / 1000).toFixed(1)} s (${perSecond(lastAnswerMs)} callbacks/s accepted); ` +
				`${executions.length} executions, last finished ${(lastStoppedMs / 1000).toFixed(1)} s after the first send ` +
				`(${perSecond(lastStoppedMs)} executions/s); 0 lost, 0 duplicates`,
		);
	});

	test('deactivation afterwards clears the account Reply URL again; the logs hold no secret', async () => {
		await fx.n8n.deactivate(TRIGGER_ID);
		await waitForPublication(fx.n8n, TRIGGER_ID);
		expect(sim.accountReplyUrl).toBeUndefined();
		const discordTokens = Object.fromEntries(
			sim.accounts.map((a, n) => [`discord${n}`, a.discord]),
		);
		expect(leaksInLogs(fx.n8n, { apiToken: SECRETS.apiToken, ...discordTokens })).toEqual([]);
	});
});

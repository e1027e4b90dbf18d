/**
 * 200 jobs finishing at the same moment, with the settings docs/pika-trigger.md recommends
 * ("Keeping up with bursts": BURST_SETTINGS) on one n8n process with PostgreSQL: every callback
 * is POSTed at once to the Pika Trigger (Automatic registration, Verify With API on), each with
 * a 5 s client deadline, since useapi.net calls once and never retries. Every one must be
 * answered 200 in time and start exactly one execution: 0 lost, 0 duplicates.
 */
import { randomBytes } from 'node:crypto';

import { createSimulator } from '../../tools/simulator';
import { triggerProductionUrl, triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { settledExecutions } from '../../tools/n8n-server/n8nApi';
import { BURST_SETTINGS } from '../../tools/n8n-server/n8nEnv';
import { createDatabase, dropDatabase, postgresEnv } from '../../tools/n8n-server/queueServices';
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

import { useN8n } from './setup';

const TRIGGER_ID = 'pikaE2eBurstAtOnce';
const WEBHOOK_ID = 'e1d2c3b4-a596-4877-8899-aabbccddeeff';
const CALLBACKS = 200;
const DEADLINE_MS = 5_000;
/**
 * Callbacks handled one by one before the burst, as jobs finishing over time would be: right
 * after n8n starts, its first burst is far slower (docs/pika-trigger.md, "Keeping up with bursts").
 */
const WARM_UP = 10;
const DATABASE = `pika_e2e_burst_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const SECRETS = {
	apiToken: 'user:4848-e2e-burst-at-once-token-5d7f9b',
	accountDiscord: 'MTE4e2eAtOnce.account.discord.token.V4w5X6',
};

const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	accounts: tenAccounts(SECRETS.accountDiscord, '11900000000000008'),
});
let jobids: string[] = [];
// Before useN8n's hooks: n8n's CLI seeds into this database.
beforeAll(async () => await createDatabase(DATABASE));
const fx = useN8n(sim, {
	// Version 1.1, as n8n inserts the node: with version 1, n8n 2.x evaluates an expression for
	// every request (callbackWorkflows.ts), which takes an isolate per callback with the
	// recommended lazy acquisition: 0 of 200 in time here, against 200 of 200 with 1.1.
	workflows: () => [
		triggerWorkflow(TRIGGER_ID, 'e2e: Pika Trigger, burst at once', WEBHOOK_ID, 1.1),
	],
	beforeStart: async () => {
		jobids = await seedCompletedJobs(sim, WARM_UP + CALLBACKS);
	},
	activate: [TRIGGER_ID],
	env: { ...postgresEnv(DATABASE), ...BURST_SETTINGS },
});
afterAll(async () => await dropDatabase(DATABASE));

describe(`${CALLBACKS} completions at once, ${DEADLINE_MS / 1000} s client deadline, recommended settings`, () => {
	test('every callback is answered 200 in time and starts exactly one execution', async () => {
		const url = sim.accountReplyUrl ?? '';
		expect(url.startsWith(`${triggerProductionUrl(fx.n8n.baseUrl, WEBHOOK_ID)}?token=`)).toBe(true);
		for (const jobid of jobids.slice(0, WARM_UP))
			expect((await postJson(url, callbackBody(sim, jobid), DEADLINE_MS)).status).toBe(200);
		const warm = await settledExecutions(fx.n8n, TRIGGER_ID, WARM_UP);
		expect(warm.map((e) => e.status)).toEqual(Array<string>(WARM_UP).fill('success'));
		const burst = jobids.slice(WARM_UP);
		sim.clearLogs();

		const sentAt = Date.now();
		const answers = await postAllAtOnce(
			url,
			burst.map((jobid) => callbackBody(sim, jobid)),
			DEADLINE_MS,
		);
		const statuses = statusCounts(answers);
		const executions = (await settledExecutions(fx.n8n, TRIGGER_ID, WARM_UP + CALLBACKS)).filter(
			(e) => !warm.some((w) => w.id === e.id),
		);
		const seen = executions.map((e) => String(executionOutput(e, 'Pika Trigger')[0]?.json.jobid));
		const answered = answers.filter((a) => a.status === 200).map((a) => a.ms);
		const gets = sim.requests
			.filter((r) => r.path === '/v1/pika/jobs/')
			.map((r) => Date.parse(r.receivedAt) - sentAt);
		fx.n8n.note(
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
		// Verify With API: one GET per callback, all answered.
		const reads = sim.requests.filter((r) => r.path === '/v1/pika/jobs/');
		expect(reads.map((r) => r.status)).toEqual(Array<number>(CALLBACKS).fill(200));
		const last = Math.max(...answers.map((a) => a.ms));
		fx.n8n.note(
			`burst at once (n8n ${fx.n8n.installation.version}, ${JSON.stringify(BURST_SETTINGS)}): ` +
				`${CALLBACKS} callbacks, all answered 200, the last after ${(last / 1000).toFixed(2)} s; ` +
				`${executions.length} executions, 0 lost, 0 duplicates`,
		);
	});
});

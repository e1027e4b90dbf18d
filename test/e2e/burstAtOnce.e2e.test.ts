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
import { listExecutions, type ExecutionSummary } from '../../tools/n8n-server/n8nApi';
import { BURST_SETTINGS } from '../../tools/n8n-server/n8nEnv';
import { createDatabase, dropDatabase, postgresEnv } from '../../tools/n8n-server/queueServices';
import { executionOutput } from '../../tools/n8n-server/runData';
import {
	callbackBody,
	postAllAtOnce,
	seedCompletedJobs,
	tally,
} from '../../tools/n8n-server/simJobs';

import { useN8n } from './setup';

const TRIGGER_ID = 'pikaE2eBurstAtOnce';
const WEBHOOK_ID = 'e1d2c3b4-a596-4877-8899-aabbccddeeff';
const CALLBACKS = 200;
const DEADLINE_MS = 5_000;
const DATABASE = `pika_e2e_burst_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const SECRETS = {
	apiToken: 'user:4848-e2e-burst-at-once-token-5d7f9b',
	accountDiscord: 'MTE4e2eAtOnce.account.discord.token.V4w5X6',
};

const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	accounts: Array.from({ length: 10 }, (_, n) => ({
		discord: `${SECRETS.accountDiscord}${n}`,
		channel: `11900000000000008${String(n).padStart(2, '0')}`,
		maxJobs: 10,
	})),
});
let jobids: string[] = [];
// Before useN8n's hooks: n8n's CLI seeds into this database.
beforeAll(async () => await createDatabase(DATABASE));
const fx = useN8n(sim, {
	workflows: () => [triggerWorkflow(TRIGGER_ID, 'e2e: Pika Trigger, burst at once', WEBHOOK_ID)],
	beforeStart: async () => {
		jobids = await seedCompletedJobs(sim, CALLBACKS);
	},
	activate: [TRIGGER_ID],
	env: { ...postgresEnv(DATABASE), ...BURST_SETTINGS },
});
afterAll(async () => await dropDatabase(DATABASE));

async function finished(count: number): Promise<ExecutionSummary[]> {
	return await sim.waitFor(
		async () => {
			const list = await listExecutions(fx.n8n, TRIGGER_ID, { includeData: true });
			return list.length >= count && list.every((e) => e.stoppedAt) ? list : undefined;
		},
		120_000,
		1_000,
	);
}

describe(`${CALLBACKS} completions at once, ${DEADLINE_MS / 1000} s client deadline, recommended settings`, () => {
	test('every callback is answered 200 in time and starts exactly one execution', async () => {
		const url = sim.accountReplyUrl ?? '';
		expect(url.startsWith(`${triggerProductionUrl(fx.n8n.baseUrl, WEBHOOK_ID)}?token=`)).toBe(true);
		sim.clearLogs();

		const answers = await postAllAtOnce(
			url,
			jobids.map((jobid) => callbackBody(sim, jobid)),
			DEADLINE_MS,
		);
		const statuses: Record<string, number> = {};
		for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
		expect(statuses).toEqual({ 200: CALLBACKS });

		const executions = await finished(CALLBACKS);
		const seen = executions.map((e) => String(executionOutput(e, 'Pika Trigger')[0]?.json.jobid));
		expect({ executions: executions.length, ...tally(jobids, seen) }).toEqual({
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

/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmark code runs under plain Node, never inside n8n */
/**
 * Measure 3 — callbacks into real n8n, against n8n's own Webhook node in the same run. One n8n
 * 2.41.1 process on PostgreSQL (a fresh database per configuration) with three active workflows:
 * A = Pika Trigger with Verify With API off, B = the same with it on (the default), C = Webhook
 * node → No Op (the baseline: the fastest way a callback starts a workflow in n8n). They take
 * turns A C B C (per round), each through the same three patterns of genuine finished-job
 * callbacks, every one with a client deadline (useapi.net calls once and never retries):
 * one after the other (latency), all at once (burst), and a steady rate. Twice: with n8n's
 * defaults, and with the settings docs/pika-trigger.md recommends (BURST_SETTINGS).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

import { BURST_SETTINGS } from '../tools/n8n-server/n8nEnv';
import { createDatabase, dropDatabase, postgresEnv, sql } from '../tools/n8n-server/queueServices';
import { seedCompletedJobs, tenAccounts } from '../tools/n8n-server/simJobs';
import { workflow } from '../tools/n8n-server/workflows';
import {
	triggerProductionUrl,
	webhookBaselineWorkflow,
} from '../tools/n8n-server/callbackWorkflows';
import { createSimulator, type PikaSimulator } from '../tools/simulator';
import { allAtOnce, sequential, steadyRate, summarize } from './lib/callbackLoad';
import { BenchN8n } from './lib/n8n';
import { n8nServerPid } from './lib/profile';
import { log, until, type MeasureResult } from './lib/report';
import { getMs, runOf, settle, type Run, type Variant } from './lib/triggerRuns';
import { triggerResult } from './lib/triggerReport';
import { benchCredentials, manualPikaTrigger } from './lib/workflows';

/** Callbacks of the unmeasured first burst of each workflow after n8n started. */
const WARM_BURST = 50;

export const VARIANTS: Variant[] = [
	{
		key: 'A',
		label: 'Pika Trigger, Verify off',
		id: 'pikaBenchTrigA',
		hook: 'b1a0c0de-0a0a-4a0a-8a0a-00000000000a',
	},
	{
		key: 'B',
		label: 'Pika Trigger, Verify on',
		id: 'pikaBenchTrigB',
		hook: 'b1a0c0de-0b0b-4b0b-8b0b-00000000000b',
	},
	{ key: 'C', label: 'Webhook node → No Op', id: 'pikaBenchHookC', hook: 'bench-callback' },
];

/** n8n's defaults (on PostgreSQL), and each setting of the recommendation alone and together. */
export const CONFIGS: Record<string, Record<string, string>> = {
	defaults: {},
	lazy: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: BURST_SETTINGS.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE },
	pool: { DB_POSTGRESDB_POOL_SIZE: BURST_SETTINGS.DB_POSTGRESDB_POOL_SIZE },
	recommended: { ...BURST_SETTINGS },
};

export interface TriggerOptions {
	configs: string[];
	rounds: number;
	sequential: number;
	burst: number;
	rate: number;
	rateSeconds: number;
	deadlineMs: number;
}

function workflows(): object[] {
	const [a, b, c] = VARIANTS;
	return [
		workflow(a.id, `bench: ${a.label}`, [manualPikaTrigger(a.hook, false)], []),
		workflow(b.id, `bench: ${b.label}`, [manualPikaTrigger(b.hook, true)], []),
		webhookBaselineWorkflow(c.id, `bench: ${c.label}`, c.hook),
	];
}

const urlOf = (n8n: BenchN8n, v: Variant) =>
	v.key === 'C'
		? `${n8n.instance.baseUrl}/webhook/${v.hook}`
		: triggerProductionUrl(n8n.instance.baseUrl, v.hook);

export async function measureTrigger(options: TriggerOptions): Promise<MeasureResult> {
	const sim = createSimulator({
		jobDurationMs: 1_000,
		progressAfterMs: 500,
		accounts: tenAccounts('MTE4bench.trigger.discord.', '11900000000000009'),
	});
	const simUrl = await sim.start();
	const runs: Run[] = [];
	const configs: Array<{ name: string; env: Record<string, string>; notes: string[] }> = [];
	try {
		const jobs = Math.max(
			options.sequential + 3,
			options.burst,
			options.rate * options.rateSeconds,
		);
		const bodies = (await seedCompletedJobs(sim, jobs)).map((jobid) => ({
			...sim.job(jobid),
			code: 200,
		}));
		const getMedianMs = await getMs(sim, String(bodies[0].jobid));
		for (const name of options.configs) {
			const env = CONFIGS[name];
			if (!env)
				throw new Error(
					`unknown configuration "${name}"; known: ${Object.keys(CONFIGS).join(', ')}`,
				);
			configs.push({ name, env, notes: [] });
			await measureConfig(
				sim,
				simUrl,
				name,
				env,
				bodies,
				options,
				runs,
				configs[configs.length - 1].notes,
			);
		}
		return triggerResult(runs, configs, options, getMedianMs);
	} finally {
		await sim.stop();
	}
}

async function measureConfig(
	sim: PikaSimulator,
	simUrl: string,
	name: string,
	env: Record<string, string>,
	bodies: Array<Record<string, unknown>>,
	options: TriggerOptions,
	runs: Run[],
	notes: string[],
): Promise<void> {
	const database = `pika_bench_${Date.now().toString(36)}`;
	await createDatabase(database);
	let n8n: BenchN8n | undefined;
	try {
		log(`trigger [${name}]: starting n8n on PostgreSQL ${database} with ${JSON.stringify(env)}`);
		n8n = await BenchN8n.start({
			credentials: benchCredentials(simUrl, sim.token),
			workflows: workflows(),
			env: { ...postgresEnv(database), ...env },
		});
		for (const v of VARIANTS) await n8n.activate(v.id);
		const pid = n8nServerPid();
		// Warm-up, not measured: answered means registered (n8n 2.41 registers a published
		// workflow's webhooks shortly after activation), then a first burst, which right after a
		// start is slower than any later one (kept as a note).
		const first: string[] = [];
		for (const v of VARIANTS) {
			const url = urlOf(n8n, v);
			await until(`${v.key} registered`, 30_000, async () =>
				(await sequential(url, bodies.slice(0, 1), 30_000))[0].status === 200 ? true : undefined,
			);
			await sequential(url, bodies.slice(1, 10), 30_000);
			const before = await n8n.newestExecutionId(v.id);
			const warm = summarize(await allAtOnce(url, bodies.slice(0, WARM_BURST), options.deadlineMs));
			const started = (await settle(n8n, v.id, before, WARM_BURST)).length;
			first.push(`${v.key} ${warm.answered} answered, ${started} started`);
		}
		notes.push(`first burst after the start (${WARM_BURST} at once, warm-up): ${first.join('; ')}`);
		for (let round = 1; round <= options.rounds; round++) {
			// A C B C, then B C A C: neither trigger always follows the warm-up.
			const order = (round % 2 ? 'ACBC' : 'BCAC')
				.split('')
				.map((k) => VARIANTS.find((v) => v.key === k)!);
			for (const v of order) {
				const run = await runOf(n8n, pid, name, round, v, async (pattern) => {
					const url = urlOf(n8n!, v);
					if (pattern === 'sequential')
						return await sequential(
							url,
							bodies.slice(3, 3 + options.sequential),
							options.deadlineMs,
						);
					if (pattern === 'burst')
						return await allAtOnce(url, bodies.slice(0, options.burst), options.deadlineMs);
					const steady = bodies.slice(0, options.rate * options.rateSeconds);
					return await steadyRate(url, steady, options.rate, options.deadlineMs);
				});
				runs.push(run);
				log(`trigger [${name}] round ${round} ${v.key}: ${run.text}`);
			}
		}
		const logs = n8n.instance
			.logFiles()
			.map((f) => f.text)
			.join('\n');
		const count = (pattern: RegExp) => (logs.match(pattern) ?? []).length;
		const connections = await sql(
			'postgres',
			`select count(*) from pg_stat_activity where datname = '${database}'`,
		);
		const rss = Number(/VmRSS:\s+(\d+)/.exec(readStatus(pid))?.[1] ?? Number.NaN) / 1024;
		notes.push(
			`n8n's log: ${count(/Database ping failed/g)}× "Database ping failed", ${count(/Request body stream was aborted/g)}× "Request body stream was aborted"; ` +
				`the bench's own execution listing answered 503 "Database is not ready!" ${n8n.notReadyAnswers}× (asked again); ` +
				`PostgreSQL connections of n8n at the end: ${connections[0]}; n8n RSS at the end: ${rss.toFixed(0)} MiB; load average ${loadavg()[0].toFixed(1)}`,
		);
	} finally {
		await n8n?.stop();
		await dropDatabase(database);
	}
}

function readStatus(pid: number | undefined): string {
	try {
		return pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
	} catch {
		return '';
	}
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark code runs under plain Node, never inside n8n */
/**
 * `npm run bench [-- package memory items trigger makespan]` (through bench/run.sh, which
 * builds and installs n8n first): runs the measures (all by default), prints one line per
 * measure with the raw figures, the ratio against the baseline of the same run and the goal,
 * with diagnostics under it, and writes the same to bench/results/latest.json (after each
 * measure). Not part of `npm test`; about 20 minutes, 11 of them the makespan measure.
 * Knobs (environment): see the README, "Performance".
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

import { createSimulator, type PikaSimulator } from '../tools/simulator';
import { findInstallation } from '../tools/n8n-server/installation';
import { itemsWorkflows, measureItems } from './items';
import { BenchN8n, cleanupRunDir } from './lib/n8n';
import { goalText, log, type MeasureResult } from './lib/report';
import { addAccounts } from './lib/sim';
import { benchCredentials } from './lib/workflows';
import { makespanWorkflows, measureMakespan, MAKESPAN_CHANNELS, POLL_S } from './makespan';
import { measureMemory } from './memory';
import { measurePackage } from './package';
import { measureTrigger } from './trigger';

const ALL = ['package', 'memory', 'items', 'trigger', 'makespan'] as const;
type MeasureName = (typeof ALL)[number];
const N8N_MEASURES: MeasureName[] = ['items', 'makespan'];

const env = (name: string, fallback: number): number =>
	process.env[name] ? Number(process.env[name]) : fallback;

async function main(): Promise<void> {
	const asked = process.argv.slice(2).filter((a) => a !== '--');
	for (const a of asked)
		if (!(ALL as readonly string[]).includes(a))
			throw new Error(`unknown measure "${a}"; known: ${ALL.join(', ')}`);
	const selected = ALL.filter((m) => asked.length === 0 || asked.includes(m));
	const results: MeasureResult[] = [];
	const n8nNode = findInstallationNode();
	const machine = {
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model ?? 'unknown',
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		benchNode: process.version,
		n8nNode: n8nNode.version,
		n8n: n8nNode.n8n,
	};
	log(
		`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB; bench on Node ${machine.benchNode}; n8n ${machine.n8n} on Node ${machine.n8nNode}`,
	);
	const startedAt = new Date().toISOString();
	const loadAtStart = loadavg()[0];
	const record = (result: MeasureResult) => {
		results.push(result);
		process.stdout.write(`${result.line}\n${result.notes.map((n) => `    ${n}\n`).join('')}`);
		write(machine, startedAt, results, false);
		writeDated(machine, startedAt, loadAtStart, result);
	};

	if (selected.includes('package'))
		record(await measurePackage(n8nNode.path, env('BENCH_REQUIRE_RUNS', 20)));
	if (selected.includes('memory')) {
		record(
			await measureMemory(n8nNode.path, {
				downloadBytes: env('BENCH_DOWNLOAD_MIB', 200) * 2 ** 20,
				uploadBytes: env('BENCH_UPLOAD_MIB', 50) * 2 ** 20,
				reps: env('BENCH_MEMORY_RUNS', 3),
			}),
		);
	}
	// Its own n8n processes on PostgreSQL, one per configuration of n8n it compares.
	if (selected.includes('trigger'))
		record(
			await measureTrigger({
				configs: (process.env.BENCH_TRIGGER_CONFIGS ?? 'defaults,recommended').split(','),
				rounds: env('BENCH_TRIGGER_ROUNDS', 1),
				sequential: env('BENCH_TRIGGER_SEQUENTIAL', 30),
				burst: env('BENCH_TRIGGER_BURST', 200),
				rate: env('BENCH_TRIGGER_RATE', 20),
				rateSeconds: env('BENCH_TRIGGER_RATE_S', 10),
				deadlineMs: env('BENCH_TRIGGER_DEADLINE_MS', 5_000),
			}),
		);
	if (selected.some((m) => N8N_MEASURES.includes(m))) {
		let sim: PikaSimulator | undefined;
		let n8n: BenchN8n | undefined;
		try {
			sim = createSimulator({ jobDurationMs: 1_000, progressAfterMs: 500, videoSize: 64 * 1024 });
			const simUrl = await sim.start();
			const [itemsChannel] = addAccounts(sim, 1);
			log(`starting n8n (simulator at ${simUrl})`);
			n8n = await BenchN8n.start({
				credentials: benchCredentials(simUrl, sim.token),
				workflows: [
					...itemsWorkflows(simUrl),
					...makespanWorkflows(simUrl, env('BENCH_MAKESPAN_D_S', 57.5)),
				],
			});
			if (selected.includes('items'))
				record(
					await measureItems(n8n, sim, itemsChannel, {
						items: env('BENCH_ITEMS', 1000),
						runs: env('BENCH_ITEMS_RUNS', 7),
						latenciesMs: (process.env.BENCH_ITEMS_LATENCIES_MS ?? '50,200')
							.split(',')
							.filter(Boolean)
							.map(Number),
						latencyRuns: env('BENCH_ITEMS_LATENCY_RUNS', 5),
					}),
				);
			if (selected.includes('makespan')) {
				addAccounts(sim, MAKESPAN_CHANNELS, 10, 100);
				record(
					await measureMakespan(n8n, sim, {
						items: 100,
						maxJobs: 10,
						durationMs: env('BENCH_MAKESPAN_D_S', 57.5) * 1000,
						pollSeconds: POLL_S,
					}),
				);
			}
		} finally {
			await n8n?.stop();
			await sim?.stop();
		}
	}
	write(machine, startedAt, results, true);
	const missed = results.flatMap((r) =>
		r.goals.filter((g) => !g.met).map((g) => `${r.name}: ${g.text}`),
	);
	process.stdout.write(
		`\n${results.length} measure(s); ${missed.length ? `goals missed: ${missed.join('; ')}` : 'all goals met'}\n`,
	);
	for (const r of results) log(`${r.name}: ${goalText(r.goals)}`);
}

function findInstallationNode(): { path: string; version: string; n8n: string } {
	try {
		const installation = findInstallation();
		const version = execFileSync(installation.node, ['--version'], { encoding: 'utf8' }).trim();
		return { path: installation.node, version, n8n: installation.version };
	} catch {
		return { path: process.execPath, version: process.version, n8n: 'not installed' };
	}
}

/**
 * The record kept in git: bench/results/<date>-<measure>.json, one per measure and day (a
 * later run the same day replaces it), committed with the change it measured. The load
 * average says how busy the machine was: above its core count, other work shared it.
 */
function writeDated(
	machine: { cpus: number },
	startedAt: string,
	loadAtStart: number,
	result: MeasureResult,
): void {
	const loadAtEnd = loadavg()[0];
	const record = {
		measure: result.name,
		startedAt,
		finishedAt: new Date().toISOString(),
		summary: result.line,
		ratios: result.ratios ?? [],
		goals: result.goals,
		notes: result.notes,
		machine: {
			...machine,
			loadAverage1m: { start: Number(loadAtStart.toFixed(2)), end: Number(loadAtEnd.toFixed(2)) },
			shared: Math.max(loadAtStart, loadAtEnd) > machine.cpus,
			...(process.env.BENCH_MACHINE_NOTE ? { note: process.env.BENCH_MACHINE_NOTE } : {}),
		},
		data: result.data,
	};
	const file = join(__dirname, 'results', `${startedAt.slice(0, 10)}-${result.name}.json`);
	writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
	log(`recorded ${file}`);
}

function write(
	machine: object,
	startedAt: string,
	results: MeasureResult[],
	complete: boolean,
): void {
	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	const json = {
		startedAt,
		finishedAt: complete ? new Date().toISOString() : null,
		machine,
		measures: results,
	};
	writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
}

let exiting = false;
function shutdown(code: number): void {
	if (exiting) return;
	exiting = true;
	const killed = cleanupRunDir();
	if (killed > 0) log(`killed ${killed} leftover process group(s)`);
	process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(130));

main().then(
	() => shutdown(0),
	(error: unknown) => {
		process.stderr.write(
			`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		shutdown(1);
	},
);

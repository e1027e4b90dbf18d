/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- benchmark code runs under plain Node, never inside n8n */
/**
 * The one real n8n the benchmarks share: n8n 2.41.1 from tools/n8n-server/install-n8n.sh, this package
 * installed from its `npm pack` tarball, driven with the e2e library (tools/n8n-server) as it is.
 * Everything it starts runs in recorded process groups; `close()` and a watchdog (for a killed
 * bench) take them down, so no n8n outlives the bench.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findInstallation, packPackage } from '../../tools/n8n-server/installation';
import { N8nInstance } from '../../tools/n8n-server/n8nInstance';
import { killRecordedGroups, pidDir } from '../../tools/n8n-server/processes';
import { sleep, until } from './report';

/** An item of a node's output, as the executions API returns it. */
export interface OutputItem {
	json: Record<string, unknown>;
}

/** One run of a node in an execution's run data. */
export interface NodeRunData {
	executionTime?: number;
	data?: { main: Array<OutputItem[] | null> };
}

/** An execution as the public API returns it (`data` with includeData=true). */
export interface Execution {
	id: string;
	data?: { resultData: { error?: { message: string }; runData: Record<string, NodeRunData[]> } };
	status?: string;
	mode?: string;
	startedAt: string;
	stoppedAt: string | null;
	workflowId?: string;
}

const WATCHDOG = `
watch="$1" pids="$2"
while kill -0 "$watch" 2>/dev/null; do sleep 2; done
for f in "$pids"/*; do [ -e "$f" ] && kill -KILL -- "-\${f##*/}" 2>/dev/null; done
`;

let runDir: string | undefined;

/** A run folder for n8n user folders, logs and pid files, and the watchdog that guards it. */
export function prepareRunDir(): string {
	if (runDir) return runDir;
	runDir = mkdtempSync(join(tmpdir(), 'pika-bench-'));
	process.env.PIKA_E2E_RUN_DIR = runDir;
	const watchdog = spawn(
		'bash',
		['-c', WATCHDOG, 'pika-bench-watchdog', String(process.pid), pidDir()],
		{
			detached: true,
			stdio: 'ignore',
		},
	);
	watchdog.unref();
	return runDir;
}

/** Kills whatever process group is still recorded and removes the run folder (unless kept). */
export function cleanupRunDir(): number {
	if (!runDir) return 0;
	const killed = killRecordedGroups();
	if (process.env.PIKA_BENCH_KEEP === '1') process.stderr.write(`bench: logs kept in ${runDir}\n`);
	else rmSync(runDir, { recursive: true, force: true });
	runDir = undefined;
	return killed;
}

export interface BenchN8nSetup {
	credentials: object[];
	workflows: object[];
	/** Extra environment of the n8n processes (database, settings under test). */
	env?: Record<string, string>;
}

/** 503 answers to the bench's own listing before it gives up: a minute of a database n8n calls down. */
const MAX_NOT_READY_ANSWERS = 120;

export class BenchN8n {
	/** How often n8n answered the bench's execution listing 503 (database not ready). */
	notReadyAnswers = 0;

	private constructor(readonly instance: N8nInstance) {}

	get version(): string {
		return this.instance.installation.version;
	}

	/** Packs the built package, seeds credentials and workflows with n8n's CLI, starts n8n. */
	static async start(setup: BenchN8nSetup): Promise<BenchN8n> {
		findInstallation(); // fails early with the install command when n8n is missing
		const dir = prepareRunDir();
		const tarball = await packPackage(dir);
		const instance = await N8nInstance.create(tarball, { env: setup.env });
		let started = false;
		try {
			await instance.importCredentials(setup.credentials);
			await instance.importWorkflows(setup.workflows);
			await instance.start();
			await instance.setupOwner();
			started = true;
		} finally {
			if (!started) await instance.stop();
		}
		return new BenchN8n(instance);
	}

	async stop(): Promise<void> {
		await this.instance.stop();
	}

	async activate(workflowId: string): Promise<void> {
		await this.instance.activate(workflowId);
	}

	async deactivate(workflowId: string): Promise<void> {
		const result = await this.instance.http('POST', `/api/v1/workflows/${workflowId}/deactivate`, {
			auth: 'apiKey',
		});
		if (result.status !== 200)
			throw new Error(`deactivate ${workflowId}: ${result.status} ${result.text.slice(0, 300)}`);
	}

	/**
	 * POSTs to a production webhook; resolves with the status once n8n answered. n8n 2.41
	 * registers an activated workflow's webhooks shortly after the activate call returns: a
	 * 404 "not registered" (which starts nothing) is retried for a few seconds.
	 */
	async callWebhook(path: string, body: unknown, timeoutMs = 600_000): Promise<number> {
		const deadline = Date.now() + 20_000;
		for (;;) {
			const result = await this.instance.http('POST', `/webhook/${path}`, {
				body,
				auth: 'none',
				timeoutMs,
			});
			if (result.status === 404 && /not registered/.test(result.text) && Date.now() < deadline) {
				await sleep(250);
				continue;
			}
			if (result.status >= 400)
				throw new Error(`webhook ${path}: ${result.status} ${result.text.slice(0, 500)}`);
			return result.status;
		}
	}

	/** Executions of a workflow, newest first (all pages up to `max`). */
	async executions(
		workflowId: string,
		options: { includeData?: boolean; max?: number } = {},
	): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		const max = options.max ?? 250;
		while (all.length < max) {
			const query = new URLSearchParams({
				workflowId,
				includeData: String(options.includeData ?? false),
				limit: String(Math.min(250, max - all.length)),
				...(cursor ? { cursor } : {}),
			});
			const page = await this.instance.http<{ data: Execution[]; nextCursor?: string | null }>(
				'GET',
				`/api/v1/executions?${query.toString()}`,
				{ auth: 'apiKey', timeoutMs: 120_000 },
			);
			// n8n answers every request 503 "Database is not ready!" after a missed database ping
			// (its defaults under a burst), until a ping succeeds: counted, then asked again.
			if (page.status === 503 && this.notReadyAnswers < MAX_NOT_READY_ANSWERS) {
				this.notReadyAnswers++;
				await sleep(500);
				continue;
			}
			if (page.status !== 200)
				throw new Error(`executions: ${page.status} ${page.text.slice(0, 300)}`);
			all.push(...page.body.data);
			if (!page.body.nextCursor || page.body.data.length === 0) break;
			cursor = page.body.nextCursor;
		}
		return all;
	}

	async execution(id: string, includeData = true): Promise<Execution> {
		const result = await this.instance.http<Execution>(
			'GET',
			`/api/v1/executions/${id}?includeData=${includeData}`,
			{
				auth: 'apiKey',
				timeoutMs: 120_000,
			},
		);
		if (result.status !== 200)
			throw new Error(`execution ${id}: ${result.status} ${result.text.slice(0, 300)}`);
		return result.body;
	}

	/** Newest execution id of a workflow, or 0 when it has none. */
	async newestExecutionId(workflowId: string): Promise<number> {
		const [newest] = await this.executions(workflowId, { max: 1 });
		return newest ? Number(newest.id) : 0;
	}

	/** Waits for the first execution newer than `afterId` to stop; returns it with its data. */
	async finishedExecution(
		workflowId: string,
		afterId: number,
		timeoutMs: number,
	): Promise<Execution> {
		const done = await until(
			`an execution of ${workflowId} to finish`,
			timeoutMs,
			async () => {
				try {
					const [newest] = await this.executions(workflowId, { max: 1 });
					return newest && Number(newest.id) > afterId && newest.stoppedAt ? newest : undefined;
				} catch (error) {
					// On a saturated machine n8n's periodic database check can time out, and n8n then
					// answers 503 "Database is not ready!" until the next check passes: ask again.
					if (error instanceof Error && error.message.includes('Database is not ready'))
						return undefined;
					throw error;
				}
			},
			500,
		);
		return await this.execution(done.id, true);
	}

	logTail(lines = 30): string {
		return this.instance.logTail(lines);
	}
}

/** CPU time (user + system, ms) the n8n server process has used so far; NaN when unknown. */
export function n8nCpuMs(pid: number | undefined): number {
	if (!pid) return Number.NaN;
	try {
		// Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
			.replace(/^.*\) /, '')
			.split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return Number.NaN;
	}
}

/** Wall-clock duration of an execution as n8n recorded it. */
export function executionMs(execution: Execution): number {
	if (!execution.stoppedAt) return Number.NaN;
	return Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt);
}

/** A node's own run time(s) in an execution (n8n's `executionTime`), summed over its runs. */
export function nodeMs(execution: Execution, nodeName: string): number {
	const runs = execution.data?.resultData.runData[nodeName] ?? [];
	return runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0);
}

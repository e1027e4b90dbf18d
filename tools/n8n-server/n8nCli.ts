/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * One n8n instance's folders, environment and CLI, without its server (n8nInstance.ts adds
 * that): a throwaway user folder and HOME, the e2e report file, and n8n's own commands run
 * against that folder to seed it (import:credentials, import:workflow, publish:workflow) and to
 * run a workflow in a process of its own (execute).
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nInstallation } from './installation';
import { n8nEnv } from './n8nEnv';
import { runGroup, tail, type RunResult } from './processes';
import type { RunData } from './runData';

/** The name of an import file `importFile` writes; `removeImportFiles` knows it by this. */
const importFileName = (name: string) =>
	`${name}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`;
const IMPORT_FILE = /^(credentials|workflows)-\d+-[a-z0-9]+\.json$/;

/**
 * Removes the import files left in an instance's root by a run that was killed while n8n read
 * one (it could not remove its own), and by older versions of this harness, which kept them.
 */
export function removeImportFiles(root: string): void {
	if (!existsSync(root)) return;
	for (const file of readdirSync(root))
		if (IMPORT_FILE.test(file)) rmSync(join(root, file), { force: true });
}

export class N8nCli {
	readonly installation: N8nInstallation;
	readonly root: string;
	/** N8N_USER_FOLDER: n8n keeps its sqlite database, config and community nodes in `.n8n`. */
	readonly userFolder: string;
	/** HOME of the n8n processes, so n8n's default file-access folder `~/.n8n-files` is throwaway too. */
	readonly home: string;
	readonly filesDir: string;
	readonly port: number;
	private cliCount = 0;
	private readonly report?: string;
	/** Extra environment of every n8n process of this instance (e.g. N8N_LOG_LEVEL). */
	private extraEnv: Record<string, string>;

	protected constructor(
		root: string,
		port: number,
		installation: N8nInstallation,
		extraEnv: Record<string, string> = {},
	) {
		this.extraEnv = extraEnv;
		this.installation = installation;
		this.root = root;
		this.userFolder = join(root, 'user');
		this.home = join(root, 'home');
		this.filesDir = join(this.home, '.n8n-files');
		this.port = port;
		this.report = process.env.PIKA_E2E_REPORT;
		for (const dir of [this.userFolder, this.filesDir, join(root, 'logs'), join(root, 'tmp')])
			mkdirSync(dir, { recursive: true });
	}

	/** Changes the extra environment of the processes started from now on (a restart applies it). */
	setEnv(env: Record<string, string>): void {
		this.extraEnv = { ...this.extraEnv, ...env };
	}

	/** Records a duration in the e2e report file (printed by scripts/test.sh). */
	async timed<T>(label: string, work: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await work();
		} finally {
			if (this.report)
				appendFileSync(this.report, `${label}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
		}
	}

	/** Appends a line to the e2e report file (printed by scripts/test.sh), and to stdout. */
	note(line: string): void {
		process.stdout.write(`e2e: ${line}\n`);
		if (this.report) appendFileSync(this.report, `${line}\n`);
	}

	/** The environment of this instance's n8n processes: the harness defaults, then the extra. */
	protected async env(): Promise<NodeJS.ProcessEnv> {
		const env = await n8nEnv({
			root: this.root,
			home: this.home,
			userFolder: this.userFolder,
			port: this.port,
		});
		return { ...env, ...this.extraEnv };
	}

	/** Runs `n8n <args>` to completion (kill timeout, output in files); throws on timeout. */
	async cli(args: string[], timeoutMs = 120_000): Promise<RunResult> {
		const log = join(this.root, 'logs', `cli-${++this.cliCount}-${args[0].replace(/\W/g, '_')}`);
		const { node, bin } = this.installation;
		const result = await runGroup(
			node,
			[bin, ...args],
			await this.env(),
			log,
			timeoutMs,
			this.root,
		);
		if (result.timedOut)
			throw new Error(
				`n8n ${args.join(' ')} timed out after ${timeoutMs} ms:\n${tail(`${log}.err`)}`,
			);
		return result;
	}

	private async cliOk(args: string[], timeoutMs?: number): Promise<RunResult> {
		const result = await this.cli(args, timeoutMs);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited ${result.code}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
			);
		}
		return result;
	}

	/**
	 * `n8n <command> --input=<file>` with `data` in a JSON file in the root, removed as soon as
	 * n8n has read it: a credential's file holds its secrets in plain text.
	 */
	private async importFile(command: string, name: string, data: unknown): Promise<void> {
		const file = join(this.root, importFileName(name));
		writeFileSync(file, JSON.stringify(data, null, 2));
		try {
			await this.cliOk([command, `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	/** `n8n import:credentials`: plain `data` is encrypted with the instance key on import. */
	async importCredentials(credentials: object[]): Promise<void> {
		await this.importFile('import:credentials', 'credentials', credentials);
	}

	async importWorkflows(workflows: object[]): Promise<void> {
		await this.importFile('import:workflow', 'workflows', workflows);
	}

	/** Activates a workflow for the next server start (a running server does not see it). */
	async publish(workflowId: string): Promise<void> {
		await this.cliOk(['publish:workflow', `--id=${workflowId}`]);
	}

	/** `n8n execute --id X --rawOutput`: its own n8n process; returns the run data it printed. */
	async execute(
		workflowId: string,
		timeoutMs = 180_000,
	): Promise<{ code: number; run?: RunData; result: RunResult }> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs);
		// Log lines come before the JSON: it starts at the first line that opens an object.
		const start = result.stdout.search(/^\{/m);
		let run: RunData | undefined;
		if (start >= 0) {
			try {
				run = JSON.parse(result.stdout.slice(start)) as RunData;
			} catch {
				run = undefined;
			}
		}
		return { code: result.code, run, result };
	}
}

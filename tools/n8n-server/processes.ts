/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-side code runs under plain Node, never inside n8n */
/**
 * Child processes of the e2e suite: every one runs in its own process group (so n8n's task
 * runner goes down with it), writes to files (an n8n CLI whose stdout closes early spins at
 * 100 % CPU and ignores SIGTERM), has a kill timeout, and is recorded in a pid file that the
 * global teardown sweeps, so nothing outlives a failed or interrupted run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
	closeSync,
	mkdirSync,
	openSync,
	readFileSync,
	readdirSync,
	readlinkSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Folder of the pid files of live process groups; set by the global setup. */
export function pidDir(): string {
	const dir = join(process.env.PIKA_E2E_RUN_DIR ?? '/tmp/pika-e2e-orphans', 'pids');
	mkdirSync(dir, { recursive: true });
	return dir;
}

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false; // the group is already gone
	}
}

/** Kills every recorded process group (global teardown, and the last resort on exit). */
export function killRecordedGroups(): number {
	let killed = 0;
	let names: string[] = [];
	try {
		names = readdirSync(pidDir());
	} catch {
		return 0;
	}
	for (const name of names) {
		if (killGroup(Number(name), 'SIGKILL')) killed++;
		rmSync(join(pidDir(), name), { force: true });
	}
	return killed;
}

export interface Spawned {
	child: ChildProcess;
	pid: number;
	stdoutFile: string;
	stderrFile: string;
	/** Resolves with the exit code (signal → 128 + n, like a shell) once the process is gone. */
	exited: Promise<number>;
}

/** Starts `command args` in a new process group, stdout/stderr going to `<logBase>.out/.err`. */
export function spawnGroup(
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv,
	logBase: string,
	cwd?: string,
): Spawned {
	const stdoutFile = `${logBase}.out`;
	const stderrFile = `${logBase}.err`;
	const out = openSync(stdoutFile, 'w');
	const err = openSync(stderrFile, 'w');
	const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', out, err] });
	closeSync(out);
	closeSync(err);
	if (child.pid === undefined) throw new Error(`could not start ${command}`);
	const pid = child.pid;
	const pidFile = join(pidDir(), String(pid));
	writeFileSync(pidFile, `${command} ${args.join(' ')}\n`);
	const exited = new Promise<number>((resolve) => {
		child.once('exit', (code, signal) => {
			// The group may still hold children (n8n's task runner): take them down too.
			killGroup(pid, 'SIGKILL');
			rmSync(pidFile, { force: true });
			resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
		});
		child.once('error', () => resolve(127));
	});
	return { child, pid, stdoutFile, stderrFile, exited };
}

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the leader exited. */
export async function stopGroup(proc: Spawned, graceMs = 15_000): Promise<number> {
	killGroup(proc.pid, 'SIGTERM');
	const timer = setTimeout(() => killGroup(proc.pid, 'SIGKILL'), graceMs);
	try {
		return await proc.exited;
	} finally {
		clearTimeout(timer);
	}
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	ms: number;
}

/** Runs a command to completion with a hard kill timeout; never throws on a non-zero exit. */
export async function runGroup(
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv,
	logBase: string,
	timeoutMs: number,
	cwd?: string,
): Promise<RunResult> {
	const started = Date.now();
	const proc = spawnGroup(command, args, env, logBase, cwd);
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(proc.pid, 'SIGKILL');
	}, timeoutMs);
	const code = await proc.exited.finally(() => clearTimeout(timer));
	return {
		code,
		stdout: readFileSync(proc.stdoutFile, 'utf8'),
		stderr: readFileSync(proc.stderrFile, 'utf8'),
		timedOut,
		ms: Date.now() - started,
	};
}

/** The last `lines` lines of a log file, for error messages. */
export function tail(file: string, lines = 30): string {
	try {
		return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port')),
			);
		});
	});
}

/** Processes whose working directory is inside one of `roots` (every n8n process of a run works there). */
export function processesIn(roots: string[]): string[] {
	const found: string[] = [];
	for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const cwd = readlinkSync(`/proc/${pid}/cwd`);
			if (roots.some((root) => cwd.startsWith(root))) found.push(pid);
		} catch {
			// not ours to read, or already gone
		}
	}
	return found;
}

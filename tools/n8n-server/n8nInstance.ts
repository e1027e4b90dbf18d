/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * One real n8n server on 127.0.0.1 with a throwaway user folder and this package installed as a
 * community package. Seeding uses n8n's own CLI (n8nCli.ts: import:credentials,
 * import:workflow, publish:workflow, execute); the server is driven over HTTP like a user's
 * browser or script.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findInstallation, unpackIntoUserFolder, type N8nInstallation } from './installation';
import { N8nCli } from './n8nCli';
import { freePort, spawnGroup, stopGroup, tail, type Spawned } from './processes';
import type { RunData } from './runData';

/** The owner account the harness creates (the demo prints it as the login). */
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'Passw0rd!e2e',
};

export interface HttpResult<T = unknown> {
	status: number;
	body: T;
	text: string;
	headers: Headers;
}

export class N8nInstance extends N8nCli {
	readonly baseUrl: string;
	private server?: Spawned;
	private cookie = '';
	private apiKey = '';
	private starts = 0;
	private serverLog = 'server';

	private constructor(
		root: string,
		port: number,
		installation: N8nInstallation,
		extraEnv: Record<string, string> = {},
	) {
		super(root, port, installation, extraEnv);
		this.baseUrl = `http://127.0.0.1:${port}`;
	}

	/**
	 * A fresh user folder with the package unpacked into it from `tarball` (installation.ts,
	 * unpackIntoUserFolder: the shortcut for tests about the nodes, not about installing);
	 * nothing is started yet. Options as for createWithoutPackage.
	 */
	static async create(
		tarball: string,
		options: { env?: Record<string, string>; port?: number; root?: string } = {},
	): Promise<N8nInstance> {
		const instance = await N8nInstance.createWithoutPackage(options);
		await instance.timed(
			'unpack package into user folder',
			async () => await unpackIntoUserFolder(tarball, instance.userFolder),
		);
		return instance;
	}

	/**
	 * A fresh user folder without the package: it gets it the way users do, from a registry by
	 * n8n's own installer (tools/registry/localRegistry.ts). Nothing is started yet.
	 * `env` is added to the environment of every n8n process (after the harness defaults).
	 * `root` keeps the instance in that folder (made if missing; an existing one is reused with
	 * its database) instead of a new throwaway folder.
	 */
	static async createWithoutPackage(
		options: { env?: Record<string, string>; port?: number; root?: string } = {},
	): Promise<N8nInstance> {
		const base = process.env.PIKA_E2E_RUN_DIR ?? tmpdir();
		mkdirSync(options.root ?? base, { recursive: true });
		return new N8nInstance(
			options.root ?? mkdtempSync(join(base, 'n8n-')),
			options.port ?? (await freePort()),
			findInstallation(),
			options.env,
		);
	}

	/** `n8n start`, then waits for /healthz/readiness (fails early with the log if n8n exits). */
	async start(timeoutMs = 180_000): Promise<void> {
		if (this.server) throw new Error('n8n already started');
		const { node, bin } = this.installation;
		// A restart keeps the earlier server's log: server.out, then server-2.out, …
		this.serverLog = ++this.starts === 1 ? 'server' : `server-${this.starts}`;
		await this.timed('n8n start → /healthz/readiness', async () => {
			const server = spawnGroup(
				node,
				[bin, 'start'],
				await this.env(),
				join(this.root, 'logs', this.serverLog),
				this.root,
			);
			this.server = server;
			let exitCode: number | undefined;
			void server.exited.then((code) => (exitCode = code));
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				if (exitCode !== undefined)
					throw new Error(`n8n exited (${exitCode}) while starting:\n${this.logTail()}`);
				if (Date.now() > deadline)
					throw new Error(`n8n not ready after ${timeoutMs} ms:\n${this.logTail()}`);
				// n8n 1.x reports readiness before its REST routes exist: wait for both.
				const ok = async (path: string) =>
					await fetch(`${this.baseUrl}${path}`).then(
						(r) => r.ok,
						() => false,
					);
				if ((await ok('/healthz/readiness')) && (await ok('/rest/settings'))) return;
				await new Promise((r) => setTimeout(r, 250));
			}
		});
	}

	/** Stops the server's whole process group (SIGTERM, then SIGKILL); safe to call twice. */
	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server) await stopGroup(server);
	}

	/** SIGKILL to the server's process group: n8n gets no chance to deactivate anything. */
	async kill(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		try {
			process.kill(-server.pid, 'SIGKILL');
		} catch {
			// already gone
		}
		await server.exited;
	}

	logTail(lines = 40): string {
		const base = join(this.root, 'logs', this.serverLog);
		return `${tail(`${base}.out`, lines)}\n${tail(`${base}.err`, lines)}`;
	}

	/** Every log file the harness wrote for this instance (servers and CLI runs), by name. */
	logFiles(): Array<{ name: string; text: string }> {
		const dir = join(this.root, 'logs');
		return readdirSync(dir)
			.sort()
			.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
	}

	/** The owner's session cookie (`n8n-auth=…`), for requests `http` does not fit (binary bodies). */
	get sessionCookie(): string {
		return this.cookie;
	}

	/** HTTP to the server; `auth` picks the browser session cookie or the public-API key. */
	async http<T = unknown>(
		method: string,
		path: string,
		options: { body?: unknown; auth?: 'cookie' | 'apiKey' | 'none'; timeoutMs?: number } = {},
	): Promise<HttpResult<T>> {
		const headers: Record<string, string> = {};
		if (options.body !== undefined) headers['content-type'] = 'application/json';
		if ((options.auth ?? 'cookie') === 'cookie' && this.cookie) headers.cookie = this.cookie;
		if (options.auth === 'apiKey') headers['x-n8n-api-key'] = this.apiKey;
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
		});
		const text = await response.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, body: body as T, text, headers: response.headers };
	}

	/** Creates the owner on the fresh database (keeps the session cookie) and an API key. */
	async setupOwner(): Promise<void> {
		const owner = await this.http('POST', '/rest/owner/setup', { body: OWNER, auth: 'none' });
		if (owner.status !== 200) throw new Error(`owner setup: ${owner.status} ${owner.text}`);
		const setCookie = owner.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!setCookie) throw new Error('owner setup returned no n8n-auth cookie');
		this.cookie = setCookie.split(';')[0];
		const scopes = await this.http<{ data: string[] }>('GET', '/rest/api-keys/scopes');
		const key = await this.http<{ data: { rawApiKey: string } }>('POST', '/rest/api-keys', {
			body: { label: 'e2e', scopes: scopes.body.data, expiresAt: null },
		});
		if (key.status !== 200) throw new Error(`api key: ${key.status} ${key.text}`);
		this.apiKey = key.body.data.rawApiKey;
	}

	/** Activates a workflow on the running server through the public API (no restart needed). */
	async activate(workflowId: string): Promise<void> {
		const result = await this.http('POST', `/api/v1/workflows/${workflowId}/activate`, {
			auth: 'apiKey',
		});
		if (result.status !== 200)
			throw new Error(`activate ${workflowId}: ${result.status} ${result.text.slice(0, 500)}`);
	}

	/** Deactivates a workflow on the running server through the public API. */
	async deactivate(workflowId: string): Promise<void> {
		const result = await this.http('POST', `/api/v1/workflows/${workflowId}/deactivate`, {
			auth: 'apiKey',
		});
		if (result.status !== 200)
			throw new Error(`deactivate ${workflowId}: ${result.status} ${result.text.slice(0, 500)}`);
	}

	/** Waits for the newest finished execution of a workflow, with its full run data. */
	async lastExecution(
		workflowId: string,
		after = 0,
		timeoutMs = 30_000,
	): Promise<RunData & { id: string }> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await this.http<{
				data: Array<RunData & { id: string; finished: boolean; stoppedAt: string | null }>;
			}>('GET', `/api/v1/executions?workflowId=${workflowId}&includeData=true&limit=5`, {
				auth: 'apiKey',
			});
			const done = list.body.data?.find((e) => e.stoppedAt && Number(e.id) > after);
			if (done) return done;
			if (Date.now() > deadline)
				throw new Error(`no finished execution of ${workflowId}: ${list.text.slice(0, 500)}`);
			await new Promise((r) => setTimeout(r, 250));
		}
	}
}

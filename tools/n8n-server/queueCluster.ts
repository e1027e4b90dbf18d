/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * n8n in queue mode on 127.0.0.1: one main (`n8n start`: editor, API, activation, triggers;
 * production webhooks off), one webhook processor (`n8n webhook`) and two workers
 * (`n8n worker`), on PostgreSQL and Redis. Every process has its own user folder, ports,
 * process group and log files, and gets the package the way a queue-mode deployment does (README,
 * Install): the same environment for every process names it in N8N_COMMUNITY_PACKAGES (main
 * installs it from the registry while it starts and records it in the database) and sets
 * N8N_REINSTALL_MISSING_PACKAGES (the webhook processor and the workers, which do not read
 * N8N_COMMUNITY_PACKAGES, install what the database lists from the registry while they start).
 * The registry is a local one holding the packed package (tools/registry/localRegistry.ts).
 * The database, both Redis key prefixes and the registry are new per cluster and gone after stop().
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LocalRegistry } from '../registry/localRegistry';
import { PACKAGE_NAME } from './installation';
import { waitForPublication } from './n8nApi';
import { N8nInstance } from './n8nInstance';
import { BURST_POOL_SIZE, n8nEnv, QUEUE_JOB_RETENTION } from './n8nEnv';
import { freePort, processesIn, spawnGroup, stopGroup, tail, type Spawned } from './processes';
import {
	REDIS,
	assertQueueServices,
	createDatabase,
	deleteRedisKeys,
	dropDatabase,
	postgresEnv,
	redisKeys,
	sql,
} from './queueServices';

/** Database settings of every process (README, Queue mode: what the burst was measured with). */
export const DATABASE_TUNING = { poolSize: BURST_POOL_SIZE, pingTimeoutMs: 30_000 } as const;

export interface QueueProcess {
	name: string;
	kind: 'webhook' | 'worker';
	root: string;
	userFolder: string;
	/** The webhook processor's HTTP port, or a worker's health-check port. */
	port: number;
	logBase: string;
	spawned?: Spawned;
}

export interface QueueClusterOptions {
	workers?: number;
	/** Extra environment for every process (e.g. shorter Bull locks for a kill test). */
	env?: Record<string, string>;
	/**
	 * Production webhooks served by main itself (no webhook processor): the other queue-mode
	 * layout n8n documents, where callbacks reach the process that also runs the editor.
	 */
	webhooksOnMain?: boolean;
}

export class QueueCluster {
	/** Main: the harness's single-server instance, switched to queue mode by its environment. */
	readonly main: N8nInstance;
	/** The webhook processor; undefined when main serves the webhooks (`webhooksOnMain`). */
	readonly webhook: QueueProcess | undefined;
	readonly workers: QueueProcess[];
	readonly database: string;
	readonly bullPrefix: string;
	readonly redisPrefix: string;
	/** Where production webhooks (and the Pika Trigger's callbacks) go: the webhook processor, or main. */
	readonly webhookBaseUrl: string;
	/** Where every process installs the package from. */
	readonly registry: LocalRegistry;
	private readonly sharedEnv: Record<string, string>;

	private constructor(
		main: N8nInstance,
		webhook: QueueProcess | undefined,
		workers: QueueProcess[],
		ids: { database: string; bullPrefix: string; redisPrefix: string },
		sharedEnv: Record<string, string>,
		registry: LocalRegistry,
	) {
		this.registry = registry;
		this.main = main;
		this.webhook = webhook;
		this.workers = workers;
		this.database = ids.database;
		this.bullPrefix = ids.bullPrefix;
		this.redisPrefix = ids.redisPrefix;
		this.webhookBaseUrl = webhook ? `http://127.0.0.1:${webhook.port}` : main.baseUrl;
		this.sharedEnv = sharedEnv;
	}

	/**
	 * Checks the services, makes the database, starts the registry and publishes `tarball` (the
	 * packed package) to it. Nothing is installed yet: each process installs while it starts.
	 */
	static async create(tarball: string, options: QueueClusterOptions = {}): Promise<QueueCluster> {
		await assertQueueServices();
		const registry = await LocalRegistry.start();
		await registry.publish(tarball);
		const [version] = (await registry.versions()).versions;
		const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
		const ids = {
			database: `pika_e2e_${id}`,
			bullPrefix: `pika-e2e-bull-${id}`,
			redisPrefix: `pika-e2e-n8n-${id}`,
		};
		const [mainPort, webhookPort] = [await freePort(), await freePort()];
		const sharedEnv: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			...postgresEnv(ids.database),
			QUEUE_BULL_REDIS_HOST: REDIS.host,
			QUEUE_BULL_REDIS_PORT: String(REDIS.port),
			QUEUE_BULL_PREFIX: ids.bullPrefix,
			// Also the prefix of n8n's pub/sub channels, which Redis does not separate by DB number.
			N8N_REDIS_KEY_PREFIX: ids.redisPrefix,
			// Main builds the trigger's URL from this when it registers: the webhook processor's.
			N8N_WEBHOOK_URL: `http://127.0.0.1:${options.webhooksOnMain ? mainPort : webhookPort}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${mainPort}/`,
			// n8n's defaults (2 connections, 5 s ping timeout) lose callbacks under a burst: the
			// webhook processor's database ping waits for a pooled connection, times out, and n8n
			// answers every request 503 "Database is not ready!" until a ping succeeds again
			// (README, Queue mode, has the figures). useapi.net does not retry a callback.
			DB_POSTGRESDB_POOL_SIZE: String(DATABASE_TUNING.poolSize),
			DB_PING_TIMEOUT_MS: String(DATABASE_TUNING.pingTimeoutMs),
			// As docs/queue-mode.md recommends: else main loses track of some finished executions.
			...QUEUE_JOB_RETENTION,
			// The package, as README "Install" tells queue-mode users to set it on every process.
			N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: PACKAGE_NAME, version }]),
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'true',
			...registry.n8nEnv(),
			...options.env,
		};
		await createDatabase(ids.database);
		const main = await N8nInstance.createWithoutPackage({
			port: mainPort,
			// Main serves no production webhook: every callback takes the webhook processor's path.
			env: options.webhooksOnMain
				? sharedEnv
				: { ...sharedEnv, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
		});
		const side = async (name: string, kind: QueueProcess['kind'], port: number) => {
			const root = join(main.root, name);
			const userFolder = join(root, 'user');
			mkdirSync(join(root, 'tmp'), { recursive: true });
			const logBase = join(main.root, 'logs', name);
			return { name, kind, root, userFolder, port, logBase } satisfies QueueProcess;
		};
		const webhook = options.webhooksOnMain
			? undefined
			: await side('webhook', 'webhook', webhookPort);
		const workers: QueueProcess[] = [];
		for (let k = 1; k <= (options.workers ?? 2); k++)
			workers.push(await side(`worker${k}`, 'worker', await freePort()));
		return new QueueCluster(main, webhook, workers, ids, sharedEnv, registry);
	}

	/** Main first (it migrates the fresh database), the owner, then the others together. */
	async start(): Promise<void> {
		await this.main.start();
		await this.main.setupOwner();
		await this.main.timed('webhook processor + workers → /healthz/readiness', async () => {
			await Promise.all(this.sideProcesses().map((p) => this.startProcess(p)));
		});
		this.assertPackageInstalled();
	}

	/**
	 * Each process installed the package from the registry while it started, as n8n logs it:
	 * main from N8N_COMMUNITY_PACKAGES, the others as a missing package the database lists.
	 */
	private assertPackageInstalled(): void {
		const mainLog = readFileSync(join(this.main.root, 'logs', 'server.out'), 'utf8');
		if (!mainLog.includes(`Installed community package '${PACKAGE_NAME}@`))
			throw new Error(`main did not install ${PACKAGE_NAME}:\n${this.main.logTail()}`);
		for (const p of this.sideProcesses()) {
			const log = readFileSync(`${p.logBase}.out`, 'utf8');
			if (!log.includes('Packages reinstalled successfully'))
				throw new Error(`${p.name} did not install ${PACKAGE_NAME}:\n${tail(`${p.logBase}.out`)}`);
		}
	}

	private async env(p: QueueProcess): Promise<NodeJS.ProcessEnv> {
		const base = await n8nEnv({
			root: p.root,
			home: join(p.root, 'home'),
			userFolder: p.userFolder,
			port: p.port,
		});
		const own: Record<string, string> =
			p.kind === 'webhook'
				? { N8N_PORT: String(p.port) }
				: {
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(p.port),
						// Otherwise the health server listens on every interface.
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					};
		return { ...base, ...this.sharedEnv, ...own };
	}

	/** The webhook processor (if any) and the workers. */
	private sideProcesses(): QueueProcess[] {
		return this.webhook ? [this.webhook, ...this.workers] : [...this.workers];
	}

	/** Starts `n8n webhook` / `n8n worker` and waits for its /healthz/readiness. */
	async startProcess(p: QueueProcess, timeoutMs = 180_000): Promise<void> {
		if (p.spawned) throw new Error(`${p.name} already started`);
		const { node, bin } = this.main.installation;
		const spawned = spawnGroup(node, [bin, p.kind], await this.env(p), p.logBase, p.root);
		p.spawned = spawned;
		let exitCode: number | undefined;
		void spawned.exited.then((code) => (exitCode = code));
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const log = () => `${tail(`${p.logBase}.out`)}\n${tail(`${p.logBase}.err`)}`;
			if (exitCode !== undefined) throw new Error(`${p.name} exited (${exitCode}):\n${log()}`);
			if (Date.now() > deadline)
				throw new Error(`${p.name} not ready in ${timeoutMs} ms:\n${log()}`);
			const ready = await fetch(`http://127.0.0.1:${p.port}/healthz/readiness`).then(
				(r) => r.ok,
				() => false,
			);
			if (ready) return;
			await new Promise((r) => setTimeout(r, 250));
		}
	}

	/** Activates (or deactivates) a workflow on main and waits until n8n reports exactly that. */
	async setActive(workflowId: string, active: boolean, timeoutMs = 120_000): Promise<void> {
		if (active) await this.main.activate(workflowId);
		else await this.main.deactivate(workflowId);
		await waitForPublication(
			this.main,
			workflowId,
			timeoutMs,
			active ? 'published' : 'not_published',
		);
	}

	/** SIGKILL to a process's whole group (the worker and its task runner): no shutdown at all. */
	async kill(p: QueueProcess): Promise<void> {
		const spawned = p.spawned;
		p.spawned = undefined;
		if (!spawned) return;
		try {
			process.kill(-spawned.pid, 'SIGKILL');
		} catch {
			// already gone
		}
		await spawned.exited;
	}

	/**
	 * Stops every process (the workers get n8n's own drain time), then drops the database and
	 * deletes the Redis keys of both prefixes: nothing of the cluster outlives it.
	 */
	async stop(): Promise<void> {
		await Promise.all(
			this.sideProcesses().map(async (p) => {
				const spawned = p.spawned;
				p.spawned = undefined;
				if (spawned) await stopGroup(spawned, 30_000);
			}),
		);
		await this.main.stop();
		await this.registry.stop();
		await dropDatabase(this.database);
		for (const prefix of [this.bullPrefix, this.redisPrefix]) await deleteRedisKeys(prefix);
	}

	/**
	 * What is left of the cluster: processes still running in its folders (every n8n process
	 * and task runner runs there, the registry in its own), its database, its Redis keys. All
	 * empty after stop().
	 */
	async leftovers(): Promise<{ processes: string[]; databases: string[]; redisKeys: string[] }> {
		const processes = processesIn([this.main.root, this.registry.root]);
		const databases = await sql(
			'postgres',
			`select datname from pg_database where datname = '${this.database}'`,
		);
		const keys = [...(await redisKeys(this.bullPrefix)), ...(await redisKeys(this.redisPrefix))];
		return { processes, databases, redisKeys: keys };
	}

	/**
	 * Which workers ran each execution, in order, from the workers' `Worker started execution N`
	 * log lines (n8n records no worker in the database). A resumed execution appears twice.
	 */
	executionsByWorker(): Map<string, string[]> {
		const byExecution = new Map<string, string[]>();
		for (const worker of this.workers) {
			const text = readFileSync(`${worker.logBase}.out`, 'utf8');
			for (const match of text.matchAll(/Worker started execution (\d+) /g))
				byExecution.set(match[1], [...(byExecution.get(match[1]) ?? []), worker.name]);
		}
		return byExecution;
	}

	/** How many of `executionIds` each worker started (workers that started none have 0). */
	workerShares(executionIds: string[]): Record<string, number> {
		const byExecution = this.executionsByWorker();
		const shares: Record<string, number> = Object.fromEntries(this.workers.map((w) => [w.name, 0]));
		for (const id of executionIds) {
			for (const worker of byExecution.get(id) ?? ['no worker'])
				shares[worker] = (shares[worker] ?? 0) + 1;
		}
		return shares;
	}
}

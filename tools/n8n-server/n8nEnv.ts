/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/** The environment of the e2e n8n processes: loopback only, throwaway folders, no telemetry. */
import { join } from 'node:path';

import { freePort } from './processes';

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- fixed key of a throwaway test instance
export const ENCRYPTION_KEY = 'pika-e2e-fixed-encryption-key-0001';

/** PostgreSQL connections per n8n process in the settings below (n8n's default is 2). */
export const BURST_POOL_SIZE = 20;

/**
 * What docs/pika-trigger.md ("Keeping up with bursts") recommends, so that a trigger other than
 * n8n's own Webhook node answers a burst of callbacks as fast as that node does (measured by
 * bench/trigger.ts): an expression isolate only when an expression is evaluated, and a
 * database pool that a burst does not exhaust.
 */
export const BURST_SETTINGS: Readonly<Record<string, string>> = {
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
	DB_POSTGRESDB_POOL_SIZE: String(BURST_POOL_SIZE),
};

/**
 * What docs/queue-mode.md recommends in queue mode on every process that enqueues executions
 * (main, webhook processors): finished Bull jobs stay in Redis (the last 1,000) instead of being
 * deleted at once (n8n's default, 0). The enqueuing process learns that a job finished from
 * Bull's job.finished(), which misses a job a worker completed before the wait began unless the
 * job is still there; n8n 2.41.1 then keeps that execution as running in memory for good, and
 * main's executions API leaves it out of its lists.
 */
export const QUEUE_JOB_RETENTION: Readonly<Record<string, string>> = {
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
};

/**
 * The environment of every n8n process. Nothing of the caller's n8n settings is inherited,
 * nor Jest's NODE_ENV=test: with it n8n takes its test code paths and exits silently, nor the
 * npm settings `npm run` hands down (npm_config_registry would steer the npm commands n8n's
 * community-package installer runs).
 */
export async function n8nEnv(where: {
	root: string;
	home: string;
	userFolder: string;
	port: number;
}): Promise<NodeJS.ProcessEnv> {
	const baseUrl = `http://127.0.0.1:${where.port}`;
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) =>
				!/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|JEST_|npm_)/i.test(
					key,
				),
		),
	);
	return {
		...inherited,
		HOME: where.home,
		// n8n puts folders in the temp dir too (data-table uploads): keep them in the instance.
		TMPDIR: join(where.root, 'tmp'),
		N8N_USER_FOLDER: where.userFolder,
		N8N_PORT: String(where.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: 'info',
		// Every n8n process (server, each `execute`) starts a task broker: each gets its own port.
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	};
}

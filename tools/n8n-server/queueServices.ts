/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test-side code runs under plain Node, never inside n8n */
/**
 * PostgreSQL and Redis for the queue-mode suite, through their own clients (psql, redis-cli),
 * always on 127.0.0.1. Each cluster gets a database and two Redis key prefixes of its own, and
 * removes them when it stops, so runs never see each other's data.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const;
export const REDIS = { host: '127.0.0.1', port: 6379 } as const;

/** The environment that puts an n8n process on `database` of the local PostgreSQL. */
export function postgresEnv(database: string): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: POSTGRES.host,
		DB_POSTGRESDB_PORT: String(POSTGRES.port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: POSTGRES.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
}

/** How to start each service when it is down (Debian packages postgresql-15 and redis-server). */
export const START_COMMANDS = {
	postgres: 'pg_ctlcluster 15 main start',
	redis: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
} as const;

/** The Debian package of each client, named when the client itself is missing. */
export const CLIENT_PACKAGES: Record<string, string> = {
	psql: 'postgresql-client',
	'redis-cli': 'redis-tools',
};

async function client(command: string, args: string[], timeoutMs = 30_000): Promise<string> {
	try {
		const { stdout } = await run(command, args, {
			timeout: timeoutMs,
			maxBuffer: 64 * 1024 * 1024,
		});
		return stdout;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT')
			throw new Error(`${command} is not installed (apt-get install ${CLIENT_PACKAGES[command]})`);
		throw error;
	}
}

const psqlArgs = (database: string, sql: string): string[] => [
	'-h',
	POSTGRES.host,
	'-p',
	String(POSTGRES.port),
	'-U',
	POSTGRES.user,
	'-d',
	database,
	'-v',
	'ON_ERROR_STOP=1',
	'-Atc',
	sql,
];

/** Runs one SQL statement; returns the rows, columns separated by `|` (psql's unaligned form). */
export async function sql(database: string, statement: string): Promise<string[]> {
	const out = await client('psql', psqlArgs(database, statement));
	return out.split('\n').filter((line) => line !== '');
}

async function redis(args: string[]): Promise<string> {
	return (await client('redis-cli', ['-h', REDIS.host, '-p', String(REDIS.port), ...args])).trim();
}

/**
 * Fails, naming the command that starts the service, unless PostgreSQL and Redis both answer.
 * The queue-mode suite never skips itself: a missing service is an error of the test machine.
 */
export async function assertQueueServices(): Promise<void> {
	const problems: string[] = [];
	try {
		await sql('postgres', 'select 1');
	} catch (error) {
		problems.push(
			`PostgreSQL does not answer on ${POSTGRES.host}:${POSTGRES.port} as user ${POSTGRES.user} ` +
				`(${firstLine(error)}). Start it with: ${START_COMMANDS.postgres}`,
		);
	}
	try {
		const pong = await redis(['ping']);
		if (pong !== 'PONG') throw new Error(`ping answered "${pong}"`);
	} catch (error) {
		problems.push(
			`Redis does not answer on ${REDIS.host}:${REDIS.port} (${firstLine(error)}). ` +
				`Start it with: ${START_COMMANDS.redis}`,
		);
	}
	if (problems.length > 0)
		throw new Error(`the queue-mode e2e suite needs PostgreSQL and Redis:\n${problems.join('\n')}`);
}

function firstLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.split('\n').find((line) => line.trim() !== '') ?? text;
}

/** Names are made by the harness ([a-z0-9_-] only), so quoting them is enough. */
export async function createDatabase(name: string): Promise<void> {
	await sql('postgres', `create database "${name}"`);
}

/** Drops the database even while a killed process's connections are still being torn down. */
export async function dropDatabase(name: string): Promise<void> {
	await sql('postgres', `drop database if exists "${name}" with (force)`);
}

/** Redis keys that start with `prefix`. */
export async function redisKeys(prefix: string): Promise<string[]> {
	const out = await redis(['--scan', '--pattern', `${prefix}*`]);
	return out.split('\n').filter((key) => key !== '');
}

/** Deletes every key that starts with `prefix`; returns how many there were. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
	const keys = await redisKeys(prefix);
	for (let i = 0; i < keys.length; i += 500) await redis(['del', ...keys.slice(i, i + 500)]);
	return keys.length;
}

/** Pub/sub channels whose name starts with `prefix` (n8n names them after N8N_REDIS_KEY_PREFIX). */
export async function redisChannels(prefix: string): Promise<string[]> {
	const out = await redis(['pubsub', 'channels', `${prefix}*`]);
	return out.split('\n').filter((name) => name !== '');
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Standalone simulator: `npm run simulator -- [--port 8787] [--token T] [--duration ms]
 * [--progress-after ms] [--video-size bytes] [--host 127.0.0.1]`.
 *
 * Prints the base URL and the token to put into the n8n credential, seeds one Pika account,
 * logs one line per request (the token itself is never logged again), stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';

import { createSimulator, DEFAULT_TOKEN } from './index';

const SEED_ACCOUNT = {
	discord: 'MTE4simulated.discord.token.AbC',
	channel: '1190000000000000000',
	maxJobs: 3,
};

function write(line: string): void {
	process.stdout.write(`${line}\n`);
}

function numberArg(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
	return n;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8787' },
			host: { type: 'string', default: '127.0.0.1' },
			token: { type: 'string', default: DEFAULT_TOKEN },
			duration: { type: 'string' },
			'progress-after': { type: 'string' },
			'video-size': { type: 'string' },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		write('Usage: npm run simulator -- [--port 8787] [--host 127.0.0.1] [--token T]');
		write('       [--duration 8000] [--progress-after 2000] [--video-size 1048576]');
		return;
	}
	const sim = createSimulator({
		host: values.host,
		port: numberArg(values.port, 'port', 8787),
		tokens: [values.token ?? DEFAULT_TOKEN],
		// Slower than the test defaults so a human can watch started → progress → completed.
		jobDurationMs: numberArg(values.duration, 'duration', 8000),
		progressAfterMs: numberArg(values['progress-after'], 'progress-after', 2000),
		videoSize: numberArg(values['video-size'], 'video-size', 1024 * 1024),
		// A human watches the video: a real MP4 unless a size was asked for (large-download tries).
		playableVideo: values['video-size'] === undefined,
		accounts: [SEED_ACCOUNT],
		onRequest: (r) => {
			const status = r.status === undefined ? 'no response' : String(r.status);
			const fault = r.fault ? ` [fault ${r.fault}]` : '';
			const query = Object.keys(r.query).length
				? `?${new URLSearchParams(r.query).toString()}`
				: '';
			write(
				`${r.receivedAt} ${r.method} ${r.path}${query} -> ${status} (${r.durationMs ?? 0} ms, auth ${r.auth})${fault}`,
			);
		},
	});
	const baseUrl = await sim.start();
	write(`useapi.net Pika simulator listening on ${baseUrl}`);
	write(`API token to use: ${sim.token}`);
	write(`Seeded Pika account: channel ${SEED_ACCOUNT.channel}, maxJobs ${SEED_ACCOUNT.maxJobs}`);
	write('Press Ctrl+C to stop.');

	let stopping = false;
	const shutdown = (signal: string) => {
		if (stopping) return;
		stopping = true;
		write(`${signal} received, stopping…`);
		sim.stop().then(
			() => write('stopped'),
			(error: unknown) => {
				write(`error while stopping: ${String(error)}`);
				process.exitCode = 1;
			},
		);
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});

/**
 * Seeding the simulator through its public HTTP API, the way a client creates jobs, and
 * reading its request log.
 */
import type { PikaSimulator } from '../../tools/simulator';
import type { RequestRecord } from '../../tools/simulator/types';
import { sleep } from './report';

/** Channel IDs of the bench's Pika accounts: `channel(0)` … */
export const channel = (n: number): string => `11900000000000${String(1000 + n)}`;

export function addAccounts(sim: PikaSimulator, count: number, maxJobs = 10, first = 0): string[] {
	const channels: string[] = [];
	for (let n = first; n < first + count; n++) {
		sim.addAccount({
			discord: `MTE4bench.discord.token.${String(n).padStart(4, '0')}`,
			channel: channel(n),
			maxJobs,
		});
		channels.push(channel(n));
	}
	return channels;
}

/** POST /v1/pika/create on a channel; waits out 429s (bounded); returns the jobid. */
export async function submitCreate(
	sim: PikaSimulator,
	ch: string,
	prompt: string,
): Promise<string> {
	for (let attempt = 0; attempt < 2000; attempt++) {
		const form = new FormData();
		form.append('prompt', prompt);
		form.append('channel', ch);
		const response = await fetch(`${sim.baseUrl}/v1/pika/create`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sim.token}` },
			body: form,
		});
		const body = (await response.json()) as { jobid?: string; error?: string };
		if (response.status === 200 && body.jobid) return body.jobid;
		if (response.status !== 429)
			throw new Error(`create: ${response.status} ${JSON.stringify(body)}`);
		await sleep(5);
	}
	throw new Error('create: the queue stayed full');
}

/** Creates `count` jobs that finish at once (the simulator's job time is set to 1 ms meanwhile). */
export async function seedFinishedJobs(
	sim: PikaSimulator,
	ch: string,
	count: number,
): Promise<string[]> {
	const before = sim.options;
	sim.configure({ jobDurationMs: 1, progressAfterMs: 10_000 });
	try {
		const ids: string[] = [];
		for (let i = 0; i < count; i++) ids.push(await submitCreate(sim, ch, `Bench job ${i}`));
		await sim.waitFor(() => ids.every((id) => sim.job(id)?.status === 'completed'), 30_000, 20);
		return ids;
	} finally {
		sim.configure({ jobDurationMs: before.jobDurationMs, progressAfterMs: before.progressAfterMs });
	}
}

/** The most requests the simulator had in flight at once, from its log (receivedAt + duration). */
export function maxInFlight(requests: readonly RequestRecord[]): number {
	const events: Array<[number, number]> = [];
	for (const r of requests) {
		const start = Date.parse(r.receivedAt);
		events.push([start, 1], [start + Math.max(0, r.durationMs ?? 0), -1]);
	}
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let current = 0;
	let max = 0;
	for (const [, delta] of events) max = Math.max(max, (current += delta));
	return max;
}

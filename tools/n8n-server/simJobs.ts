/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Jobs made the way a client makes them (POST /v1/pika/create to the simulator, no n8n
 * involved), and callbacks posted the way useapi.net posts them: JSON bodies to a reply URL.
 */
import type { PikaJob, PikaSimulator } from '../simulator';

/**
 * Ten simulator accounts of 10 job slots each, for runs that finish hundreds of jobs: seeding
 * them never waits for a free slot. `channelBase`: 17 digits, one per test file.
 */
export function tenAccounts(discordBase: string, channelBase: string) {
	return Array.from({ length: 10 }, (_, n) => ({
		discord: `${discordBase}${n}`,
		channel: `${channelBase}${String(n).padStart(2, '0')}`,
		maxJobs: 10,
	}));
}

/** POST /v1/pika/create without a Reply URL; waits out a full queue (bounded); returns the jobid. */
export async function submitCreate(
	sim: PikaSimulator,
	prompt: string,
	fields: Record<string, string> = {},
): Promise<string> {
	for (let attempt = 0; attempt < 1000; attempt++) {
		const form = new FormData();
		form.append('prompt', prompt);
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		const response = await fetch(`${sim.baseUrl}/v1/pika/create`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sim.token}` },
			body: form,
		});
		const body = (await response.json()) as { jobid?: string };
		if (response.status === 200 && body.jobid) return body.jobid;
		if (response.status !== 429)
			throw new Error(`create: ${response.status} ${JSON.stringify(body)}`);
		await new Promise((r) => setTimeout(r, 10));
	}
	throw new Error('create: the queue stayed full');
}

/**
 * `count` completed jobs, created while the account has no default Reply URL (so no callback
 * goes anywhere): the simulator's job time is 1 ms meanwhile, then put back.
 */
export async function seedCompletedJobs(
	sim: PikaSimulator,
	count: number,
	concurrency = 10,
): Promise<string[]> {
	if (sim.accountReplyUrl) throw new Error('seed completed jobs before any Reply URL is set');
	const before = sim.options;
	sim.configure({ jobDurationMs: 1, progressAfterMs: 60_000 });
	try {
		const ids: string[] = [];
		let next = 0;
		const worker = async () => {
			while (next < count) {
				const n = next++;
				ids[n] = await submitCreate(sim, `Burst job ${n}`);
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
		await sim.waitFor(() => ids.every((id) => sim.job(id)?.status === 'completed'), 60_000, 20);
		return ids;
	} finally {
		sim.configure({ jobDurationMs: before.jobDurationMs, progressAfterMs: before.progressAfterMs });
	}
}

/** The callback body useapi.net sends for a job: its JSON plus `code: 200`. */
export function callbackBody(sim: PikaSimulator, jobid: string): PikaJob & { code: number } {
	const job = sim.job(jobid);
	if (!job) throw new Error(`the simulator does not know ${jobid}`);
	return { ...job, code: 200 };
}

export interface PostResult {
	status: number;
	text: string;
	/** ms since the burst started, when the answer had arrived. */
	answeredAtMs: number;
}

/** POSTs one JSON body (a callback) to a URL. */
export async function postJson(
	url: string,
	body: unknown,
	timeoutMs = 120_000,
): Promise<PostResult> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'user-agent': 'useapi-pika-e2e' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	return { status: response.status, text: await response.text(), answeredAtMs: 0 };
}

/**
 * Posts every body to `url` with at most `concurrency` requests in flight; the results are
 * in the order of `bodies`, each with the time its answer arrived (ms after the first send).
 */
export async function postBurst(
	url: string,
	bodies: unknown[],
	concurrency: number,
): Promise<{ results: PostResult[]; startedAt: number; durationMs: number }> {
	const results: PostResult[] = new Array<PostResult>(bodies.length);
	const startedAt = Date.now();
	let next = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const n = next++;
			try {
				results[n] = await postJson(url, bodies[n]);
			} catch (error) {
				results[n] = { status: 0, text: String(error), answeredAtMs: 0 };
			}
			results[n].answeredAtMs = Date.now() - startedAt;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
	return { results, startedAt, durationMs: Date.now() - startedAt };
}

/**
 * POSTs every body to `url` at the same moment, each with its own client deadline (useapi.net
 * calls once and does not retry: an answer later than the deadline is a lost callback).
 * Results in the order of `bodies`: the HTTP status, or 'deadline' / 'error'.
 */
export async function postAllAtOnce(
	url: string,
	bodies: unknown[],
	deadlineMs: number,
): Promise<Array<{ status: number | 'deadline' | 'error'; ms: number }>> {
	const startedAt = Date.now();
	return await Promise.all(
		bodies.map(async (body) => {
			try {
				const { status } = await postJson(url, body, deadlineMs);
				return { status, ms: Date.now() - startedAt };
			} catch (error) {
				const deadline = (error as Error).name === 'TimeoutError';
				return {
					status: deadline ? ('deadline' as const) : ('error' as const),
					ms: Date.now() - startedAt,
				};
			}
		}),
	);
}

/** How many answers had each status: an HTTP status, or why there was none (`deadline`, `error`). */
export function statusCounts(answers: Array<{ status: number | string }>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
	return counts;
}

/** Jobs without an execution, with more than one, and executions of jobs not sent. */
export function tally(
	sent: string[],
	seen: string[],
): { lost: string[]; duplicates: string[]; strangers: string[] } {
	const counts = new Map<string, number>();
	for (const jobid of seen) counts.set(jobid, (counts.get(jobid) ?? 0) + 1);
	const expected = new Set(sent);
	return {
		lost: sent.filter((jobid) => !counts.has(jobid)),
		duplicates: [...counts].filter(([, n]) => n > 1).map(([jobid]) => jobid),
		strangers: [...counts.keys()].filter((jobid) => !expected.has(jobid)),
	};
}

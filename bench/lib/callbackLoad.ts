/**
 * Callbacks posted the way useapi.net posts them (one JSON POST per finished job, never
 * retried), under a client deadline: an answer that comes later counts as lost, as it would
 * for a caller that gives up. Three patterns: one after the other, all at once, a steady rate.
 */
import { percentile, sleep } from './report';

export interface Answer {
	/** When the POST went out (epoch ms). */
	sentAt: number;
	/** Round trip in ms (up to the deadline when it was not answered in time). */
	ms: number;
	/** HTTP status, or why there was none. */
	status: number | 'deadline' | 'error';
}

export interface LoadSummary {
	sent: number;
	/** Answered 200 within the deadline. */
	answered: number;
	/** Other answers within the deadline, by status (503, 500, …), and the deadlines missed. */
	others: Record<string, number>;
	/** Round trip of the answered ones, ms. */
	p50: number;
	p95: number;
	/** answered ÷ seconds from the first send to the last answer in time. */
	perSecond: number;
}

async function post(url: string, body: unknown, deadlineMs: number): Promise<Answer> {
	const sentAt = Date.now();
	const started = performance.now();
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': 'useapi-pika-bench' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(deadlineMs),
		});
		await response.arrayBuffer();
		return { sentAt, ms: performance.now() - started, status: response.status };
	} catch (error) {
		const deadline = (error as Error).name === 'TimeoutError';
		return { sentAt, ms: performance.now() - started, status: deadline ? 'deadline' : 'error' };
	}
}

/** One callback after the other: each is sent when the previous one was answered. */
export async function sequential(
	url: string,
	bodies: unknown[],
	deadlineMs: number,
): Promise<Answer[]> {
	const answers: Answer[] = [];
	for (const body of bodies) answers.push(await post(url, body, deadlineMs));
	return answers;
}

/** Every callback at the same moment. */
export async function allAtOnce(
	url: string,
	bodies: unknown[],
	deadlineMs: number,
): Promise<Answer[]> {
	return await Promise.all(bodies.map(async (body) => await post(url, body, deadlineMs)));
}

/** `perSecond` callbacks a second, on schedule whatever the answers do. */
export async function steadyRate(
	url: string,
	bodies: unknown[],
	perSecond: number,
	deadlineMs: number,
): Promise<Answer[]> {
	const t0 = Date.now();
	const pending: Array<Promise<Answer>> = [];
	for (let i = 0; i < bodies.length; i++) {
		const due = t0 + (i * 1000) / perSecond;
		if (due > Date.now()) await sleep(due - Date.now());
		pending.push(post(url, bodies[i], deadlineMs));
	}
	return await Promise.all(pending);
}

export function summarize(answers: readonly Answer[]): LoadSummary {
	const ok = answers.filter((a) => a.status === 200);
	const others: Record<string, number> = {};
	for (const a of answers)
		if (a.status !== 200) others[String(a.status)] = (others[String(a.status)] ?? 0) + 1;
	const times = ok.map((a) => a.ms);
	const first = Math.min(...answers.map((a) => a.sentAt));
	const lastMs = Math.max(0, ...ok.map((a) => a.sentAt + a.ms - first));
	return {
		sent: answers.length,
		answered: ok.length,
		others,
		p50: percentile(times, 50),
		p95: percentile(times, 95),
		perSecond: lastMs > 0 ? (ok.length * 1000) / lastMs : 0,
	};
}

/** "200/200 in time, p50 12 ms, p95 40 ms, 150/s" (+ what the others got). */
export function loadText(summary: LoadSummary): string {
	const others = Object.entries(summary.others)
		.map(([status, n]) => `${n}× ${status}`)
		.join(', ');
	const times = summary.answered
		? `, p50 ${summary.p50.toFixed(0)} ms, p95 ${summary.p95.toFixed(0)} ms, ${summary.perSecond.toFixed(0)}/s`
		: '';
	return `${summary.answered}/${summary.sent} in time${times}${others ? ` (${others})` : ''}`;
}

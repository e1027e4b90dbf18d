/**
 * One turn of one workflow in the trigger measure: the three callback patterns, each followed
 * by counting the executions it started (once n8n has settled), and n8n's CPU time for it.
 */
import type { PikaSimulator } from '../../tools/simulator';
import { loadText, summarize, type Answer, type LoadSummary } from './callbackLoad';
import { n8nCpuMs, type BenchN8n, type Execution } from './n8n';
import { median, percentile, sleep } from './report';

export interface Variant {
	key: 'A' | 'B' | 'C';
	label: string;
	/** Workflow id. */
	id: string;
	/** The trigger's webhookId (A, B) or the Webhook node's path (C). */
	hook: string;
}

export type Pattern = 'sequential' | 'burst' | 'steady';
export const PATTERNS: Pattern[] = ['sequential', 'burst', 'steady'];

export interface PatternResult extends LoadSummary {
	/** Executions the pattern started (counted after n8n settled). */
	started: number;
	/** Callback sent → execution startedAt, p50 (sequential only: the order pairs them). */
	startP50?: number;
}

export interface Run {
	config: string;
	round: number;
	key: Variant['key'];
	label: string;
	patterns: Record<Pattern, PatternResult>;
	/** n8n's CPU time (all its threads) per callback sent, over the three patterns. */
	cpuMsPerCallback: number;
	text: string;
}

/**
 * Executions of `workflowId` newer than `afterId`, once `expected` have stopped, or once their
 * count has not moved for 3 s with all of them stopped (lost callbacks start nothing), or after 90 s.
 */
export async function settle(
	n8n: BenchN8n,
	workflowId: string,
	afterId: number,
	expected: number,
): Promise<Execution[]> {
	const deadline = Date.now() + 90_000;
	let seen = -1;
	let changedAt = Date.now();
	for (;;) {
		const list = (await n8n.executions(workflowId, { max: expected + 50 })).filter(
			(e) => Number(e.id) > afterId,
		);
		if (list.length !== seen) [seen, changedAt] = [list.length, Date.now()];
		const stopped = list.every((e) => e.stoppedAt);
		if (stopped && (list.length >= expected || Date.now() - changedAt > 3_000)) return list;
		if (Date.now() > deadline) return list;
		await sleep(500);
	}
}

export async function runOf(
	n8n: BenchN8n,
	pid: number | undefined,
	config: string,
	round: number,
	v: Variant,
	load: (pattern: Pattern) => Promise<Answer[]>,
): Promise<Run> {
	const patterns = {} as Record<Pattern, PatternResult>;
	let cpuMs = 0;
	let sent = 0;
	for (const pattern of PATTERNS) {
		const before = await n8n.newestExecutionId(v.id);
		const cpuBefore = n8nCpuMs(pid);
		const answers = await load(pattern);
		const executions = await settle(n8n, v.id, before, answers.length);
		cpuMs += n8nCpuMs(pid) - cpuBefore;
		sent += answers.length;
		const result: PatternResult = { ...summarize(answers), started: executions.length };
		if (pattern === 'sequential' && executions.length === answers.length) {
			const byId = [...executions].sort((a, b) => Number(a.id) - Number(b.id));
			result.startP50 = median(byId.map((e, i) => Date.parse(e.startedAt) - answers[i].sentAt));
		}
		patterns[pattern] = result;
		await sleep(1_000); // n8n writes the last executions' data after they stop
	}
	const { sequential: q, burst: b, steady: s } = patterns;
	const text =
		`latency p50 ${q.p50.toFixed(0)} ms, p95 ${q.p95.toFixed(0)} ms (start ${q.startP50?.toFixed(0) ?? '?'} ms); ` +
		`burst ${loadText(b)}, ${b.started} started; steady ${loadText(s)}, ${s.started} started; ` +
		`CPU ${(cpuMs / sent).toFixed(1)} ms/callback`;
	return {
		config,
		round,
		key: v.key,
		label: v.label,
		patterns,
		cpuMsPerCallback: cpuMs / sent,
		text,
	};
}

/** The Verify GET's own round trip, from a plain client in this process: median of 20. */
export async function getMs(sim: PikaSimulator, jobid: string): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < 20; i++) {
		const started = performance.now();
		const response = await fetch(
			`${sim.baseUrl}/v1/pika/jobs/?jobid=${encodeURIComponent(jobid)}`,
			{
				headers: { authorization: `Bearer ${sim.token}`, accept: 'application/json' },
			},
		);
		await response.arrayBuffer();
		if (response.status !== 200) throw new Error(`GET job: ${response.status}`);
		times.push(performance.now() - started);
	}
	return percentile(times, 50);
}

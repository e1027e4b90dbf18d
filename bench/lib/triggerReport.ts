/**
 * The trigger measure's result: per configuration and workflow, the medians over its turns;
 * the ratios against the Webhook node (C) of the same configuration, and the goals.
 */
import { goal, goalText, type Goal, type MeasureResult, type Ratio } from './report';
import type { Pattern, Run, Variant } from './triggerRuns';

/** How much n8n's own HTTP helper may add to a bare GET before Verify counts as slower. */
const HELPER_ALLOWANCE_MS = 5;

interface Figures {
	p50: number;
	p95: number;
	startP50: number;
	burstAnswered: number[];
	burstStarted: number[];
	burstPerSecond: number;
	steadyAnswered: number[];
	steadyStarted: number[];
	steadyP50: number;
	cpu: number;
}

/**
 * The middle value, or the mean of the two middle ones: the Webhook node has two turns per
 * round, and the nearest-rank median of two (the record of 2026-12-03) is the lower one —
 * the faster turn for latency, the slower one for throughput.
 */
function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const half = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

function figures(runs: Run[]): Figures {
	const m = (f: (r: Run) => number) => median(runs.map(f).filter((x) => !Number.isNaN(x)));
	const all = (p: Pattern, f: 'answered' | 'started') => runs.map((r) => r.patterns[p][f]);
	return {
		p50: m((r) => r.patterns.sequential.p50),
		p95: m((r) => r.patterns.sequential.p95),
		startP50: m((r) => r.patterns.sequential.startP50 ?? Number.NaN),
		burstAnswered: all('burst', 'answered'),
		burstStarted: all('burst', 'started'),
		burstPerSecond: m((r) => r.patterns.burst.perSecond),
		steadyAnswered: all('steady', 'answered'),
		steadyStarted: all('steady', 'started'),
		steadyP50: m((r) => r.patterns.steady.p50),
		cpu: m((r) => r.cpuMsPerCallback),
	};
}

const list = (values: number[]) => values.join('/');

function row(key: string, f: Figures, n: { burst: number; steady: number }): string {
	return (
		`${key}: latency p50 ${f.p50.toFixed(0)} ms, p95 ${f.p95.toFixed(0)} ms; ` +
		`burst ${list(f.burstAnswered)} of ${n.burst} answered in time (${f.burstPerSecond.toFixed(0)}/s), ${list(f.burstStarted)} started; ` +
		`steady ${list(f.steadyAnswered)} of ${n.steady} answered (p50 ${f.steadyP50.toFixed(0)} ms), ${list(f.steadyStarted)} started; ` +
		`CPU ${f.cpu.toFixed(1)} ms/callback`
	);
}

function ratio(
	what: string,
	ours: number,
	baseline: number,
	unit: Ratio['unit'],
	goalText?: string,
	met?: boolean,
): Ratio {
	return {
		what,
		ours,
		baseline,
		ratio: Number((ours / baseline).toFixed(3)),
		unit,
		...(goalText ? { goal: goalText, met } : {}),
	};
}

export function triggerResult(
	runs: Run[],
	configs: Array<{ name: string; env: Record<string, string>; notes: string[] }>,
	options: { burst: number; rate: number; rateSeconds: number; deadlineMs: number; rounds: number },
	getMs: number,
): MeasureResult {
	const n = { burst: options.burst, steady: options.rate * options.rateSeconds };
	const goals: Goal[] = [];
	const ratios: Ratio[] = [];
	const notes: string[] = [
		`the Verify GET's own round trip (a plain client, median of 20): ${getMs.toFixed(1)} ms`,
	];
	const byConfig: Record<string, Record<Variant['key'], Figures>> = {};
	for (const config of configs) {
		const of = (key: Variant['key']) =>
			figures(runs.filter((r) => r.config === config.name && r.key === key));
		const f = { A: of('A'), B: of('B'), C: of('C') };
		byConfig[config.name] = f;
		for (const key of ['A', 'B'] as const) {
			const latency = f[key].p50 / f.C.p50;
			const burst = f[key].burstPerSecond / f.C.burstPerSecond;
			const judged = config.name === 'recommended';
			ratios.push(
				ratio(
					`${config.name}: ${key} latency p50 / C`,
					f[key].p50,
					f.C.p50,
					'ms',
					judged ? '≤ 1.2' : undefined,
					judged ? latency <= 1.2 : undefined,
				),
			);
			ratios.push(
				ratio(
					`${config.name}: ${key} burst answered/s / C`,
					f[key].burstPerSecond,
					f.C.burstPerSecond,
					'x',
					judged ? '≥ 0.8' : undefined,
					judged ? burst >= 0.8 : undefined,
				),
			);
			if (judged) {
				goals.push(
					goal(
						`recommended: ${key} latency ≤ 1.2× Webhook node (${latency.toFixed(2)})`,
						latency <= 1.2,
					),
				);
				goals.push(
					goal(
						`recommended: ${key} burst throughput ≥ 0.8× Webhook node (${burst.toFixed(2)})`,
						burst >= 0.8,
					),
				);
			}
		}
		if (config.name === 'defaults') {
			const extra = f.B.p50 - f.A.p50;
			goals.push(
				goal(
					`defaults: Verify on − off ≤ the GET + ${HELPER_ALLOWANCE_MS} ms (${extra.toFixed(1)} ms vs ${(getMs + HELPER_ALLOWANCE_MS).toFixed(1)} ms)`,
					extra <= getMs + HELPER_ALLOWANCE_MS,
				),
			);
		}
		notes.push(`[${config.name}] ${JSON.stringify(config.env)}`);
		for (const key of ['A', 'B', 'C'] as const) notes.push(`  ${row(key, f[key], n)}`);
		notes.push(...config.notes.map((line) => `  ${line}`));
	}
	const rec = byConfig.recommended;
	const def = byConfig.defaults;
	const part = (name: string, f: Record<Variant['key'], Figures> | undefined) =>
		f
			? `${name}: B latency ${(f.B.p50 / f.C.p50).toFixed(2)}× C (${f.B.p50.toFixed(0)} vs ${f.C.p50.toFixed(0)} ms), ` +
				`burst ${(f.B.burstPerSecond / f.C.burstPerSecond).toFixed(2)}× (B ${list(f.B.burstAnswered)}, A ${list(f.A.burstAnswered)}, C ${list(f.C.burstAnswered)} of ${n.burst} in time)`
			: '';
	return {
		name: 'trigger',
		line:
			`3 callbacks → workflow vs n8n's Webhook node (one n8n on PostgreSQL; A Pika Trigger Verify off, B Verify on, C Webhook → No Op; ` +
			`${options.rounds} round(s) A C B C; ${options.deadlineMs / 1000} s client deadline; burst ${n.burst} at once, steady ${options.rate}/s for ${options.rateSeconds} s): ` +
			[part('defaults', def), part('recommended', rec)].filter(Boolean).join('; ') +
			`; ${goalText(goals)}`,
		goals,
		ratios,
		notes,
		data: { options, getMs, runs, figures: byConfig, configs },
	};
}

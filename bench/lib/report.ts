/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark code runs under plain Node, never inside n8n */
/**
 * What every measure hands back, and the small statistics the measures share. A measure's
 * `line` is what `npm run bench` prints; `data` holds the raw figures written to JSON.
 */

export interface Goal {
	/** Human wording, e.g. "≤ 0.9". */
	text: string;
	met: boolean;
}

export interface MeasureResult {
	name: string;
	/** One line: the raw figures, the ratio against the baseline of the same run, the goal. */
	line: string;
	goals: Goal[];
	/** Extra lines printed under the main one (breakdowns, causes). */
	notes: string[];
	/** The headline comparisons, for the dated record: ours, the baseline of the same run, their ratio. */
	ratios?: Ratio[];
	data: Record<string, unknown>;
}

export interface Ratio {
	what: string;
	ours: number;
	baseline: number;
	/** ours / baseline. */
	ratio: number;
	unit: 'ms' | 'bytes' | 'x';
	goal?: string;
	met?: boolean;
}

export function ratioOf(
	what: string,
	ours: number,
	baseline: number,
	unit: Ratio['unit'],
	goalMax?: number,
): Ratio {
	const value = ours / baseline;
	return {
		what,
		ours,
		baseline,
		ratio: Number(value.toFixed(3)),
		unit,
		...(goalMax !== undefined ? { goal: `≤ ${goalMax}`, met: value <= goalMax } : {}),
	};
}

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function mean(values: readonly number[]): number {
	return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export const ms = (value: number, digits = 0): string => `${value.toFixed(digits)} ms`;
export const s = (valueMs: number, digits = 2): string => `${(valueMs / 1000).toFixed(digits)} s`;
export const mb = (bytes: number, digits = 1): string => `${(bytes / 2 ** 20).toFixed(digits)} MiB`;
export const kb = (bytes: number, digits = 1): string => `${(bytes / 1024).toFixed(digits)} KiB`;
/** Decimal kilobytes, as npm prints package sizes. */
export const kB = (bytes: number, digits = 1): string => `${(bytes / 1000).toFixed(digits)} kB`;
export const ratio = (value: number, digits = 2): string => value.toFixed(digits);

export function goal(text: string, met: boolean): Goal {
	return { text, met };
}

export function goalText(goals: readonly Goal[]): string {
	return goals.map((g) => `goal ${g.text}: ${g.met ? 'met' : 'MISSED'}`).join('; ');
}

export async function sleep(msToWait: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, msToWait));
}

/** Polls `check` until it returns a value, at most `timeoutMs`; throws `what` on timeout. */
export async function until<T>(
	what: string,
	timeoutMs: number,
	check: () => Promise<T | undefined> | T | undefined,
	everyMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

export function log(line: string): void {
	process.stderr.write(`bench: ${line}\n`);
}

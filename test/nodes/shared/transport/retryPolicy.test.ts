/**
 * The retry rules as a table, straight against transport/retryPolicy.ts: which failures may
 * send a request again and after how long. The fault matrix shows them end to end; this table
 * also covers what the simulator cannot produce quickly (ETIMEDOUT, DNS failures, a Max Wait
 * that ends before the queue frees, the fourth transient failure).
 */
import type { ApiResponse } from '../../../../nodes/shared/transport/errors';
import type { RetryPolicy } from '../../../../nodes/shared/transport/retryPolicy';
import {
	decideAfterNetworkError,
	decideAfterResponse,
	discordRetryAfterMs,
} from '../../../../nodes/shared/transport/retryPolicy';
import { FaultPresets } from '../../../../tools/simulator';

const NOW = 1_700_000_000_000;
const submit: RetryPolicy = {
	createsJob: true,
	waitWhenQueueFull: true,
	queueRetryIntervalMs: 15_000,
	deadline: NOW + 600_000,
};
const read: RetryPolicy = {
	createsJob: false,
	waitWhenQueueFull: false,
	queueRetryIntervalMs: 15_000,
	deadline: NOW,
};

const queueFull: ApiResponse = {
	statusCode: 429,
	body: {
		error: 'Maximum of 2 jobs executing in parallel supported',
		executingJobs: ['j1', 'j2'],
		code: 429,
	},
};
const discord = (seconds: number): ApiResponse => ({
	statusCode: 429,
	body: FaultPresets.discordRateLimit(seconds).body as ApiResponse['body'],
});
const status = (statusCode: number): ApiResponse => ({
	statusCode,
	body: { error: 'x', code: statusCode },
});

describe('after a network error', () => {
	const rows: Array<
		[code: string | undefined, kind: 'submit' | 'read', used: number, waitMs: number | undefined]
	> = [
		// Refused or unresolvable: the request never left, so even a submit may go again.
		['ECONNREFUSED', 'submit', 0, 1000],
		['ENOTFOUND', 'submit', 0, 1000],
		['EAI_AGAIN', 'submit', 2, 4000],
		['ECONNREFUSED', 'submit', 3, undefined],
		// Anything after the connection opened may have created the job: a submit stops.
		['ECONNRESET', 'submit', 0, undefined],
		['EPIPE', 'submit', 0, undefined],
		['ECONNABORTED', 'submit', 0, undefined], // n8n's HTTP client's response timeout
		['ETIMEDOUT', 'submit', 0, undefined],
		[undefined, 'submit', 0, undefined],
		// Reads are safe to repeat: 1, 2, 4 s, then give up.
		['ECONNRESET', 'read', 0, 1000],
		['ECONNABORTED', 'read', 1, 2000],
		['ETIMEDOUT', 'read', 2, 4000],
		[undefined, 'read', 2, 4000],
		['ECONNRESET', 'read', 3, undefined],
	];
	const named = rows.map(([code, kind, used, waitMs]) => ({
		label: `${code ?? 'no code'} on a ${kind} after ${used} retries → ${waitMs === undefined ? 'not sent again' : `sent again after ${waitMs} ms`}`,
		code,
		policy: kind === 'submit' ? submit : read,
		used,
		waitMs,
	}));
	it.each(named)('$label', ({ code, policy, used, waitMs }) => {
		const decision = decideAfterNetworkError(code, policy, used);
		expect(decision.retry ? decision.waitMs : undefined).toBe(waitMs);
	});
});

interface AnswerRow {
	label: string;
	response: ApiResponse;
	policy: RetryPolicy;
	/** undefined: not sent again. */
	waitMs?: number;
	reason?: string;
}

describe('after an HTTP answer', () => {
	const noWait = { ...submit, waitWhenQueueFull: false };
	const almostOut = { ...submit, deadline: NOW + 5_000 };
	const row = (
		label: string,
		response: ApiResponse,
		policy: RetryPolicy,
		waitMs?: number,
		reason?: string,
	): AnswerRow => ({
		label: `${label} → ${waitMs === undefined ? 'not sent again' : `sent again after ${waitMs} ms`}`,
		response,
		policy,
		waitMs,
		reason,
	});
	const rows: AnswerRow[] = [
		row('429 queue full, waiting on', queueFull, submit, 15_000, 'queue-full'),
		row('429 queue full, Max Wait ends first', queueFull, almostOut),
		row('429 queue full, waiting off', queueFull, noWait),
		// The documented "at least 10..30 seconds" holds for Discord's 429 too: retry_after
		// may lengthen the wait, never shorten it.
		row('Discord 429, retry_after 1 s', discord(1), submit, 15_000, 'rate-limited'),
		row('Discord 429, retry_after 0', discord(0), submit, 15_000, 'rate-limited'),
		row(
			'Discord 429, retry_after 1 s, interval at its 10 s floor',
			discord(1),
			{ ...submit, queueRetryIntervalMs: 10_000 },
			10_000,
			'rate-limited',
		),
		row(
			'Discord 429, retry_after 25 s (longer than the interval)',
			discord(25),
			submit,
			25_000,
			'rate-limited',
		),
		row(
			'Discord 429, retry_after 2.5 s, an interval below the floor',
			discord(2.5),
			{ ...submit, queueRetryIntervalMs: 1_000 },
			10_000,
			'rate-limited',
		),
		row(
			'429 queue full, an interval below the floor',
			queueFull,
			{ ...submit, queueRetryIntervalMs: 1_000 },
			10_000,
			'queue-full',
		),
		row('Discord 429, retry_after beyond Max Wait', discord(60), almostOut),
		row('429 without details', status(429), submit, 15_000, 'rate-limited'),
		row('429 on a read (reads never wait for the queue)', queueFull, read),
		...[500, 502, 503, 504].map((code) => row(`${code} on a submit`, status(code), submit)),
		...[500, 502, 503, 504].map((code) =>
			row(`${code} on a read`, status(code), read, 1000, 'transient'),
		),
		...[400, 401, 402, 404, 422, 596].map((code) => row(`${code} on a read`, status(code), read)),
		...[400, 401, 402, 404, 422, 596].map((code) =>
			row(`${code} on a submit`, status(code), submit),
		),
	];
	it.each(rows)('$label', ({ response, policy, waitMs, reason }) => {
		const decision = decideAfterResponse(response, policy, 0, NOW);
		expect(decision.retry ? [decision.waitMs, decision.reason] : [undefined, undefined]).toEqual([
			waitMs,
			reason,
		]);
	});

	it('a read stops after its third transient retry', () => {
		expect(decideAfterResponse(status(503), read, 3, NOW)).toEqual({ retry: false });
	});

	it.each([
		['{"retry_after":10}', 10_000],
		['{"retry_after":0.25}', 250],
		['{"retry_after":-1}', undefined],
		['{"retry_after":"soon"}', undefined],
		['not json', undefined],
	])("Discord's retry_after in errorDetails %s → %p ms", (errorDetails, ms) => {
		expect(
			discordRetryAfterMs({
				error: 'Discord /interactions failed with HTTP status 429',
				errorDetails,
			}),
		).toBe(ms);
	});
});

import { QUEUE_RETRY } from '../constants';
import type { ApiResponse } from './errors';

/**
 * When may a request be sent again? The answer hinges on one fact: could the first
 * attempt have created a paid job? Only answers that prove nothing was created
 * (429, or a connection that never opened) allow a job-creating POST to go again.
 */
export interface RetryPolicy {
	/** The request may create a paid job (the five submit endpoints). */
	createsJob: boolean;
	/** 429 "Maximum of N jobs executing" or Discord's 429: wait and resubmit. */
	waitWhenQueueFull: boolean;
	/** Pause between resubmissions after a 429 (the API asks for at least 10..30 s). */
	queueRetryIntervalMs: number;
	/** Epoch ms after which no further wait starts. */
	deadline: number;
}

export const DEFAULT_QUEUE_RETRY_INTERVAL_MS = QUEUE_RETRY.defaultSeconds * 1000;

/** "Wait in a loop for at least 10..30 seconds": no resubmit after a 429 comes sooner. */
const MIN_RESUBMIT_WAIT_MS = QUEUE_RETRY.minSeconds * 1000;

/** Transient failures of safe requests are retried this many times, 1 s, 2 s, 4 s apart. */
export const MAX_TRANSIENT_RETRIES = 3;

const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

/** Connection errors that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export type RetryDecision =
	| { retry: true; waitMs: number; reason: 'queue-full' | 'rate-limited' | 'transient' }
	| { retry: false };

export function decideAfterResponse(
	response: ApiResponse,
	policy: RetryPolicy,
	transientRetriesUsed: number,
	now: number,
): RetryDecision {
	const { statusCode, body } = response;
	if (statusCode === 429 && policy.waitWhenQueueFull) {
		const queueFull =
			typeof body === 'object' && !Array.isArray(body) && Array.isArray(body.executingJobs);
		// The API documents the same wait for both kinds of 429. Discord's retry_after may
		// lengthen it, never shorten it below that minimum.
		const waitMs = Math.max(
			MIN_RESUBMIT_WAIT_MS,
			policy.queueRetryIntervalMs,
			queueFull ? 0 : (discordRetryAfterMs(body) ?? 0),
		);
		if (now + waitMs > policy.deadline) return { retry: false };
		return { retry: true, waitMs, reason: queueFull ? 'queue-full' : 'rate-limited' };
	}
	if (!policy.createsJob && TRANSIENT_STATUS.has(statusCode)) {
		return transientRetry(transientRetriesUsed);
	}
	return { retry: false };
}

export function decideAfterNetworkError(
	errorCode: string | undefined,
	policy: RetryPolicy,
	transientRetriesUsed: number,
): RetryDecision {
	const neverSent = errorCode !== undefined && NOT_SENT_CODES.has(errorCode);
	if (policy.createsJob && !neverSent) return { retry: false };
	return transientRetry(transientRetriesUsed);
}

function transientRetry(used: number): RetryDecision {
	if (used >= MAX_TRANSIENT_RETRIES) return { retry: false };
	return { retry: true, waitMs: 1000 * 2 ** used, reason: 'transient' };
}

/**
 * Discord's own 429 arrives as a JSON string in `errorDetails`, e.g.
 * {"global":true,"message":"You are being rate limited.","retry_after":10} (seconds).
 */
export function discordRetryAfterMs(body: ApiResponse['body']): number | undefined {
	if (typeof body !== 'object' || Array.isArray(body) || typeof body.errorDetails !== 'string') {
		return undefined;
	}
	try {
		const details = JSON.parse(body.errorDetails) as { retry_after?: unknown };
		const seconds = Number(details.retry_after);
		return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
	} catch {
		return undefined;
	}
}

export function isNeverSentError(errorCode: string | undefined): boolean {
	return errorCode !== undefined && NOT_SENT_CODES.has(errorCode);
}

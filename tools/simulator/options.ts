/**
 * Default option values. Test-friendly: jobs finish in a few hundred ms, videos are 64 KiB.
 * The CLI passes slower timings so a human can watch a job progress.
 */
import type { RuntimeOptions } from './types';

export const DEFAULT_TOKEN = 'user:1-simulator-token';

export const DEFAULT_RUNTIME_OPTIONS: RuntimeOptions = {
	tokens: [DEFAULT_TOKEN],
	jobDurationMs: 300,
	progressAfterMs: 100,
	videoSize: 64 * 1024,
	playableVideo: false,
	subscriptionActive: true,
	expireAttachments: false,
	callbackRetries: 0,
	callbackRetryDelayMs: 100,
	callbackTimeoutMs: 5000,
	callbackOnProgress: false,
	maxBodyBytes: 50 * 1024 * 1024,
	random: Math.random,
};

export function yymmdd(date: Date): string {
	return date.toISOString().slice(2, 10).replace(/-/g, '');
}

/** Drops keys whose value is undefined, so they don't override defaults. */
export function stripUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

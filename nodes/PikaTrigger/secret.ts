import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** Name of the query parameter that carries the secret on the registered URL. */
export const TOKEN_PARAMETER = 'token';

/**
 * How long a token stays accepted after its registration ended (deactivation, re-publish,
 * the end of a test listen). useapi.net stores the reply URL on each job when the job is
 * created and calls it once: a job created before a re-publish calls back with the token of
 * that time. Re-registering the same webhook URL within this time reuses the token, so the
 * URL on the account does not change either. Pika jobs take minutes; a day covers queues.
 */
export const RETIRED_TOKEN_GRACE_MS = 24 * 60 * 60 * 1000;

/** 32 random bytes (256 bits), URL-safe without escaping. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so that inputs of different
 * lengths compare in the same time as equal-length ones (timingSafeEqual needs equal
 * lengths, and an early length check would reveal the token's length).
 */
export function tokensEqual(presented: string, expected: string): boolean {
	const a = createHash('sha256').update(presented, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && expected.length > 0;
}

/** Whether `presented` equals one of `accepted`; every candidate is compared, whatever matched. */
export function oneOfTokens(presented: string, accepted: string[]): boolean {
	let valid = false;
	for (const token of accepted) valid = tokensEqual(presented, token) || valid;
	return valid;
}

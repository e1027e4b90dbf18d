import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** Name of the query parameter that carries the secret on the registered URL. */
export const TOKEN_PARAMETER = 'token';

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

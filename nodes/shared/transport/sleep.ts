import { sleep } from 'n8n-workflow';

/**
 * n8n-workflow 2.x's `sleep(ms, signal)` stops on abort (and cleans up after itself).
 * Older hosts have `sleep(ms)` only: there the wait races the signal's abort event instead.
 */
const hostSleepTakesSignal = sleep.length >= 2;

/** Waits `ms`, ending early (with the signal's reason) when the execution is cancelled. */
export async function cancellableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw abortReason(signal);
	if (hostSleepTakesSignal) {
		try {
			return await sleep(ms, signal);
		} catch {
			throw abortReason(signal);
		}
	}
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(abortReason(signal));
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}

function abortReason(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	return reason instanceof Error ? reason : new Error('The execution was cancelled');
}

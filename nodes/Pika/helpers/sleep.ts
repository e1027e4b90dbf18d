import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, ending early (with the signal's reason) when the execution is cancelled.
 *
 * n8n-workflow 2.x's `sleep(ms, signal)` already stops on abort; older hosts ignore the
 * second argument, so the race with the signal's own abort event keeps cancellation
 * prompt on every n8n version without touching timer globals.
 */
export async function cancellableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw abortReason(signal);
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(abortReason(signal));
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms, signal), aborted]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}

function abortReason(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	return reason instanceof Error ? reason : new Error('The execution was cancelled');
}

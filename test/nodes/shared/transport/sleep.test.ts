/**
 * cancellableSleep on both kinds of host: n8n-workflow 2.x, whose `sleep(ms, signal)` ends
 * on abort itself, and 1.x, whose `sleep(ms)` takes no signal (sleep.ts then races the
 * signal's abort event). Each variant loads sleep.ts against a host `sleep` of that shape,
 * built on the tier's own sleep (the virtual clock, or real time with PIKA_REAL_TIME=1).
 */
import { sleep as tierSleep } from 'n8n-workflow';

import type { cancellableSleep as CancellableSleep } from '../../../../nodes/shared/transport/sleep';

/** Ends the 1.x host's waits that sleep.ts abandoned, so none outlives the file. */
const abandoned = new AbortController();
afterAll(() => abandoned.abort());

// The function itself, not the live import: the modules are reset below.
const waitOnTier = tierSleep;
const hosts = {
	'n8n-workflow 2.x, sleep(ms, signal)': async (ms: number, signal?: AbortSignal) =>
		await waitOnTier(ms, signal),
	'n8n-workflow 1.x, sleep(ms)': async (ms: number) =>
		await waitOnTier(ms, abandoned.signal).catch(() => undefined),
};

/** sleep.ts freshly loaded on a host whose n8n-workflow exports `hostSleep` (calls recorded). */
function onHost(hostSleep: (ms: number, signal?: AbortSignal) => Promise<void>) {
	const calls: unknown[][] = [];
	// A function of the host's arity: sleep.ts tells the two apart by `sleep.length`.
	const recorded =
		hostSleep.length >= 2
			? (ms: number, signal?: AbortSignal) => (calls.push([ms, signal]), hostSleep(ms, signal))
			: (ms: number) => (calls.push([ms]), hostSleep(ms));
	// A reset, not isolateModules: an isolated registry still returns the mock already cached.
	jest.resetModules();
	jest.doMock('n8n-workflow', () => ({ sleep: recorded }));
	const { cancellableSleep } = jest.requireActual<{
		cancellableSleep: typeof CancellableSleep;
	}>('../../../../nodes/shared/transport/sleep');
	return { cancellableSleep, calls };
}

describe.each(Object.entries(hosts))('on %s', (_host, hostSleep) => {
	const { cancellableSleep, calls } = onHost(hostSleep);
	beforeEach(() => (calls.length = 0));

	it('waits the full time, with or without a signal', async () => {
		const signals = [undefined, new AbortController().signal];
		for (const signal of signals) {
			const start = Date.now();
			await cancellableSleep(1_000, signal);
			expect(Date.now() - start).toBeGreaterThanOrEqual(1_000);
		}
		// The 2.x host is handed the signal; the 1.x host only ever sees the duration.
		expect(calls).toEqual(
			hostSleep.length >= 2 ? signals.map((signal) => [1_000, signal]) : [[1_000], [1_000]],
		);
	});

	it('ends a 10-minute wait when the signal aborts, with the abort reason', async () => {
		const stop = new AbortController();
		const start = Date.now();
		const waiting = cancellableSleep(600_000, stop.signal);
		stop.abort(new Error('The execution was stopped'));
		await expect(waiting).rejects.toThrow('The execution was stopped');
		expect(Date.now() - start).toBeLessThan(600_000);
	});

	it('refuses to start when the signal has already aborted', async () => {
		const stop = new AbortController();
		stop.abort(new Error('already stopped'));
		await expect(cancellableSleep(600_000, stop.signal)).rejects.toThrow('already stopped');
		expect(calls).toEqual([]);
	});

	it('names the cancellation when the abort reason is not an Error', async () => {
		const stop = new AbortController();
		const waiting = cancellableSleep(600_000, stop.signal);
		stop.abort('stop');
		await expect(waiting).rejects.toThrow('The execution was cancelled');
	});

	it('leaves no abort listener behind once the wait is over', async () => {
		const signal = new AbortController().signal;
		const added = jest.spyOn(signal, 'addEventListener');
		const removed = jest.spyOn(signal, 'removeEventListener');
		await cancellableSleep(10, signal);
		expect(removed.mock.calls.map(([type, listener]) => [type, listener])).toEqual(
			added.mock.calls.map(([type, listener]) => [type, listener]),
		);
	});
});

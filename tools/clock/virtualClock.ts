/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * A clock for tests whose waits are the API's policy intervals (the 10 s poll floor, 10–30 s
 * queue waits, 1-2-4 s backoffs). Virtual time runs with real time, and jumps straight to the
 * next pending sleep whenever the process has had nothing else to do for a moment. So a sleep
 * still ends no earlier than its virtual deadline, events keep the order they would have in
 * real time, every gap a test reads off the simulator's clock is at least the wait the node
 * chose, and a 10 s poll costs a few milliseconds.
 *
 * Why not a scaled clock (1 virtual second = 10 real ms): everything real would stretch by the
 * same factor. A request and n8n's engine take milliseconds, which would read as seconds: a
 * 300 ms simulated job would end before its own submit was answered, and a one-minute Max Wait
 * would leave 600 ms for real work. Why not jest's fake timers: someone must advance them, and
 * while n8n-core runs a node only the process itself knows when everyone is waiting.
 */
import { clearTimeout, setTimeout } from 'node:timers';

export interface VirtualClockOptions {
	/** True while the process waits for work whose end the clock cannot see (requests, file I/O). */
	busy?: () => boolean;
	/** How long (real ms) the process must stay quiet before time jumps. */
	quietMs?: number;
}

interface Timer {
	at: number;
	seq: number;
	wake(): void;
}

export class VirtualClock {
	/** Virtual time minus real time: the sum of every jump. */
	private offset = 0;
	private seq = 0;
	/** Pending sleeps, earliest first (ties in the order they were asked for). */
	private readonly timers: Timer[] = [];
	private lastActivity: number;
	private handle?: NodeJS.Timeout;
	private disposed = false;
	private readonly realNow: () => number;
	private readonly busy: () => boolean;
	private readonly quietMs: number;

	constructor(options: VirtualClockOptions = {}) {
		// Captured before any Date replacement, so the clock never reads itself.
		this.realNow = Date.now;
		this.busy = options.busy ?? (() => false);
		this.quietMs = options.quietMs ?? 2;
		this.lastActivity = this.realNow();
	}

	now(): number {
		return this.realNow() + this.offset;
	}

	/** n8n-workflow's `sleep(ms, abortSignal)` on this clock: same signature, same abort behaviour. */
	readonly sleep = (ms: number, abortSignal?: AbortSignal): Promise<void> =>
		new Promise<void>((resolve, reject) => {
			if (abortSignal?.aborted) return reject(ensureError(abortSignal.reason));
			const onAbort = () => {
				this.remove(timer);
				reject(ensureError(abortSignal?.reason));
			};
			const timer: Timer = {
				at: this.now() + Math.max(0, Number(ms) || 0),
				seq: ++this.seq,
				wake: () => {
					abortSignal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			abortSignal?.addEventListener('abort', onAbort, { once: true });
			this.insert(timer);
		});

	/** Moves time forward by `ms` now (waking every sleep that falls due), as if it had passed. */
	advance(ms: number): void {
		this.offset += Math.max(0, ms);
		this.fireDue();
		this.arm();
	}

	/** Something happened (a request started or ended): the next jump waits for quiet again. */
	touch(): void {
		this.lastActivity = this.realNow();
	}

	/** Number of sleeps not yet over. */
	get pending(): number {
		return this.timers.length;
	}

	/** A Date constructor on this clock: `new Date()` and `Date.now()` read virtual time. */
	dateConstructor(RealDate: DateConstructor = Date): DateConstructor {
		function VirtualDate(...args: unknown[]): unknown {
			// Called without `new`, Date returns the current time as a string.
			if (!new.target) return new RealDate(VirtualDate.now()).toString();
			const time = args.length === 0 ? [VirtualDate.now()] : args;
			return Reflect.construct(RealDate, time, new.target);
		}
		// Date.parse and Date.UTC are inherited; one prototype makes instanceof agree both ways.
		Object.setPrototypeOf(VirtualDate, RealDate);
		VirtualDate.prototype = RealDate.prototype;
		// Looked up on each call, so a test's jest.spyOn(Date, 'now') moves `new Date()` too.
		VirtualDate.now = () => this.now();
		return VirtualDate as unknown as DateConstructor;
	}

	/** Stops the clock's own timer; sleeps still pending never end. */
	dispose(): void {
		this.disposed = true;
		if (this.handle) clearTimeout(this.handle);
		this.handle = undefined;
	}

	private insert(timer: Timer): void {
		let index = this.timers.length;
		while (index > 0 && this.timers[index - 1].at > timer.at) index--;
		this.timers.splice(index, 0, timer);
		this.touch();
		this.arm();
	}

	private remove(timer: Timer): void {
		const index = this.timers.indexOf(timer);
		if (index >= 0) this.timers.splice(index, 1);
		this.arm();
	}

	/** One real timer: at the first deadline, or sooner to check whether time may jump. */
	private arm(): void {
		if (this.handle) clearTimeout(this.handle);
		this.handle = undefined;
		const next = this.timers[0];
		if (!next || this.disposed) return;
		const dueIn = next.at - this.now();
		const quietIn = this.lastActivity + this.quietMs - this.realNow();
		const delay = Math.max(0, Math.min(dueIn, quietIn > 0 ? quietIn : this.quietMs));
		this.handle = setTimeout(() => this.tick(), delay);
	}

	private tick(): void {
		this.handle = undefined;
		const next = this.timers[0];
		if (!next) return;
		const current = this.now();
		if (next.at > current) {
			const quiet = this.realNow() - this.lastActivity >= this.quietMs;
			if (!quiet || this.busy()) return this.arm();
			this.offset += next.at - current;
		}
		this.fireDue();
		this.arm();
	}

	private fireDue(): void {
		const current = this.now();
		while (this.timers.length > 0 && this.timers[0].at <= current) {
			this.timers.shift()!.wake();
			this.touch();
		}
	}
}

/** What n8n's sleep rejects with on abort: the signal's reason when it is an Error. */
function ensureError(reason: unknown): Error {
	return reason instanceof Error
		? reason
		: new Error('Error that was not an instance of Error was thrown', { cause: reason });
}

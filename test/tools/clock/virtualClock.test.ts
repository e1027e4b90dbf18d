/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * The virtual clock the unit tier runs on (tools/clock/): sleeps end no earlier than their
 * virtual deadline and in deadline order, time jumps only while the process is idle, aborts
 * behave as n8n's sleep, and `Date` reads the clock. Each test makes a clock of its own, except
 * the last block, which checks the tier's wiring (test/useVirtualClock.ts).
 */
import { setTimeout as realDelay } from 'node:timers/promises';

import { sleep } from 'n8n-workflow';

import { VirtualClock } from '../../../tools/clock/virtualClock';
import { testClock } from '../../useVirtualClock';

const clocks: VirtualClock[] = [];
function newClock(busy?: () => boolean): VirtualClock {
	const clock = new VirtualClock({ busy });
	clocks.push(clock);
	return clock;
}
afterEach(() => clocks.splice(0).forEach((clock) => clock.dispose()));

describe('sleeps', () => {
	it('a 10-minute sleep ends at its virtual deadline, not before', async () => {
		const clock = newClock();
		const start = clock.now();
		await clock.sleep(600_000);
		expect(clock.now() - start).toBeGreaterThanOrEqual(600_000);
		expect(clock.pending).toBe(0);
	});

	it('sleeps wake in deadline order, equal deadlines in the order they were asked for', async () => {
		const clock = newClock();
		const woke: string[] = [];
		const at = (label: string, ms: number) => clock.sleep(ms).then(() => woke.push(label));
		await Promise.all([
			at('30 s', 30_000),
			at('10 s a', 10_000),
			at('1 s', 1_000),
			at('10 s b', 10_000),
		]);
		expect(woke).toEqual(['1 s', '10 s a', '10 s b', '30 s']);
	});

	it('time does not jump while the process is busy, and does once it is idle', async () => {
		let busy = true;
		const clock = newClock(() => busy);
		const start = clock.now();
		let ended = false;
		const waiting = clock.sleep(600_000).then(() => (ended = true));
		await realDelay(50);
		expect(ended).toBe(false);
		expect(clock.now() - start).toBeLessThan(600_000);
		busy = false;
		await waiting;
		expect(clock.now() - start).toBeGreaterThanOrEqual(600_000);
	});

	it('advance() moves time on and wakes the sleeps that fall due, and only those', async () => {
		const clock = newClock(() => true); // never idle: only advance() moves time
		const start = clock.now();
		let short = false;
		let long = false;
		void clock.sleep(5_000).then(() => (short = true));
		void clock.sleep(60_000).then(() => (long = true));
		clock.advance(10_000);
		await Promise.resolve();
		expect([short, long]).toEqual([true, false]);
		expect(clock.now() - start).toBeGreaterThanOrEqual(10_000);
		expect(clock.pending).toBe(1);
	});

	it("abort ends a sleep with the signal's reason, as n8n's sleep does, and drops its timer", async () => {
		const clock = newClock(() => true);
		const stop = new AbortController();
		const waiting = clock.sleep(600_000, stop.signal);
		stop.abort(new Error('stopped'));
		await expect(waiting).rejects.toThrow('stopped');
		expect(clock.pending).toBe(0);
		await expect(clock.sleep(1, stop.signal)).rejects.toThrow('stopped');
		const other = new AbortController();
		other.abort('not an Error');
		await expect(clock.sleep(1, other.signal)).rejects.toThrow(
			'Error that was not an instance of Error was thrown',
		);
	});

	it('has the arity of n8n-workflow 2.x sleep(ms, signal)', () => {
		expect(newClock().sleep.length).toBe(2);
	});
});

describe('Date on the clock', () => {
	it('new Date() and Date.now() read virtual time; explicit times and Date.parse are untouched', () => {
		const clock = newClock(() => true);
		const OnClock = clock.dateConstructor();
		clock.advance(3_600_000);
		expect(Math.abs(OnClock.now() - clock.now())).toBeLessThanOrEqual(1);
		expect(Math.abs(new OnClock().getTime() - clock.now())).toBeLessThanOrEqual(1);
		expect(new OnClock(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
		expect(new OnClock('2026-01-02T03:04:05Z').getTime()).toBe(Date.parse('2026-01-02T03:04:05Z'));
		expect(OnClock.parse('2026-01-02T03:04:05Z')).toBe(Date.parse('2026-01-02T03:04:05Z'));
		expect(OnClock.UTC(2026, 0, 2)).toBe(Date.UTC(2026, 0, 2));
		expect(typeof (OnClock as unknown as () => string)()).toBe('string');
		// One prototype: dates from either constructor are dates to both.
		expect(new OnClock()).toBeInstanceOf(Date);
		expect(new Date()).toBeInstanceOf(OnClock);
		expect(Object.prototype.toString.call(new OnClock())).toBe('[object Date]');
	});

	it('a spy on Date.now moves new Date() with it', () => {
		const OnClock = newClock().dateConstructor();
		const spy = jest.spyOn(OnClock, 'now').mockReturnValue(86_400_000);
		expect(new OnClock().toISOString()).toBe('1970-01-02T00:00:00.000Z');
		spy.mockRestore();
	});
});

describe('the unit tier', () => {
	it('runs on the virtual clock (or on real time with PIKA_REAL_TIME=1)', () => {
		if (process.env.PIKA_REAL_TIME === '1') {
			expect(testClock).toBeUndefined();
			expect(sleep).toBe(jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow').sleep);
			return;
		}
		// The node and the simulator import sleep from n8n-workflow, and read Date.
		expect(sleep).toBe(testClock!.sleep);
		expect(Math.abs(Date.now() - testClock!.now())).toBeLessThanOrEqual(1);
	});
});

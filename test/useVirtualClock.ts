/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * The unit tier's clock (jest.config.js `setupFilesAfterEnv`, once per test file). The tests
 * run the node against the simulator with the API's real policy intervals: a 10 s poll floor,
 * 10–30 s queue waits, 1-2-4 s backoffs. Waited out in real time they made the tier take six
 * minutes; on the virtual clock (tools/clock/virtualClock.ts) each costs milliseconds, and the
 * tests still assert the same intervals, read off the simulator's request records.
 *
 * Both sides move to the clock together: n8n-workflow's `sleep`, which the node (through
 * nodes/shared/transport/sleep.ts) and the simulator (job lifecycles, callback retries, held
 * requests) wait with, and `Date`, which the node reads for deadlines and batches and the
 * simulator for every timestamp it records. The node's code is the code that ships; only the
 * module it imports `sleep` from is swapped, and only here. The e2e tier (test/e2e) has its
 * own jest config without this file: real n8n servers, real time.
 *
 * `PIKA_REAL_TIME=1 npx jest …` runs on the real clock (e.g. to watch a test at its true pace).
 */
import { watchIoActivity } from '../tools/clock/ioActivity';
import { VirtualClock } from '../tools/clock/virtualClock';

/** The running test file's clock, or undefined when the tests run in real time. */
export let testClock: VirtualClock | undefined;

if (process.env.PIKA_REAL_TIME !== '1') {
	// The clock asks the watcher whether the process is idle; the watcher tells the clock of activity.
	const clock = new VirtualClock({ busy: () => activity.busy() });
	const activity = watchIoActivity(() => clock.touch());
	testClock = clock;
	globalThis.Date = clock.dateConstructor();
	jest.doMock('n8n-workflow', () => {
		const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
		// Every export as it is (getters and the ES module flag included), but `sleep` on the clock.
		const exports = Object.getOwnPropertyDescriptors(actual);
		return Object.defineProperties(
			{},
			{ ...exports, sleep: { value: clock.sleep, enumerable: true } },
		);
	});
	afterAll(() => {
		activity.stop();
		clock.dispose();
	});
}

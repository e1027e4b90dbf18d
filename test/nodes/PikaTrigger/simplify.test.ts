/**
 * The trigger offers the Pika node's Simplify choice: on for new triggers (version 1.1),
 * absent for triggers saved at version 1, whose executions start with the full job as before.
 */
import { PikaTrigger } from '../../../nodes/PikaTrigger/PikaTrigger.node';
import { simplifyJob } from '../../../nodes/shared/simplify';
import { finishAndDeliver, submitJob, useActiveTrigger } from './setup';
import { SIMPLE_COMPLETED_JOB_KEYS } from '../shared/simplify.expected';

const triggerTest = useActiveTrigger();
const { activeTrigger } = triggerTest;

const TRIGGER_META = { receivedAt: expect.any(String), verified: true };

describe('Simplify on the Pika Trigger', () => {
	test('a trigger saved at version 1 starts with the full job, as before', async () => {
		await activeTrigger({}, 1);
		const { sim, harness } = triggerTest.setup;
		const jobid = await submitJob(sim, 'create', { prompt: 'a fox', replyRef: 'ref-1' });
		await finishAndDeliver({ sim, harness }, jobid);
		expect(harness.executions[0].items[0].json).toEqual({
			...sim.job(jobid),
			code: 200,
			trigger: TRIGGER_META,
		});
	});

	test('a new trigger (version 1.1) starts with the short form plus when it arrived', async () => {
		await activeTrigger({}, 1.1);
		const { sim, harness } = triggerTest.setup;
		const jobid = await submitJob(sim, 'create', { prompt: 'a fox', replyRef: 'ref-1' });
		await finishAndDeliver({ sim, harness }, jobid);
		const json = harness.executions[0].items[0].json;
		expect(json).toEqual({ ...simplifyJob({ ...sim.job(jobid) }), trigger: TRIGGER_META });
		expect(Object.keys(json)).toEqual([...SIMPLE_COMPLETED_JOB_KEYS, 'trigger']);
	});

	test('a failed job keeps its error in the short form', async () => {
		await activeTrigger({ statuses: ['failed'] }, 1.1);
		const { sim, harness } = triggerTest.setup;
		const jobid = await submitJob(sim);
		sim.finishNow(jobid, 'failed', { error: 'Pika failed', errorDetails: 'timeout' });
		await sim.flushCallbacks();
		await harness.idle();
		expect(harness.executions[0].items[0].json).toMatchObject({
			jobid,
			status: 'failed',
			error: 'Pika failed',
			errorDetails: 'timeout',
		});
	});

	test('Simplify off on a new trigger gives the full job', async () => {
		await activeTrigger({ simplify: false }, 1.1);
		const { sim, harness } = triggerTest.setup;
		const jobid = await submitJob(sim);
		await finishAndDeliver({ sim, harness }, jobid);
		expect(harness.executions[0].items[0].json).toEqual({
			...sim.job(jobid),
			code: 200,
			trigger: TRIGGER_META,
		});
	});

	test('new triggers are version 1.1', () => {
		const { description } = new PikaTrigger();
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		expect(description.properties.find((property) => property.name === 'simplify')?.default).toBe(
			true,
		);
	});
});

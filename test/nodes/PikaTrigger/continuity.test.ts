/**
 * No finished job is lost when the active workflow is re-published, n8n restarts, or
 * "Listen for test event" runs in between: useapi.net keeps the reply URL a job was created
 * with and calls it once, so the token in that URL must still be accepted when it calls.
 * And two Automatic triggers on one account: the second is refused, naming the first.
 */
import { NodeOperationError } from 'n8n-workflow';

import { TriggerHarness } from '../../../tools/n8n-core/runTrigger';
import { RETIRED_TOKEN_GRACE_MS } from '../../../nodes/PikaTrigger/secret';
import {
	ORIGINAL_REPLY_URL,
	registeredUrl,
	shiftClock,
	startTrigger,
	submitJob,
	useShiftedClock,
	type TriggerSetup,
} from './setup';

let setup: TriggerSetup;
const others: TriggerHarness[] = [];
afterEach(async () => {
	for (const other of others.splice(0)) await other.stop();
	await setup?.close();
});
useShiftedClock();

const COMPLETED_ONLY = { statuses: ['completed'] };
const COMPLETED_OR_FAILED = { statuses: ['completed', 'failed'] };

/** Jobs created now, without their own Reply URL: they keep the account default of this moment. */
async function createJobs(count: number, label: string): Promise<string[]> {
	const jobids: string[] = [];
	for (let i = 0; i < count; i++) {
		jobids.push(await submitJob(setup.sim, 'create', { prompt: `${label} ${i}` }));
	}
	return jobids;
}

/** Finishes the jobs (the last one failed), delivers their callbacks, returns the answers' statuses. */
async function finishAll(jobids: string[]): Promise<number[]> {
	const { sim, harness } = setup;
	jobids.forEach((jobid, i) =>
		sim.finishNow(jobid, i === jobids.length - 1 ? 'failed' : 'completed'),
	);
	await sim.flushCallbacks();
	await harness.idle();
	return jobids.map((jobid) => sim.callbacks.find((c) => c.jobid === jobid)?.responseStatus ?? 0);
}

/** Jobids of the production executions, in order. */
function executedJobids(): unknown[] {
	return setup.harness.executions
		.filter((execution) => execution.kind === 'production')
		.map((execution) => execution.items[0].json.jobid);
}

describe('jobs created before a change reach the workflow once each', () => {
	test('re-publish with a changed filter: one execution per job, none lost, none twice', async () => {
		setup = await startTrigger(COMPLETED_ONLY, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const before = await createJobs(3, 'before re-publish');

		await harness.republish(COMPLETED_OR_FAILED);
		const after = await createJobs(2, 'after re-publish');
		// The account ends where it was: same URL, same token.
		expect(sim.callbacks).toEqual([]);

		expect(await finishAll([...before, ...after])).toEqual([200, 200, 200, 200, 200]);
		expect(executedJobids().sort()).toEqual([...before, ...after].sort());
		expect(harness.webhookErrors).toEqual([]);

		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('SIGKILL and restart (activation "init"), then a re-publish: every job once', async () => {
		setup = await startTrigger(COMPLETED_ONLY, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const before = await createJobs(2, 'before the kill');
		harness.crash();
		await harness.activate('init');
		const between = await createJobs(2, 'after the restart');
		await harness.republish(COMPLETED_OR_FAILED);

		expect(await finishAll([...before, ...between])).toEqual([200, 200, 200, 200]);
		expect(executedJobids().sort()).toEqual([...before, ...between].sort());

		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('"Listen for test event" while active: production jobs from before still arrive', async () => {
		setup = await startTrigger(COMPLETED_OR_FAILED, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const production = sim.accountReplyUrl;
		const before = await createJobs(3, 'before the test listen');

		await harness.listenForTestEvent();
		const [testJob] = await createJobs(1, 'the test event');
		expect(await finishAll([testJob])).toEqual([200]); // ends the test listen
		expect(harness.listening).toBe(false);
		expect(sim.accountReplyUrl).toBe(production);

		expect(await finishAll(before)).toEqual([200, 200, 200]);
		expect(executedJobids().sort()).toEqual([...before].sort());
		expect(harness.executions.filter((e) => e.kind === 'test')).toHaveLength(1);

		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('a job finishing while the workflow is inactive gets n8n’s 404; after the grace time, 401', async () => {
		setup = await startTrigger(COMPLETED_OR_FAILED, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const [early, late] = await createJobs(2, 'before deactivation');
		const url = sim.accountReplyUrl!;
		await harness.deactivate();
		expect(await finishAll([early])).toEqual([404]); // n8n itself: the webhook is not registered

		// Re-activated more than the grace time later: the old token is no longer accepted.
		shiftClock(RETIRED_TOKEN_GRACE_MS + 1000);
		await harness.activate();
		expect(registeredUrl(sim).toString()).not.toBe(url);
		sim.clearLogs();
		expect(await finishAll([late])).toEqual([401]);
		expect(sim.requests).toEqual([]); // refused before any API call
		expect(executedJobids()).toEqual([]);
	});
});

describe('a test listen that does not end normally', () => {
	test('n8n killed while listening: the restart takes the account back, deactivation restores the original', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const production = sim.accountReplyUrl;
		await harness.listenForTestEvent();
		harness.crash(); // the listen's end never runs: the account keeps the test URL
		await harness.activate('init');
		expect(sim.accountReplyUrl).toBe(production);
		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('deactivated while listening: the original comes back and stays after the listen ends', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		await harness.listenForTestEvent();
		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
		await harness.stopListening();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});
});

describe('two Automatic Pika Triggers on one useapi.net account', () => {
	async function secondWorkflow(parameters = {}): Promise<TriggerHarness> {
		const other = await TriggerHarness.start({
			parameters,
			credentials: { apiToken: setup.sim.token, baseUrl: setup.sim.baseUrl },
			workflowId: 'second-workflow',
		});
		others.push(other);
		return other;
	}

	test('the second activation fails naming the first workflow, and changes nothing', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const first = sim.accountReplyUrl;
		const second = await secondWorkflow();

		const failure = await second.activate().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as Error).message).toBe(
			`The default Reply URL of this useapi.net account belongs to the Pika Trigger of workflow ${harness.workflowId}`,
		);
		expect(JSON.stringify(failure)).not.toContain(new URL(first!).searchParams.get('token'));
		expect(sim.accountReplyUrl).toBe(first);
		// A test listen of the second workflow is refused the same way.
		await expect(second.listenForTestEvent()).rejects.toThrow(NodeOperationError);
		expect(sim.accountReplyUrl).toBe(first);

		const jobids = await createJobs(2, 'for the first workflow');
		expect(await finishAll(jobids)).toEqual([200, 200]);
		expect(second.executions).toEqual([]);

		// Once the first is deactivated, the second may register.
		await harness.deactivate();
		await second.activate();
		expect(registeredUrl(sim).pathname).toBe(new URL(second.webhookUrl('production')).pathname);
		await second.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('"Take Over Another Trigger\'s Registration": the second takes the default, the first keeps its jobs', async () => {
		setup = await startTrigger(COMPLETED_OR_FAILED, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const first = sim.accountReplyUrl;
		const firstJobs = await createJobs(2, 'for the first workflow');

		const second = await secondWorkflow({
			statuses: ['completed', 'failed'],
			options: { takeOver: true },
		});
		await second.activate();
		expect(sim.accountReplyUrl).not.toBe(first);
		const secondJobs = await createJobs(2, 'for the second workflow');

		expect(await finishAll([...firstJobs, ...secondJobs])).toEqual([200, 200, 200, 200]);
		await second.idle();
		expect(executedJobids().sort()).toEqual(firstJobs.sort());
		expect(second.executions.map((e) => e.items[0].json.jobid).sort()).toEqual(secondJobs.sort());

		// Deactivated in reverse order, the account ends with its original value.
		await second.deactivate();
		expect(sim.accountReplyUrl).toBe(first);
		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});
});

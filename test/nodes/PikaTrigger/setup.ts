/**
 * A simulator of the useapi.net API plus an "n8n server" running the Pika Trigger, wired
 * together: the trigger's credential points at the simulator, and the simulator delivers
 * callbacks to the trigger over HTTP.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TriggerHarness } from '../../../tools/n8n-core/runTrigger';
import {
	createSimulator,
	type PikaSimulator,
	type SimulatorOptions,
} from '../../../tools/simulator';

export const CHANNEL = '1190000000000000001';
export const FAKE_DISCORD_USER = 'discord-user-token-0123456789abcdef';
/** What the user had on the account before the trigger was activated. */
export const ORIGINAL_REPLY_URL = 'http://127.0.0.1:9/original-reply-url';

export interface TriggerSetup {
	sim: PikaSimulator;
	harness: TriggerHarness;
	close(): Promise<void>;
}

export async function startTrigger(
	parameters: INodeParameters = {},
	simulatorOptions: SimulatorOptions = {},
	typeVersion?: number,
): Promise<TriggerSetup> {
	const sim = createSimulator({
		jobDurationMs: Infinity, // tests finish jobs themselves
		accounts: [{ discord: FAKE_DISCORD_USER, channel: CHANNEL, maxJobs: 10 }],
		...simulatorOptions,
	});
	const baseUrl = await sim.start();
	const harness = await TriggerHarness.start({
		parameters,
		credentials: { apiToken: sim.token, baseUrl },
		typeVersion,
	});
	return {
		sim,
		harness,
		async close() {
			await harness.stop();
			await sim.stop();
		},
	};
}

/** Submits a job straight to the API (as any client would) and returns its jobid. */
export async function submitJob(
	sim: PikaSimulator,
	endpoint: 'create' | 'encrypt_text' | 'button' = 'create',
	fields: Record<string, string> = { prompt: 'a red fox running through snow' },
): Promise<string> {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	const response = await fetch(`${sim.baseUrl}/v1/pika/${endpoint}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sim.token}` },
		body: form,
	});
	const body = (await response.json()) as IDataObject;
	if (!response.ok) throw new Error(`submit failed: ${response.status} ${JSON.stringify(body)}`);
	return body.jobid as string;
}

/**
 * Ends a job with a status and waits until its callback was delivered and answered, and the
 * trigger has finished with it (with Verify With API it answers before it asks the API).
 */
export async function finishAndDeliver(
	{ sim, harness }: Pick<TriggerSetup, 'sim' | 'harness'>,
	jobid: string,
	status: 'completed' | 'failed' | 'moderated' | 'cancelled' = 'completed',
) {
	sim.finishNow(jobid, status);
	await sim.flushCallbacks();
	await harness.idle();
	const delivered = sim.callbacks.filter((callback) => callback.jobid === jobid);
	return delivered[delivered.length - 1];
}

/** The account's current replyUrl, parsed. */
export function registeredUrl(sim: PikaSimulator): URL {
	if (!sim.accountReplyUrl) throw new Error('the account has no replyUrl');
	return new URL(sim.accountReplyUrl);
}

/** Requests the trigger made to the simulator, as "METHOD path". */
export function apiCalls(sim: PikaSimulator): string[] {
	return sim.requests.map((request) => `${request.method} ${request.path}`);
}

/**
 * Registers an afterEach that closes the trigger a test started, and returns helpers for
 * tests of what the trigger does with a POST.
 */
export function useActiveTrigger() {
	let current: TriggerSetup | undefined;
	afterEach(async () => {
		await current?.close();
		current = undefined;
	});
	const helpers = {
		get setup(): TriggerSetup {
			if (!current) throw new Error('no trigger started in this test (call activeTrigger first)');
			return current;
		},
		/** A trigger with these parameters, not yet activated. */
		async start(parameters: INodeParameters = {}): Promise<TriggerSetup> {
			current = await startTrigger(parameters);
			return current;
		},
		/** An active trigger (saved at `typeVersion`, default 1); returns the registered URL (with its token). */
		async activeTrigger(parameters: INodeParameters = {}, typeVersion?: number): Promise<string> {
			current = await startTrigger(parameters, {}, typeVersion);
			await current.harness.activate();
			current.sim.clearLogs(); // what follows is what the callbacks cost
			return registeredUrl(current.sim).toString();
		},
		/** Finished jobs as the API has them, without their callbacks reaching the trigger. */
		async finishedJobs(
			count: number,
			status: 'completed' | 'failed' = 'completed',
		): Promise<IDataObject[]> {
			const { sim } = helpers.setup;
			const saved = sim.accountReplyUrl;
			sim.accountReplyUrl = undefined;
			const jobids: string[] = [];
			for (let i = 0; i < count; i++) {
				jobids.push(await submitJob(sim, 'create', { prompt: `clip ${i}` }));
				sim.finishNow(jobids[i], status); // frees the slot (the account runs 10 at a time)
			}
			await sim.flushCallbacks();
			sim.accountReplyUrl = saved;
			sim.clearLogs();
			return jobids.map((jobid) => ({ ...sim.job(jobid), code: 200 }) as IDataObject);
		},
		async finishedJobBody(status: 'completed' | 'failed' = 'completed'): Promise<IDataObject> {
			return (await helpers.finishedJobs(1, status))[0];
		},
		expectNoExecution(): void {
			expect(helpers.setup.harness.executions).toEqual([]);
			expect(helpers.setup.harness.webhookErrors).toEqual([]);
		},
	};
	return helpers;
}

/**
 * Moves the clock the trigger reads (Date.now, and `new Date()` on the unit tier's clock)
 * forward by `ms` from now on, still running with the tier's clock; restored with
 * jest.restoreAllMocks() (registered by useShiftedClock).
 */
export function shiftClock(ms: number): void {
	const unshifted = Date.now;
	jest.spyOn(Date, 'now').mockImplementation(() => unshifted() + ms);
}

/** Registers the afterEach that undoes shiftClock. */
export function useShiftedClock(): void {
	afterEach(() => jest.restoreAllMocks());
}

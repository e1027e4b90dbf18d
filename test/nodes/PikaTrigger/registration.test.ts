/**
 * Automatic registration: what activation, deactivation, restarts and "Listen for test event"
 * do to the useapi.net account's default replyUrl, through n8n-core's HookContext.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Registration } from '../../../nodes/PikaTrigger/registration';
import {
	apiCalls,
	finishAndDeliver,
	ORIGINAL_REPLY_URL,
	registeredUrl,
	startTrigger,
	submitJob,
	type TriggerSetup,
	shiftClock,
	useShiftedClock,
} from './setup';
import { RETIRED_TOKEN_GRACE_MS } from '../../../nodes/PikaTrigger/secret';

let setup: TriggerSetup;
afterEach(async () => await setup?.close());
useShiftedClock();

function registrations(): Record<string, Registration> {
	return setup.harness.staticData.registrations as Record<string, Registration>;
}

describe('activation and deactivation', () => {
	test('activation points the account at the production URL with a secret token', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();

		const url = registeredUrl(sim);
		expect(`${url.origin}${url.pathname}`).toBe(harness.webhookUrl('production'));
		const token = url.searchParams.get('token') ?? '';
		expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16); // ≥ 128 bits
		// checkExists needs no call without a registration; create reads, then writes.
		expect(apiCalls(sim)).toEqual(['GET /v2/account', 'POST /v2/account']);
		expect(registrations()).toEqual({
			[harness.webhookUrl('production')]: {
				token,
				previousReplyUrl: ORIGINAL_REPLY_URL,
				registeredAt: expect.any(String),
				test: false,
			},
		});
	});

	test('re-activation within the grace time keeps the token; after it, a fresh one', async () => {
		setup = await startTrigger();
		const { sim, harness } = setup;
		await harness.activate();
		const first = registeredUrl(sim).searchParams.get('token');
		await harness.deactivate();
		await harness.activate();
		expect(registeredUrl(sim).searchParams.get('token')).toBe(first);
		await harness.deactivate();
		shiftClock(RETIRED_TOKEN_GRACE_MS + 1000);
		await harness.activate();
		expect(registeredUrl(sim).searchParams.get('token')).not.toBe(first);
	});

	test('deactivation restores the previous replyUrl and retires the registration', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		await setup.harness.activate();
		const token = registeredUrl(setup.sim).searchParams.get('token');
		await setup.harness.deactivate();
		expect(setup.sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
		expect(registrations()).toEqual({
			[setup.harness.webhookUrl('production')]: expect.objectContaining({
				token,
				retiredAt: expect.any(String),
			}),
		});
	});

	test('deactivation clears the replyUrl when the account had none', async () => {
		setup = await startTrigger();
		await setup.harness.activate();
		await setup.harness.deactivate();
		expect(setup.sim.accountReplyUrl).toBeUndefined();
	});

	test('deactivation leaves a replyUrl someone else set in the meantime', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		await setup.harness.activate();
		setup.sim.accountReplyUrl = 'http://127.0.0.1:9/someone-else';
		await setup.harness.deactivate();
		expect(setup.sim.accountReplyUrl).toBe('http://127.0.0.1:9/someone-else');
		expect(setup.sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1); // activation only
	});

	test('checkExists is true only while the account points at the registered URL', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		expect(await harness.checkExists()).toBe(false); // nothing registered yet
		await harness.activate();
		expect(await harness.checkExists()).toBe(true);

		const registered = sim.accountReplyUrl;
		sim.accountReplyUrl = 'http://127.0.0.1:9/someone-else';
		expect(await harness.checkExists()).toBe(false);
		// Our URL with another token is not ours either: the token is the proof.
		sim.accountReplyUrl = `${harness.webhookUrl('production')}?token=guessed`;
		expect(await harness.checkExists()).toBe(false);
		sim.accountReplyUrl = registered;
		expect(await harness.checkExists()).toBe(true);
	});

	test('manual registration registers nothing and removes nothing', async () => {
		setup = await startTrigger({ registration: 'manual' }, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		expect(await harness.checkExists()).toBe(true);
		await harness.activate();
		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
		expect(sim.requests).toHaveLength(0);
	});

	test('switching to Manual while inactive still lets a stale automatic registration be undone', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		harness.crash();
		harness.setParameters({ registration: 'manual' });
		await harness.activate('init');
		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('API failures surface as NodeApiError, and a failed activation changes nothing', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		sim.injectFault({
			method: 'POST',
			path: '/v2/account',
			fault: { status: 401, body: { error: 'Unauthorized', code: 401 } },
		});
		const failure = await harness.activate().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as NodeApiError).message).toBe('Unauthorized');
		expect(JSON.stringify(failure)).not.toContain(sim.token);
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
		expect(registrations() ?? {}).toEqual({});
	});

	test('a webhook URL longer than the API accepts is refused before anything changes', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		setup.harness.publicHost = `${'a'.repeat(1000)}.localhost`;
		await expect(setup.harness.activate()).rejects.toThrow(NodeOperationError);
		expect(setup.sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});
});

describe('restarts without deactivation', () => {
	test('after n8n was killed, re-activation keeps the live URL and the original restorable', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const live = sim.accountReplyUrl;
		harness.crash(); // no delete ran
		await harness.activate('init');
		expect(sim.accountReplyUrl).toBe(live);

		const jobid = await submitJob(sim);
		expect((await finishAndDeliver({ sim, harness }, jobid)).responseStatus).toBe(200);
		expect(harness.executions).toHaveLength(1);

		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('when create runs again over our own stale URL, it does not store that URL as "previous"', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		harness.crash();
		harness.publicHost = 'localhost'; // WEBHOOK_URL changed while n8n was down
		await harness.activate('init');
		expect(registeredUrl(sim).hostname).toBe('localhost');
		// The record of the old URL is retired (its jobs may still call back), not live.
		const live = Object.entries(registrations()).filter(([, r]) => r.retiredAt === undefined);
		expect(live.map(([url]) => url)).toEqual([harness.webhookUrl('production')]);
		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('an unknown token on our own URL (static data lost) is not kept as "previous"', async () => {
		setup = await startTrigger();
		const { sim, harness } = setup;
		sim.accountReplyUrl = `${harness.webhookUrl('production')}?token=from-a-lost-registration`;
		await harness.activate();
		await harness.deactivate();
		expect(sim.accountReplyUrl).toBeUndefined(); // cleared rather than pointed at a dead URL
	});

	test('a value set by someone else while n8n was down becomes the value to restore', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const oldToken = registeredUrl(sim).searchParams.get('token');
		harness.crash();
		sim.accountReplyUrl = 'http://127.0.0.1:9/set-while-down';
		await harness.activate('init');
		expect(`${registeredUrl(sim).origin}${registeredUrl(sim).pathname}`).toBe(
			harness.webhookUrl('production'),
		);
		expect(registeredUrl(sim).searchParams.get('token')).toBe(oldToken); // same URL, same token
		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe('http://127.0.0.1:9/set-while-down');
	});
});

describe('"Listen for test event"', () => {
	test('registers the test URL, delivers one event, then restores the previous value', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.listenForTestEvent();
		const url = registeredUrl(sim);
		expect(`${url.origin}${url.pathname}`).toBe(harness.webhookUrl('test'));

		const jobid = await submitJob(sim);
		expect((await finishAndDeliver({ sim, harness }, jobid)).responseStatus).toBe(200);
		expect(harness.executions.map((e) => [e.kind, e.items[0].json.jobid])).toEqual([
			['test', jobid],
		]);
		await harness.idle();
		expect(harness.listening).toBe(false); // n8n stops listening once the test run started
		expect(harness.backgroundErrors).toEqual([]);
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});

	test('while the workflow is active, a test run hands the account back to production', async () => {
		setup = await startTrigger({}, { accountReplyUrl: ORIGINAL_REPLY_URL });
		const { sim, harness } = setup;
		await harness.activate();
		const production = sim.accountReplyUrl;
		await harness.listenForTestEvent();
		expect(sim.accountReplyUrl).not.toBe(production);
		await harness.stopListening();
		expect(sim.accountReplyUrl).toBe(production);

		await harness.deactivate();
		expect(sim.accountReplyUrl).toBe(ORIGINAL_REPLY_URL);
	});
});

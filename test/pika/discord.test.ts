/**
 * Which Discord account a job runs on (accountFields in helpers/submit.ts): a channel picked in
 * the node wins; else the credential's Discord token and channel; else nothing, and the API
 * picks a configured account. The Discord token itself never reaches an output item or error.
 */
import { useBinaryMode } from '../harness/run-node';
import { maskDiscord } from '../simulator';
import {
	ACCOUNT,
	CREDENTIAL_CHANNEL,
	CREDENTIAL_DISCORD,
	channelById,
	createParameters,
	requestsTo,
	retryParameters,
	useSimulator,
	visibleText,
} from './fixtures';

const OTHER = { discord: 'MTMz.second-configured-account-token.Wd7e', channel: '1190000000000000002', maxJobs: 5 };

const fx = useSimulator({ accounts: [ACCOUNT, OTHER] });

beforeAll(async () => await useBinaryMode('default'));

const createFields = () => requestsTo(fx.sim, 'POST', '/v1/pika/create').map((r) => r.fields);

describe('Discord account selection', () => {
	it('neither node channel nor credential token: sends no account, the API picks a configured one', async () => {
		const result = await fx.run({ parameters: createParameters('go') });

		expect(result.error).toBeUndefined();
		expect(createFields()).toEqual([{ prompt: 'go' }]);
		const job = result.items[0].json;
		const picked = [ACCOUNT, OTHER].find((account) => account.channel === job.channel);
		expect(picked).toBeDefined();
		expect(job.discord).toBe(maskDiscord(String(picked?.discord)));
	});

	it('channel picked in the node (credential without token): sends the channel alone, the job runs there', async () => {
		const result = await fx.run({ parameters: createParameters('go', { options: { channel: channelById(OTHER.channel) } }) });

		expect(result.error).toBeUndefined();
		expect(createFields()).toEqual([{ prompt: 'go', channel: OTHER.channel }]);
		expect(result.items[0].json).toMatchObject({ channel: OTHER.channel, discord: maskDiscord(OTHER.discord), maxJobs: 5 });
	});

	it('channel picked from the list (list mode) is sent the same way', async () => {
		const result = await fx.run({
			parameters: createParameters('go', { options: { channel: { __rl: true, mode: 'list', value: OTHER.channel } } }),
		});

		expect(createFields()).toEqual([{ prompt: 'go', channel: OTHER.channel }]);
		expect(result.items[0].json.channel).toBe(OTHER.channel);
	});

	it('node channel wins over the credential: the credential token is not sent to another channel', async () => {
		const result = await fx.run({
			parameters: createParameters('go', { options: { channel: channelById(OTHER.channel) } }),
			credentials: fx.credentials({ discordToken: CREDENTIAL_DISCORD, discordChannel: CREDENTIAL_CHANNEL }),
		});

		expect(result.error).toBeUndefined();
		expect(createFields()).toEqual([{ prompt: 'go', channel: OTHER.channel }]);
		expect(result.items[0].json).toMatchObject({ channel: OTHER.channel, discord: maskDiscord(OTHER.discord) });
	});

	it('node channel equal to the credential channel: sends the credential token with it', async () => {
		const result = await fx.run({
			parameters: createParameters('go', { options: { channel: channelById(CREDENTIAL_CHANNEL) } }),
			credentials: fx.credentials({ discordToken: CREDENTIAL_DISCORD, discordChannel: CREDENTIAL_CHANNEL }),
		});

		expect(result.error).toBeUndefined();
		expect(createFields()).toEqual([{ prompt: 'go', discord: CREDENTIAL_DISCORD, channel: CREDENTIAL_CHANNEL }]);
		expect(result.items[0].json).toMatchObject({ channel: CREDENTIAL_CHANNEL, discord: maskDiscord(CREDENTIAL_DISCORD) });
	});

	it('no node channel, credential token and channel: sends both, the job runs on the credential account', async () => {
		const result = await fx.run({
			parameters: createParameters('go'),
			credentials: fx.credentials({ discordToken: ` ${CREDENTIAL_DISCORD} `, discordChannel: CREDENTIAL_CHANNEL }),
		});

		expect(result.error).toBeUndefined();
		expect(createFields()).toEqual([{ prompt: 'go', discord: CREDENTIAL_DISCORD, channel: CREDENTIAL_CHANNEL }]);
		expect(result.items[0].json).toMatchObject({ channel: CREDENTIAL_CHANNEL, discord: maskDiscord(CREDENTIAL_DISCORD) });
	});

	it('no node channel, credential token without channel: sends the token alone', async () => {
		await fx.run({ parameters: createParameters('go'), credentials: fx.credentials({ discordToken: CREDENTIAL_DISCORD }) });

		expect(createFields()).toEqual([{ prompt: 'go', discord: CREDENTIAL_DISCORD }]);
	});

	it('Retry never sends account fields: the API reuses the job’s own account', async () => {
		const created = await fx.run({ parameters: createParameters('parent', { options: { channel: channelById(OTHER.channel) } }) });
		const parent = String(created.items[0].json.jobid);
		fx.sim.completeJob(parent);
		const result = await fx.run({
			parameters: retryParameters(parent),
			credentials: fx.credentials({ discordToken: CREDENTIAL_DISCORD, discordChannel: CREDENTIAL_CHANNEL }),
		});

		expect(requestsTo(fx.sim, 'POST', '/v1/pika/button').map((r) => r.fields)).toEqual([{ jobid: parent, button: 'retry' }]);
		expect(result.items[0].json).toMatchObject({ channel: OTHER.channel, discord: maskDiscord(OTHER.discord) });
	});
});

describe('the Discord token never appears in output or errors', () => {
	const credentials = () => fx.credentials({ discordToken: CREDENTIAL_DISCORD, discordChannel: CREDENTIAL_CHANNEL });
	const secrets = [CREDENTIAL_DISCORD, ACCOUNT.discord, OTHER.discord];

	function expectNoSecret(text: string): void {
		for (const secret of [...secrets, fx.sim.token]) expect(text).not.toContain(secret);
	}

	it('successful items carry only the masked token', async () => {
		const result = await fx.run({ parameters: createParameters('go'), credentials: credentials() });

		expect(createFields()[0].discord).toBe(CREDENTIAL_DISCORD); // it was really sent
		expect(result.items[0].json.discord).toBe(maskDiscord(CREDENTIAL_DISCORD));
		expectNoSecret(visibleText(result));
	});

	it('API errors (thrown, and as continue-on-fail items) do not carry it', async () => {
		fx.sim.configure({ outcome: () => ({ status: 'moderated', atSubmit: true, errorDetails: 'details' }) });
		const thrown = await fx.run({ parameters: createParameters('refused'), credentials: credentials() });
		expect(thrown.error?.name).toBe('NodeApiError');
		expectNoSecret(visibleText(thrown));

		const kept = await fx.run({ parameters: createParameters('refused'), credentials: credentials(), continueOnFail: true });
		expect(kept.items[0].json.httpCode).toBe('422');
		expectNoSecret(visibleText(kept));
		expect(createFields().map((fields) => fields.discord)).toEqual([CREDENTIAL_DISCORD, CREDENTIAL_DISCORD]);
	});

	it('a failed connection does not carry it', async () => {
		fx.sim.injectFault({ method: 'POST', path: '/v1/pika/create', fault: 'reset-before-body' });
		const result = await fx.run({ parameters: createParameters('go'), credentials: credentials() });

		expect(result.error?.name).toBe('NodeApiError');
		expectNoSecret(visibleText(result));
	});

	it('a validation error does not carry it', async () => {
		const result = await fx.run({ parameters: createParameters('x'.repeat(1501)), credentials: credentials() });

		expect(result.error?.name).toBe('NodeOperationError');
		expectNoSecret(visibleText(result));
	});
});

/**
 * Which Discord account a job runs on (readAccountFields in helpers/submit.ts): a channel picked
 * in the node wins; else the credential's channel, with its Discord token if set; else nothing,
 * and the API picks a configured account (Retry: the job's own). A token without a channel goes
 * only with Retry. The Discord token itself never reaches an output item or error.
 */
import { useBinaryMode } from '../../../../tools/n8n-core/runNode';
import { maskDiscord } from '../../../../tools/simulator';
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
} from '../setup';

const OTHER = {
	discord: 'MTMz.second-configured-account-token.Wd7e',
	channel: '1190000000000000002',
	maxJobs: 5,
};

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

	const BOTH = { discordToken: CREDENTIAL_DISCORD, discordChannel: CREDENTIAL_CHANNEL };
	const ON_CREDENTIAL_ACCOUNT = { discord: CREDENTIAL_DISCORD, channel: CREDENTIAL_CHANNEL };
	it.each<{
		name: string;
		nodeChannel?: string;
		credential: Record<string, string>;
		sent: Record<string, string>;
		runsOn: { discord: string; channel: string };
	}>([
		{
			name: 'channel picked in the node (credential without token): sends the channel alone, the job runs there',
			nodeChannel: OTHER.channel,
			credential: {},
			sent: { channel: OTHER.channel },
			runsOn: OTHER,
		},
		{
			name: 'node channel wins over the credential: the credential token is not sent to another channel',
			nodeChannel: OTHER.channel,
			credential: BOTH,
			sent: { channel: OTHER.channel },
			runsOn: OTHER,
		},
		{
			name: 'node channel equal to the credential channel: sends the credential token with it',
			nodeChannel: CREDENTIAL_CHANNEL,
			credential: BOTH,
			sent: ON_CREDENTIAL_ACCOUNT,
			runsOn: ON_CREDENTIAL_ACCOUNT,
		},
		{
			name: 'no node channel, credential token and channel: sends both, the job runs on the credential account',
			credential: { discordToken: ` ${CREDENTIAL_DISCORD} `, discordChannel: CREDENTIAL_CHANNEL },
			sent: ON_CREDENTIAL_ACCOUNT,
			runsOn: ON_CREDENTIAL_ACCOUNT,
		},
		{
			name: 'no node channel, credential channel without token: sends the channel alone, like a channel picked in the node',
			credential: { discordChannel: ` ${OTHER.channel} ` },
			sent: { channel: OTHER.channel },
			runsOn: OTHER,
		},
		{
			name: 'credential token without channel, but a Channel picked in the node: the picked channel goes alone',
			nodeChannel: OTHER.channel,
			credential: { discordToken: CREDENTIAL_DISCORD },
			sent: { channel: OTHER.channel },
			runsOn: OTHER,
		},
	])('$name', async ({ nodeChannel, credential, sent, runsOn }) => {
		const options = nodeChannel ? { options: { channel: channelById(nodeChannel) } } : {};
		const result = await fx.run({
			parameters: createParameters('go', options),
			credentials: fx.credentials(credential),
		});

		expect(result.error).toBeUndefined();
		expect(createFields()).toEqual([{ prompt: 'go', ...sent }]);
		expect(result.items[0].json).toMatchObject({
			channel: runsOn.channel,
			discord: maskDiscord(runsOn.discord),
			...(runsOn === OTHER ? { maxJobs: OTHER.maxJobs } : {}),
		});
	});

	it('channel picked from the list (list mode) is sent the same way', async () => {
		const result = await fx.run({
			parameters: createParameters('go', {
				options: { channel: { __rl: true, mode: 'list', value: OTHER.channel } },
			}),
		});

		expect(createFields()).toEqual([{ prompt: 'go', channel: OTHER.channel }]);
		expect(result.items[0].json.channel).toBe(OTHER.channel);
	});

	it('no node channel, credential token without channel: refused before anything is sent (the API documents no discord without channel)', async () => {
		const result = await fx.run({
			parameters: createParameters('go'),
			items: [{ json: {} }, { json: {} }],
			credentials: fx.credentials({ discordToken: CREDENTIAL_DISCORD }),
		});

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(
			'Invalid "Discord Channel ID" in item 0: the credential has a Discord Token but no Discord Channel ID',
		);
		expect(result.error?.description).toContain('only together with the channel it belongs to');
		expect(fx.sim.requests).toHaveLength(0);
		expect(visibleText(result)).not.toContain(CREDENTIAL_DISCORD);
	});

	it('a credential channel that is not a channel ID is refused before anything is sent', async () => {
		const result = await fx.run({
			parameters: createParameters('go'),
			credentials: fx.credentials({ discordChannel: 'my-channel' }),
		});

		expect(result.error?.message).toBe(
			'Invalid "Discord Channel ID" in item 0: the credential’s Discord Channel ID is not a Discord channel ID (digits only)',
		);
		expect(fx.sim.requests).toHaveLength(0);
	});
});

describe('Retry: the documented discord/channel override of POST /v1/pika/button', () => {
	const buttonFields = () => requestsTo(fx.sim, 'POST', '/v1/pika/button').map((r) => r.fields);

	/** A completed job on the OTHER account, to be retried. */
	async function completedParent(): Promise<string> {
		const created = await fx.run({
			parameters: createParameters('parent', { options: { channel: channelById(OTHER.channel) } }),
		});
		const parent = String(created.items[0].json.jobid);
		fx.sim.completeJob(parent);
		return parent;
	}

	it('nothing set: no account fields, the retry runs on the job’s own account', async () => {
		const parent = await completedParent();
		const result = await fx.run({ parameters: retryParameters(parent) });

		expect(result.error).toBeUndefined();
		expect(buttonFields()).toEqual([{ jobid: parent, button: 'retry' }]);
		expect(result.items[0].json).toMatchObject({
			channel: OTHER.channel,
			discord: maskDiscord(OTHER.discord),
		});
	});

	it('a Channel picked in the node: sent alone, the retry runs on that configured account', async () => {
		const parent = await completedParent();
		const result = await fx.run({
			parameters: retryParameters(parent, { options: { channel: channelById(ACCOUNT.channel) } }),
		});

		expect(result.error).toBeUndefined();
		expect(buttonFields()).toEqual([{ jobid: parent, button: 'retry', channel: ACCOUNT.channel }]);
		expect(result.items[0].json).toMatchObject({
			channel: ACCOUNT.channel,
			discord: maskDiscord(ACCOUNT.discord),
		});
	});

	it('the credential’s token and channel: both sent, the retry runs with them', async () => {
		const parent = await completedParent();
		const result = await fx.run({
			parameters: retryParameters(parent),
			credentials: fx.credentials({
				discordToken: CREDENTIAL_DISCORD,
				discordChannel: CREDENTIAL_CHANNEL,
			}),
		});

		expect(result.error).toBeUndefined();
		expect(buttonFields()).toEqual([
			{ jobid: parent, button: 'retry', discord: CREDENTIAL_DISCORD, channel: CREDENTIAL_CHANNEL },
		]);
		expect(result.items[0].json).toMatchObject({
			channel: CREDENTIAL_CHANNEL,
			discord: maskDiscord(CREDENTIAL_DISCORD),
		});
		expect(visibleText(result)).not.toContain(CREDENTIAL_DISCORD);
	});

	it('the credential’s token alone: sent alone ("will override discord value of referenced above jobid"), on the job’s channel', async () => {
		const parent = await completedParent();
		const result = await fx.run({
			parameters: retryParameters(parent),
			credentials: fx.credentials({ discordToken: CREDENTIAL_DISCORD }),
		});

		expect(result.error).toBeUndefined();
		expect(buttonFields()).toEqual([
			{ jobid: parent, button: 'retry', discord: CREDENTIAL_DISCORD },
		]);
		expect(result.items[0].json).toMatchObject({
			channel: OTHER.channel,
			discord: maskDiscord(CREDENTIAL_DISCORD),
		});
	});

	it('the credential’s channel alone: sent alone, the retry runs on that configured account', async () => {
		const parent = await completedParent();
		const result = await fx.run({
			parameters: retryParameters(parent),
			credentials: fx.credentials({ discordChannel: ACCOUNT.channel }),
		});

		expect(result.error).toBeUndefined();
		expect(buttonFields()).toEqual([{ jobid: parent, button: 'retry', channel: ACCOUNT.channel }]);
		expect(result.items[0].json).toMatchObject({
			channel: ACCOUNT.channel,
			discord: maskDiscord(ACCOUNT.discord),
		});
	});
});

describe('the Discord token never appears in output or errors', () => {
	const credentials = () =>
		fx.credentials({ discordToken: CREDENTIAL_DISCORD, discordChannel: CREDENTIAL_CHANNEL });
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
		fx.sim.configure({
			outcome: () => ({ status: 'moderated', atSubmit: true, errorDetails: 'details' }),
		});
		const thrown = await fx.run({
			parameters: createParameters('refused'),
			credentials: credentials(),
		});
		expect(thrown.error?.name).toBe('NodeApiError');
		expectNoSecret(visibleText(thrown));

		const kept = await fx.run({
			parameters: createParameters('refused'),
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(kept.items[0].json.httpCode).toBe('422');
		expectNoSecret(visibleText(kept));
		expect(createFields().map((fields) => fields.discord)).toEqual([
			CREDENTIAL_DISCORD,
			CREDENTIAL_DISCORD,
		]);
	});

	it('a failed connection does not carry it', async () => {
		fx.sim.injectFault({ method: 'POST', path: '/v1/pika/create', fault: 'reset-before-body' });
		const result = await fx.run({ parameters: createParameters('go'), credentials: credentials() });

		expect(result.error?.name).toBe('NodeApiError');
		expectNoSecret(visibleText(result));
	});

	it('a validation error does not carry it', async () => {
		const result = await fx.run({
			parameters: createParameters('x'.repeat(1501)),
			credentials: credentials(),
		});

		expect(result.error?.name).toBe('NodeOperationError');
		expectNoSecret(visibleText(result));
	});
});

/**
 * Resource Account: Get Many, Create or Update, Delete — and that a Discord token never
 * comes back in output.
 */
import { useBinaryMode } from '../../../../../tools/n8n-core/runNode';
import { ACCOUNT, CREDENTIAL_DISCORD, requestsTo, useSimulator, visibleText } from '../../setup';

const NEW_CHANNEL = '1190000000000000999';

describe('account operations', () => {
	const fixture = useSimulator();
	beforeAll(async () => await useBinaryMode('default'));

	it('Get Many lists one item per configured account, Discord token masked', async () => {
		const result = await fixture.run({ parameters: { resource: 'account', operation: 'getAll' } });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			channel: ACCOUNT.channel,
			maxJobs: ACCOUNT.maxJobs,
		});
		expect(String(result.items[0].json.discord)).toMatch(/^.{3}…secured….{3}$/);
		expect(visibleText(result)).not.toContain(ACCOUNT.discord);
	});

	it('Get Many with no configured account outputs no items, not an error', async () => {
		fixture.sim.removeAccount(ACCOUNT.channel);
		const result = await fixture.run({ parameters: { resource: 'account', operation: 'getAll' } });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});

	it('Create or Update sends the credential Discord token as JSON and never outputs it', async () => {
		const result = await fixture.run({
			parameters: { resource: 'account', operation: 'upsert', channel: NEW_CHANNEL, maxJobs: 3 },
			credentials: fixture.credentials({ discordToken: CREDENTIAL_DISCORD }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ channel: NEW_CHANNEL, maxJobs: 3, saved: true });
		const [request] = requestsTo(fixture.sim, 'POST', `/v1/pika/account/${NEW_CHANNEL}`);
		expect(request.json).toEqual({ discord: CREDENTIAL_DISCORD, channel: NEW_CHANNEL, maxJobs: 3 });
		expect(fixture.sim.accounts.find((account) => account.channel === NEW_CHANNEL)?.maxJobs).toBe(
			3,
		);
		expect(visibleText(result)).not.toContain(CREDENTIAL_DISCORD);
	});

	it('Create or Update can take the Discord token from a field (an expression)', async () => {
		const result = await fixture.run({
			parameters: {
				resource: 'account',
				operation: 'upsert',
				channel: NEW_CHANNEL,
				maxJobs: 2,
				discordTokenSource: 'field',
				discordToken: '={{ $json.token }}',
			},
			items: [{ json: { token: 'MTA.from-a-field-token.xyz' } }],
		});
		expect(result.error).toBeUndefined();
		const [request] = requestsTo(fixture.sim, 'POST', `/v1/pika/account/${NEW_CHANNEL}`);
		expect((request.json as { discord: string }).discord).toBe('MTA.from-a-field-token.xyz');
	});

	it('Create or Update without any Discord token fails before any request', async () => {
		const result = await fixture.run({
			parameters: { resource: 'account', operation: 'upsert', channel: NEW_CHANNEL, maxJobs: 2 },
		});
		expect(result.error?.message).toBe(
			'Invalid "Discord Token Source" in item 0: the credential has no Discord Token',
		);
		expect(fixture.sim.requests).toHaveLength(0);
	});

	it.each([
		[
			'a non-numeric channel',
			{ channel: 'abc', maxJobs: 2 },
			'Invalid "Channel ID" in item 0: "abc" is not a valid Channel ID',
		],
		[
			'a channel with a path',
			{ channel: '123/../x', maxJobs: 2 },
			'Invalid "Channel ID" in item 0: "123/../x" is not a valid Channel ID',
		],
		[
			'Max Jobs 11',
			{ channel: NEW_CHANNEL, maxJobs: 11 },
			'Invalid "Max Jobs" in item 0: must be from 1 to 10, got 11',
		],
		[
			'Max Jobs 2.5',
			{ channel: NEW_CHANNEL, maxJobs: 2.5 },
			'Invalid "Max Jobs" in item 0: must be a whole number from 1 to 10, got 2.5',
		],
	])('Create or Update refuses %s before any request', async (_label, parameters, message) => {
		const result = await fixture.run({
			parameters: { resource: 'account', operation: 'upsert', ...parameters },
			credentials: fixture.credentials({ discordToken: CREDENTIAL_DISCORD }),
		});
		expect(result.error?.message).toBe(message);
		expect(fixture.sim.requests).toHaveLength(0);
	});

	it('Create or Update surfaces the API message when another channel has the same Discord token', async () => {
		const result = await fixture.run({
			parameters: { resource: 'account', operation: 'upsert', channel: NEW_CHANNEL, maxJobs: 5 },
			credentials: fixture.credentials({ discordToken: ACCOUNT.discord }),
		});
		expect(result.error?.message).toBe(
			`Channel ${ACCOUNT.channel} configuration has same discord value`,
		);
		expect(visibleText(result)).not.toContain(ACCOUNT.discord);
	});

	it('Delete removes the configuration; deleting it again is a 404 with the API message', async () => {
		const first = await fixture.run({
			parameters: { resource: 'account', operation: 'delete', channel: ACCOUNT.channel },
		});
		expect(first.items[0].json).toEqual({ channel: ACCOUNT.channel, deleted: true });
		expect(fixture.sim.accounts).toHaveLength(0);
		const second = await fixture.run({
			parameters: { resource: 'account', operation: 'delete', channel: ACCOUNT.channel },
		});
		expect(second.error?.message).toBe('Configuration not found for provided channel');
	});
});

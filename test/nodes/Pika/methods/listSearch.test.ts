/**
 * The Channel list (listSearch.searchChannels) run in n8n-core's real LoadOptionsContext, built
 * the way the server's DynamicNodeParametersService builds it for a resource locator.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeListSearchResult,
	INodeParameters,
} from 'n8n-workflow';
import { NodeApiError, Workflow } from 'n8n-workflow';

import { UseApiPikaApi } from '../../../../credentials/UseApiPikaApi.credentials';
import { Pika } from '../../../../nodes/Pika/Pika.node';
import {
	bootstrapN8nCore,
	createAdditionalData,
	singleNodeTypes,
} from '../../../../tools/n8n-core/credentialTester';
import { CredentialsHelper } from '../../../../tools/n8n-core/credentialsHelper';
import { PIKA_NODE_TYPE } from '../../../../tools/n8n-core/runNode';
import { ACCOUNT, createParameters, useSimulator } from '../setup';

const SECOND = {
	discord: 'MTMz.second-account-discord-token.Wd7e',
	channel: '1190000000000000002',
	maxJobs: 3,
};

const fx = useSimulator({ accounts: [ACCOUNT, SECOND] });

/** What the editor does when the user opens the Channel list (optionally typing a filter). */
async function searchChannels(
	credentials: ICredentialDataDecryptedObject,
	filter?: string,
): Promise<INodeListSearchResult> {
	await bootstrapN8nCore();
	const nodeType = new Pika();
	const currentNodeParameters: INodeParameters = createParameters('', {
		options: { channel: { __rl: true, mode: 'list', value: '' } },
	});
	const node: INode = {
		id: 'temp-node-id',
		name: 'Temp-Node',
		type: PIKA_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: currentNodeParameters,
		credentials: { useApiPikaApi: { id: 'cred-1', name: 'Pika account' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: singleNodeTypes(nodeType),
	});
	const credentialsHelper = new CredentialsHelper([new UseApiPikaApi()]);
	credentialsHelper.setCredentials('useApiPikaApi', credentials);
	const additionalData = createAdditionalData(credentialsHelper, { currentNodeParameters });
	const context = new LoadOptionsContext(
		workflow,
		workflow.nodes[node.name],
		additionalData,
		'options.channel',
	);
	return await nodeType.methods.listSearch.searchChannels.call(context, filter);
}

describe('Channel list (searchChannels)', () => {
	it('lists every configured account by channel, with its maxJobs, from GET /v1/pika/account', async () => {
		const { results } = await searchChannels(fx.credentials());

		expect([...results].sort((a, b) => String(a.value).localeCompare(String(b.value)))).toEqual([
			{ name: `Channel ${ACCOUNT.channel} (max 10 jobs)`, value: ACCOUNT.channel },
			{ name: `Channel ${SECOND.channel} (max 3 jobs)`, value: SECOND.channel },
		]);
		expect(fx.sim.requests.map((r) => [r.method, r.path, r.auth])).toEqual([
			['GET', '/v1/pika/account', 'valid'],
		]);
		expect(JSON.stringify(results)).not.toContain(ACCOUNT.discord);
	});

	it('narrows the list to entries matching the typed filter', async () => {
		const { results } = await searchChannels(fx.credentials(), '0000002');

		expect(results).toEqual([
			{ name: `Channel ${SECOND.channel} (max 3 jobs)`, value: SECOND.channel },
		]);
	});

	it('no account configured (the API answers 404) → one hint entry, not an error', async () => {
		fx.sim.removeAccount(ACCOUNT.channel);
		fx.sim.removeAccount(SECOND.channel);
		const { results } = await searchChannels(fx.credentials());

		expect(results).toHaveLength(1);
		expect(results[0].value).toBe('');
		expect(results[0].name).toMatch(/No Accounts Configured/);
		expect(fx.sim.requests.map((r) => [r.path, r.status])).toEqual([['/v1/pika/account', 404]]);
	});

	it('a bad API token is an error with the API message, not a hint', async () => {
		const failure = await searchChannels(fx.credentials({ apiToken: 'user:1-wrong' })).catch(
			(error: unknown) => error,
		);

		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as NodeApiError).message).toBe('Unauthorized');
		expect((failure as NodeApiError).httpCode).toBe('401');
		expect(fx.sim.requests).toHaveLength(1);
	});

	it('an expired subscription is an error with the API message, not a hint', async () => {
		fx.sim.configure({ subscriptionActive: false });
		const failure = await searchChannels(fx.credentials()).catch((error: unknown) => error);

		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as NodeApiError).message).toBe(
			'Account has no subscription or subscription expired',
		);
		expect((failure as NodeApiError).httpCode).toBe('402');
	});
});

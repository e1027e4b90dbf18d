/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Proves the harness sends what a real n8n server sends: requests go through n8n-core's
 * contexts and HTTP client to a throwaway server on 127.0.0.1, nothing is mocked.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeType,
} from 'n8n-workflow';
import { NodeApiError, Workflow } from 'n8n-workflow';

import { UseApiPikaApi } from '../../../credentials/UseApiPikaApi.credentials';
import {
	createAdditionalData,
	createExecuteContext,
	singleNodeTypes,
	testCredential,
} from '../../../tools/n8n-core/credentialTester';
import { CredentialsHelper } from '../../../tools/n8n-core/credentialsHelper';

const TOKEN = 'user:1234-s3cr3t-t0k3n';
const UNAUTHORIZED_BODY = '{"error":"Unauthorized","code":401}';

type Recorded = Required<Pick<IncomingMessage, 'method' | 'url' | 'headers' | 'rawHeaders'>> & {
	body: string;
};

let server: Server;
let baseUrl: string;
let requests: Recorded[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			const { method = '', url = '', headers, rawHeaders } = req;
			requests.push({ method, url, headers, rawHeaders, body });
			const authorized = headers.authorization === `Bearer ${TOKEN}`;
			// /reject refuses even a good token, to see what a 401 carrying a real token exposes.
			const rejected = url.startsWith('/reject') || (url.startsWith('/v2/account') && !authorized);
			const status = rejected ? 401 : 200;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(status === 401 ? UNAUTHORIZED_BODY : JSON.stringify({ ok: true }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	requests = [];
});

const pika = new UseApiPikaApi();

/** A programmatic node that uses the credential, the way our Pika node will. */
function consumerType(credentialType = pika.name): INodeType {
	return {
		description: {
			displayName: 'Consumer',
			name: 'test.consumer',
			group: ['transform'],
			version: 1,
			description: 'Calls httpRequestWithAuthentication',
			defaults: { name: 'Consumer' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [],
		},
	};
}

function consumerNode(credentialType = pika.name): INode {
	return {
		id: 'consumer',
		name: 'Consumer',
		type: 'test.consumer',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: '1', name: 'Saved credential' } },
	};
}

async function sendAuthenticated(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
): Promise<unknown> {
	const credentialsHelper = new CredentialsHelper([credentialType]);
	credentialsHelper.setCredentials(credentialType.name, data);
	const context = await createExecuteContext({
		nodeType: consumerType(credentialType.name),
		node: consumerNode(credentialType.name),
		credentialsHelper,
	});
	// Proves the harness configured the DI container n8n-core reads (and wrote no ~/.n8n).
	expect(context.getInstanceId()).toBe('test-instance');
	return await context.helpers.httpRequestWithAuthentication.call(
		context,
		credentialType.name,
		request,
	);
}

/** Resolves the credential test's baseURL expression the way RoutingNode does. */
function resolveTestBaseUrl(credentials: ICredentialDataDecryptedObject): unknown {
	const node = consumerNode();
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: singleNodeTypes(consumerType()),
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		pika.test.request.baseURL as string,
		'internal',
		{ $credentials: credentials },
	);
}

describe('CredentialsHelper', () => {
	async function decrypted(data: ICredentialDataDecryptedObject, raw = false) {
		const helper = new CredentialsHelper([pika]);
		helper.setCredentials(pika.name, data);
		return await helper.getDecrypted(
			createAdditionalData(helper),
			{ id: '1', name: 'x' },
			pika.name,
			'manual',
			undefined,
			raw,
		);
	}

	it('fills in property defaults, like the server, when the user never touched them', async () => {
		expect(await decrypted({ apiToken: TOKEN })).toEqual({
			apiToken: TOKEN,
			baseUrl: 'https://api.useapi.net',
			discordToken: '',
			discordChannel: '',
		});
		expect(await decrypted({ apiToken: TOKEN }, true)).toEqual({ apiToken: TOKEN });
		expect(resolveTestBaseUrl(await decrypted({ apiToken: TOKEN }))).toBe('https://api.useapi.net');
	});

	it('keeps an explicitly emptied Base URL empty: n8n does not fall back to the default', async () => {
		expect((await decrypted({ apiToken: TOKEN, baseUrl: '' })).baseUrl).toBe('');
	});

	it('sends Authorization exactly as "Bearer <token>" and the token nowhere else', async () => {
		await sendAuthenticated(
			pika,
			{ apiToken: TOKEN, discordToken: 'd', discordChannel: 'c' },
			{
				method: 'POST',
				url: `${baseUrl}/v2/pika/create`,
				qs: { a: '1' },
				body: { prompt: 'a cat' },
				json: true,
			},
		);
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.rawHeaders.filter((h) => h.toLowerCase() === 'authorization')).toHaveLength(1);
		const elsewhere = {
			...request.headers,
			authorization: undefined,
			url: request.url,
			body: request.body,
		};
		expect(JSON.stringify(elsewhere)).not.toContain('s3cr3t');
		expect(JSON.parse(request.body)).toEqual({ prompt: 'a cat' });
	});

	it('resolves generic qs, body and auth sections (keys and values) like headers', async () => {
		const generic: ICredentialType = {
			name: 'genericTestApi',
			displayName: 'Generic',
			properties: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '' },
				{ displayName: 'Param', name: 'param', type: 'string', default: 'api_key' },
			],
			authenticate: {
				type: 'generic',
				properties: {
					qs: { '={{$credentials.param}}': '={{$credentials.key}}' },
					body: { signature: '=sig-{{$credentials.key}}' },
					auth: { username: 'u', password: '={{$credentials.key}}' },
				},
			},
		};
		await sendAuthenticated(
			generic,
			{ key: 'k1' },
			{ method: 'POST', url: `${baseUrl}/x`, body: { a: 1 } },
		);
		const [request] = requests;
		expect(request.url).toBe('/x?api_key=k1');
		expect(JSON.parse(request.body)).toEqual({ a: 1, signature: 'sig-k1' });
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from('u:k1').toString('base64')}`);
	});

	it('calls a function-style authenticate with the defaults-applied credentials', async () => {
		const fnType: ICredentialType = {
			name: 'functionTestApi',
			displayName: 'Function',
			properties: [{ displayName: 'Key', name: 'key', type: 'string', default: 'from-default' }],
			authenticate: async (credentials, options) => ({
				...options,
				headers: { ...options.headers, 'X-Key': String(credentials.key) },
			}),
		};
		await sendAuthenticated(fnType, {}, { method: 'GET', url: `${baseUrl}/y` });
		expect(requests[0].headers['x-key']).toBe('from-default');
	});
});

describe('n8n-core HTTP errors through httpRequestWithAuthentication', () => {
	const request = (extra: Partial<IHttpRequestOptions> = {}): IHttpRequestOptions => ({
		method: 'GET',
		url: `${baseUrl}/v2/account`,
		json: true,
		...extra,
	});

	it('throws NodeApiError for 401, after sending the request a second time', async () => {
		// A good token on a refusing route, to see what an error carrying a real token exposes.
		const error = (await sendAuthenticated(
			pika,
			{ apiToken: TOKEN },
			request({ url: `${baseUrl}/reject` }),
		).catch((e: unknown) => e)) as NodeApiError & {
			cause: { response: { status: number; data: unknown } };
		};
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Authorization failed - please check your credentials');
		expect(error.description).toBe('Request failed with status code 401');
		expect(error.httpCode).toBe('401');
		expect(error.cause.response.status).toBe(401);
		expect(error.cause.response.data).toEqual(JSON.parse(UNAUTHORIZED_BODY));
		expect(error.context.data).toEqual(JSON.parse(UNAUTHORIZED_BODY));
		// n8n-core retries any 401 once, after preAuthentication, even without an expirable token.
		expect(requests).toHaveLength(2);
		// What the UI and the execution log get (toJSON) never includes the token...
		expect(`${error.message} ${error.description} ${JSON.stringify(error)}`).not.toContain(
			's3cr3t',
		);
		// ...but the raw axios error kept as `cause` does, in its request config.
		const cause = error.cause as unknown as { config: { headers: Record<string, unknown> } };
		expect(String(cause.config.headers.Authorization)).toContain('s3cr3t');
	});

	it('resolves instead with ignoreHttpStatusErrors + returnFullResponse', async () => {
		const response = await sendAuthenticated(
			pika,
			{ apiToken: 'wrong' },
			request({ ignoreHttpStatusErrors: true, returnFullResponse: true }),
		);
		expect(response).toMatchObject({
			statusCode: 401,
			statusMessage: 'Unauthorized',
			body: JSON.parse(UNAUTHORIZED_BODY),
		});
		expect(requests).toHaveLength(1);
	});
});

describe('testCredential (the server credential test)', () => {
	it('reports success on 200, sending the Bearer token to <baseUrl>/v2/account', async () => {
		// The trailing slashes are trimmed by the test request's baseURL expression.
		const result = await testCredential(pika, { apiToken: TOKEN, baseUrl: `${baseUrl}//` });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
			['GET', '/v2/account', `Bearer ${TOKEN}`],
		]);
	});

	it('fails on 401 with the credential rule message that keeps the API word "Unauthorized"', async () => {
		const result = await testCredential(pika, { apiToken: 'wrong', baseUrl });
		expect(result).toEqual({
			status: 'Error',
			message: 'Unauthorized: useapi.net rejected the API token',
		});
		expect(requests).toHaveLength(2);
	});

	it('without a rule, the server shows only the HTTP status text on 401', async () => {
		const withoutRule = new UseApiPikaApi();
		withoutRule.test = { request: withoutRule.test.request };
		expect(await testCredential(withoutRule, { apiToken: 'wrong', baseUrl })).toEqual({
			status: 'Error',
			message: 'Unauthorized',
		});
	});

	it('reports the network error code when nothing listens', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		const result = await testCredential(pika, {
			apiToken: TOKEN,
			baseUrl: `http://127.0.0.1:${port}`,
		});
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	it('says so when a credential type has no test', async () => {
		const untested: ICredentialType = { name: 'untested', displayName: 'U', properties: [] };
		expect(await testCredential(untested, {})).toEqual({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
	});
});

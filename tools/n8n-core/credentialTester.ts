/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Runs n8n-core's real execution contexts outside an n8n server, and the server's credential
 * test (packages/cli/src/services/credentials-tester.service.ts) on top of them.
 *
 * The credential test goes through exactly what the "Test" button does for a credential with
 * `test.request`: a throwaway No-Op node whose only property routes that request, executed by
 * n8n-core's RoutingNode, which calls httpRequestWithAuthentication, which asks our
 * CredentialsHelper to authenticate, then sends the request with n8n-core's real HTTP client.
 */
import {
	ErrorReporter,
	ExecuteContext,
	ExternalSecretsProxy,
	InstanceSettings,
	RoutingNode,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialsHelper,
	ICredentialType,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NO_OP_NODE_TYPE, Workflow } from 'n8n-workflow';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CredentialsHelper } from './credentialsHelper';
import { n8nContainer, recordN8nLogs } from './n8nContainer';

let bootstrapped: Promise<void> | undefined;

/**
 * The only DI setup an ExecuteContext needs: its constructor does
 * `Container.get(InstanceSettings)`, and the real InstanceSettings writes `~/.n8n/config`
 * (an encryption key) on construction. Everything else it touches (Logger, OutboundHttp and
 * its SSRF/config dependencies) builds itself lazily from defaults.
 */
export async function bootstrapN8nCore(): Promise<void> {
	bootstrapped ??= (async () => {
		const Container = await n8nContainer();
		const n8nFolder = join(tmpdir(), 'n8n-nodes-useapi-pika-test', '.n8n');
		const settings = Object.assign(Object.create(InstanceSettings.prototype) as object, {
			n8nFolder,
			staticCacheDir: join(n8nFolder, 'cache'),
			instanceId: 'test-instance',
			hmacSignatureSecret: 'test-hmac-secret',
			instanceType: 'main',
			settings: { encryptionKey: 'test-encryption-key' },
		}) as unknown as InstanceSettings;
		Container.set(InstanceSettings, settings);
		// The server's ErrorReporter logs every node error; here they are kept for tests to
		// inspect (no secret may appear in them) instead of cluttering the test output.
		const reporter = Object.assign(Object.create(ErrorReporter.prototype) as object, {
			error: (error: unknown) => reportedErrors.push(error),
			warn: (error: unknown) => reportedErrors.push(error),
			info: () => {},
		}) as unknown as ErrorReporter;
		Container.set(ErrorReporter, reporter);
		await recordN8nLogs();
	})();
	await bootstrapped;
}

/** What n8n-core would have reported (logged) as errors during this test file. */
export const reportedErrors: unknown[] = [];

function unsupported(what: string) {
	return () => {
		throw new Error(`${what} is not available in the test harness`);
	};
}

/** The server's WorkflowExecuteAdditionalData.getBase(), minus what needs a database. */
export function createAdditionalData(
	credentialsHelper: ICredentialsHelper,
	overrides: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	return {
		credentialsHelper,
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: unsupported('getRunExecutionData'),
		getRuntimeCredential: unsupported('getRuntimeCredential'),
		startRunnerTask: unsupported('startRunnerTask'),
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		// No external-secrets provider configured: `$secrets.x` fails as on such a server.
		externalSecretsProxy: new ExternalSecretsProxy(),
		...overrides,
	};
}

/** Node types for a one-node workflow: every lookup answers with that node's type. */
export function singleNodeTypes(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
}

export interface ExecuteContextOptions {
	nodeType: INodeType;
	node: INode;
	credentialsHelper: ICredentialsHelper;
	items?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
}

/**
 * An ExecuteContext for one node in a one-node workflow, as WorkflowExecute would build it:
 * `this` for a programmatic node's execute(), or the context a RoutingNode runs in.
 */
export async function createExecuteContext(
	options: ExecuteContextOptions,
): Promise<ExecuteContext> {
	await bootstrapN8nCore();
	const { nodeType, node, credentialsHelper, items = [{ json: {} }], mode = 'manual' } = options;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: singleNodeTypes(nodeType),
	});
	const runExecutionData = createRunExecutionData();
	const executeData: IExecuteData = { node, data: { main: [items] }, source: null };
	return new ExecuteContext(
		workflow,
		node, // `new Workflow` has filled in its parameter defaults, in place, as on the server
		createAdditionalData(credentialsHelper, options.additionalData),
		mode,
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
	);
}

/** The bits of NoOp's description the server's test node inherits (name as the loader sets it). */
const NO_OP_DESCRIPTION: INodeTypeDescription = {
	displayName: 'No Operation, do nothing',
	name: NO_OP_NODE_TYPE,
	icon: 'fa:arrow-right',
	group: ['organization'],
	version: 1,
	description: 'No Operation',
	defaults: { name: 'No Operation, do nothing', color: '#b0b0b0' },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
};

/** lodash.get for the dotted/bracketed keys a `responseSuccessBody` rule may use. */
function getPath(value: unknown, path: string): unknown {
	return path
		.split(/[.[\]]/)
		.filter(Boolean)
		.reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], value);
}

interface RequestFailure {
	message?: unknown;
	cause?: { code?: unknown; response?: { status: number; statusText?: string } };
}

/**
 * The server's CredentialsTester.testCredentials() for credentials with `test.request`.
 * `data` is what the user typed in the credential form (defaults are applied here, as there).
 */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const testRequest = credentialType.test;
	if (testRequest === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new CredentialsHelper([credentialType]);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'test-credential',
		name: 'Test credential',
		type: credentialType.name,
		data,
	};
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			createAdditionalData(credentialsHelper),
			data,
			credentialType.name,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NO_OP_DESCRIPTION.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: {
			[credentialType.name]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	// The test request rides on a single string property's routing, not on requestDefaults.
	const nodeType: INodeType = {
		description: {
			...NO_OP_DESCRIPTION,
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const context = await createExecuteContext({
		nodeType,
		node,
		credentialsHelper,
		mode: 'internal',
		items: [{ json: {} }],
	});

	let response: INodeExecutionData[][] | undefined;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as RequestFailure;
		const httpResponse = error.cause?.response;
		if (httpResponse) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === httpResponse.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (httpResponse.status < 199 || httpResponse.status > 299) {
				return {
					status: 'Error',
					message: httpResponse.statusText || `Received HTTP status code: ${httpResponse.status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: String(error.cause.code) };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		if (getPath(response?.[0]?.[0]?.json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

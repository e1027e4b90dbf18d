/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Runs one node of this package inside n8n-core's real engine (WorkflowExecute), the way
 * a server runs a workflow: parameters resolved by n8n, credentials applied by a
 * credentials helper that behaves like the server's, binary data through n8n's
 * BinaryDataService, errors and continue-on-fail handled by the engine.
 *
 * The node talks to whatever the credential's Base URL points at (the simulator in tests):
 * nothing is mocked at the HTTP level.
 */
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	ITaskData,
} from 'n8n-workflow';
import { BINARY_ENCODING, createRunExecutionData, Workflow } from 'n8n-workflow';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { UseApiPikaApi } from '../../credentials/UseApiPikaApi.credentials';
import { Pika } from '../../nodes/Pika/Pika.node';
import { bootstrapN8nCore, createAdditionalData } from './credentialTester';
import { CredentialsHelper } from './credentialsHelper';
import { n8nContainer } from './n8nContainer';

export const PIKA_NODE_TYPE = 'n8n-nodes-useapi-pika.pika';
const PIKA_NODE_NAME = 'Pika';

export type BinaryMode = 'default' | 'filesystem';

export interface RunNodeOptions {
	parameters: INodeParameters;
	/** The useApiPikaApi credential as the user typed it (defaults are applied as on the server). */
	credentials: ICredentialDataDecryptedObject;
	/** Input items; each becomes one item of the node's input. */
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Aborts the execution (n8n's "Stop execution") when this signal fires. */
	cancelSignal?: AbortSignal;
	nodeType?: INodeType;
	/** The node's type name in the workflow (default the Pika node's; n8n names its tool variant `…pikaTool`). */
	typeName?: string;
	/** The node's version as saved in the workflow (default 1: a workflow saved before Simplify). */
	typeVersion?: number;
}

export interface RunNodeResult {
	/** The node's first output (the only one the Pika node has). */
	items: INodeExecutionData[];
	/** The error the engine recorded for the node, if the node failed. */
	error?: ExecutionError;
	run: IRun;
	/** Number of times the node's execute() ran (Retry On Fail would make it more than one). */
	taskCount: number;
}

/**
 * A folder for n8n's filesystem binary mode inside the test run's temporary folder (made by
 * test/globalSetup.ts and removed by test/globalTeardown.ts), so no run leaves files behind.
 */
function binaryStorageFolder(): string {
	const runFolder = process.env.PIKA_TEST_TMP ?? tmpdir();
	return mkdtempSync(join(runFolder, 'pika-binary-'));
}

/** Sets up n8n's binary data service once per test file, in memory or on disk. */
export async function useBinaryMode(mode: BinaryMode): Promise<void> {
	await bootstrapN8nCore();
	const Container = await n8nContainer();
	const service = new BinaryDataService(
		{
			mode,
			availableModes: ['default', 'filesystem'],
			localStoragePath: binaryStorageFolder(),
			signingSecret: 'test-signing-secret',
			dbMaxFileSize: 512,
		} as unknown as ConstructorParameters<typeof BinaryDataService>[0],
		{ error: () => {}, warn: () => {}, info: () => {} } as unknown as ConstructorParameters<
			typeof BinaryDataService
		>[1],
		{
			debug: () => {},
			info: () => {},
			warn: () => {},
			error: () => {},
			scoped: () => undefined,
		} as unknown as ConstructorParameters<typeof BinaryDataService>[2],
	);
	await service.init();
	Container.set(BinaryDataService, service);
}

/**
 * A binary property as n8n holds it for an input item: in memory (base64) in the default
 * mode, or stored by the BinaryDataService in filesystem mode.
 */
export async function binaryProperty(
	bytes: Buffer,
	fileName: string,
	mimeType: string,
	mode: BinaryMode = 'default',
): Promise<IBinaryData> {
	const binary: IBinaryData = {
		data: '',
		mimeType,
		fileName,
		fileExtension: fileName.includes('.') ? fileName.split('.').pop() : undefined,
		fileSize: `${bytes.length} B`,
	};
	if (mode === 'default') return { ...binary, data: bytes.toString(BINARY_ENCODING) };
	const Container = await n8nContainer();
	return await Container.get(BinaryDataService).store(
		{ type: 'execution', workflowId: 'test-workflow', executionId: 'test-input' },
		bytes,
		binary,
	);
}

/** The bytes of a binary property, whichever mode stored it. */
export async function binaryBytes(binary: IBinaryData): Promise<Buffer> {
	const Container = await n8nContainer();
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** A one-node workflow holding the Pika node with these parameters, as the server builds it. */
export function pikaWorkflow(
	options: Pick<
		RunNodeOptions,
		'parameters' | 'continueOnFail' | 'nodeType' | 'typeName' | 'typeVersion'
	>,
) {
	const nodeType = options.nodeType ?? new Pika();
	const node: INode = {
		id: 'pika-node-id',
		name: PIKA_NODE_NAME,
		type: options.typeName ?? PIKA_NODE_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { useApiPikaApi: { id: 'cred-1', name: 'Pika account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Pika test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
	return { node, nodeType, workflow };
}

/** A credentials helper that holds the useApiPikaApi credential as the user typed it. */
export function pikaCredentialsHelper(
	credentials: ICredentialDataDecryptedObject,
): CredentialsHelper {
	const credentialsHelper = new CredentialsHelper([new UseApiPikaApi()]);
	credentialsHelper.setCredentials('useApiPikaApi', credentials);
	return credentialsHelper;
}

export async function runPikaNode(options: RunNodeOptions): Promise<RunNodeResult> {
	await bootstrapN8nCore();
	const { node, workflow } = pikaWorkflow(options);
	const credentialsHelper = pikaCredentialsHelper(options.credentials);

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflow as never);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));

	const items = options.items ?? [{ json: {} }];
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
	});
	const additionalData = createAdditionalData(credentialsHelper, {
		hooks,
		executionId: 'test-execution',
	});
	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	const onCancel = () => execution.cancel();
	options.cancelSignal?.addEventListener('abort', onCancel, { once: true });
	try {
		await execution;
	} catch {
		// A cancelled execution rejects; its run data still arrives through the hook.
	} finally {
		options.cancelSignal?.removeEventListener('abort', onCancel);
	}
	const run = await finished;
	const tasks: ITaskData[] = run.data.resultData.runData[PIKA_NODE_NAME] ?? [];
	const last = tasks[tasks.length - 1];
	return {
		items: last?.data?.main?.[0] ?? [],
		error: last?.error ?? run.data.resultData.error,
		run,
		taskCount: tasks.length,
	};
}

/** The JSON of each output item, for compact assertions. */
export function jsonOf(result: RunNodeResult): IDataObject[] {
	return result.items.map((item) => item.json);
}

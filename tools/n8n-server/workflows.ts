/**
 * The workflows the e2e suite imports into n8n, built as the JSON n8n exports. They chain
 * n8n's own nodes (Webhook, Convert to File, Read/Write Files from Disk, Extract from File)
 * with the Pika node, so images and videos pass through n8n's real binary-data handling.
 */
import { randomUUID } from 'node:crypto';

/** The credential the examples and these workflows reference (by id and name only). */
export const CREDENTIAL_REF = { id: 'pikaCredential01', name: 'Pika (useapi.net) API account' };
export const PIKA_TYPE = 'n8n-nodes-useapi-pika.pika';

/** The Pika credential as n8n imports it, under CREDENTIAL_REF's id and name. */
export function pikaCredential(data: {
	apiToken: string;
	baseUrl: string;
	discordToken?: string;
	discordChannel?: string;
}): object {
	return { ...CREDENTIAL_REF, type: 'useApiPikaApi', data };
}

export const WORKFLOW_IDS = {
	createGet: 'pikaE2eCreateGet',
	waitDownload: 'pikaE2eWaitDownl',
	retryGet: 'pikaE2eRetryGet0',
	diskImage: 'pikaE2eDiskImage',
} as const;

export const WEBHOOK_PATHS = {
	createGet: 'pika-e2e-create-get',
	waitDownload: 'pika-e2e-wait-download',
	retryGet: 'pika-e2e-retry-get',
} as const;

export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface WorkflowJson {
	id: string;
	name: string;
	active: boolean;
	nodes: Array<WorkflowNode & { id: string; position: [number, number] }>;
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
	settings: Record<string, unknown>;
}

type Edge = [from: string, to: string, output?: number];

/** A workflow from nodes and edges (`[from, to, output]`), laid out left to right. */
export function workflow(
	id: string,
	name: string,
	nodes: WorkflowNode[],
	edges: Edge[],
	settings: Record<string, unknown> = {},
): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	for (const [from, to, output = 0] of edges) {
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: 0 });
	}
	return {
		id,
		name,
		active: false,
		nodes: nodes.map((node, i) => ({ ...node, id: randomUUID(), position: [i * 220, 0] })),
		connections,
		settings: { executionOrder: 'v1', ...settings },
	};
}

/** A workflow whose nodes run one after the other, left to right. */
export function chain(id: string, name: string, nodes: WorkflowNode[]): WorkflowJson {
	const edges = nodes.slice(1).map((node, i): Edge => [nodes[i].name, node.name]);
	return workflow(id, name, nodes, edges);
}

/** n8n's No Operation node: passes its items on unchanged. */
export function noOp(name: string): WorkflowNode {
	return { name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

/**
 * Production webhook at /webhook/<path> (POST). `allEntries`: answers with every item of the
 * last node; `noData`: answers when the run ends, without its data; `onReceived`: at once.
 */
export function webhookNode(
	path: string,
	answer: 'allEntries' | 'noData' | 'onReceived' = 'allEntries',
): WorkflowNode {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path,
			...(answer === 'onReceived'
				? { responseMode: 'onReceived' }
				: { responseMode: 'lastNode', responseData: answer }),
			options: {},
		},
	};
}

export function pikaNode(name: string, parameters: Record<string, unknown>): WorkflowNode {
	return {
		name,
		type: PIKA_TYPE,
		typeVersion: 1,
		parameters: { resource: 'job', ...parameters },
		credentials: { useApiPikaApi: CREDENTIAL_REF },
	};
}

/** Webhook body `{ image: <base64>, fileName, mimeType }` → binary property `data`. */
const imageToFile: WorkflowNode = {
	name: 'Image to File',
	type: 'n8n-nodes-base.convertToFile',
	typeVersion: 1.1,
	parameters: {
		operation: 'toBinary',
		sourceProperty: 'body.image',
		binaryPropertyName: 'data',
		options: { fileName: '={{ $json.body.fileName }}', mimeType: '={{ $json.body.mimeType }}' },
	},
};

const createFromImage = (options: Record<string, unknown> = {}): WorkflowNode =>
	pikaNode('Create', {
		operation: 'create',
		prompt: "={{ $('Webhook').item.json.body.prompt }}",
		useImage: true,
		imageBinaryPropertyName: 'data',
		options,
	});

const getJob = pikaNode('Get Job', { operation: 'get', jobId: '={{ $json.jobid }}' });

/** Scenario 2: Webhook → Convert to File → Create (start image) → Get Job. */
export const createGetWorkflow = (): WorkflowJson =>
	chain(WORKFLOW_IDS.createGet, 'e2e: create from image, get job', [
		webhookNode(WEBHOOK_PATHS.createGet),
		imageToFile,
		createFromImage(),
		getJob,
	]);

/** Scenario 2, full: Create waits and downloads; Extract from File turns the video into base64. */
export const waitDownloadWorkflow = (): WorkflowJson =>
	chain(WORKFLOW_IDS.waitDownload, 'e2e: create, wait, download', [
		webhookNode(WEBHOOK_PATHS.waitDownload),
		imageToFile,
		createFromImage({ waitForCompletion: true, pollInterval: 10, maxWait: 2, downloadVideo: true }),
		{
			name: 'Video to Base64',
			type: 'n8n-nodes-base.extractFromFile',
			typeVersion: 1.1,
			parameters: {
				operation: 'binaryToPropery',
				binaryPropertyName: 'data',
				destinationKey: 'videoBase64',
				options: { keepSource: 'json' },
			},
		},
	]);

/** Scenario 3: Webhook `{ jobid }` → Retry → Get Job. */
export const retryGetWorkflow = (): WorkflowJson =>
	chain(WORKFLOW_IDS.retryGet, 'e2e: retry, get job', [
		webhookNode(WEBHOOK_PATHS.retryGet),
		pikaNode('Retry', { operation: 'retry', jobId: '={{ $json.body.jobid }}', button: 'retry' }),
		getJob,
	]);

/** Scenario 2 by the CLI: Manual Trigger → Read Files from Disk → Create (start image) → Get Job. */
export const diskImageWorkflow = (imagePath: string): WorkflowJson =>
	chain(WORKFLOW_IDS.diskImage, 'e2e: image from disk, create, get job', [
		{ name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			name: 'Read Image',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1.1,
			parameters: { operation: 'read', fileSelector: imagePath, options: {} },
		},
		pikaNode('Create', {
			operation: 'create',
			prompt: 'A paper boat drifting on a pond',
			useImage: true,
			imageBinaryPropertyName: 'data',
		}),
		getJob,
	]);

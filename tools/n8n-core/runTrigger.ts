/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Runs the Pika Trigger the way an n8n server does, behind a real HTTP server.
 *
 * Lifecycle (packages/cli: active-workflow-manager.ts, webhooks/webhook.service.ts,
 * webhooks/test-webhooks.ts): activation runs checkExists, then create when it answered false,
 * each in n8n-core's HookContext, then saves the workflow's static data; deactivation loads the
 * workflow from the "database", runs delete and saves again. "Listen for test event" registers
 * the test URL with mode/activation 'manual' and keeps its own snapshot of the static data,
 * which the test delivery (setTestStaticData) and the test deregistration use.
 *
 * Requests: a POST to /webhook/<path> or /webhook-test/<path> is read as n8n reads it
 * (webhookHttp.ts), then webhook() runs in n8n-core's WebhookContext with the request and
 * response in additionalData. The workflow is rebuilt from the stored row for every request,
 * so static data written from webhook() is lost, as on a server.
 */
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	WebhookSetupMethodNames,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { UseApiPikaApi } from '../../credentials/UseApiPikaApi.credentials';
import { PikaTrigger } from '../../nodes/PikaTrigger/PikaTrigger.node';
import { bootstrapN8nCore, createAdditionalData, singleNodeTypes } from './credentialTester';
import { CredentialsHelper } from './credentialsHelper';
import {
	answerWebhookError,
	answerWebhookResult,
	postTo,
	readWebhookRequest,
	refuseRequest,
	type HttpReply,
} from './webhookHttp';

export type { HttpReply } from './webhookHttp';

export const PIKA_TRIGGER_NODE_TYPE = 'n8n-nodes-useapi-pika.pikaTrigger';
const NODE_NAME = 'Pika Trigger';
const DEFAULT_WORKFLOW_ID = 'trigger-workflow';

export type WebhookKind = 'production' | 'test';

export interface TriggerExecution {
	kind: WebhookKind;
	/** The trigger's output: the items the execution starts with. */
	items: INodeExecutionData[];
}

export interface TriggerHarnessOptions {
	parameters: INodeParameters;
	/** The useApiPikaApi credential as the user typed it. */
	credentials: ICredentialDataDecryptedObject;
	nodeType?: INodeType;
	/** The node's version as saved in the workflow (default 1: a workflow saved before Simplify). */
	typeVersion?: number;
	/** The workflow's ID; two harnesses with different IDs are two workflows. */
	workflowId?: string;
}

export class TriggerHarness {
	readonly credentialsHelper = new CredentialsHelper([new UseApiPikaApi()]);
	/** One entry per execution a webhook call started. */
	readonly executions: TriggerExecution[] = [];
	/** What webhook() threw (n8n reports it and answers 500). */
	readonly webhookErrors: unknown[] = [];
	/** What failed after an answer was sent: the test deregistration after a test execution. */
	readonly backgroundErrors: unknown[] = [];
	/** Host name in the webhook URLs n8n hands out (what WEBHOOK_URL would set). */
	publicHost = '127.0.0.1';
	readonly workflowId: string;
	private readonly nodeType: INodeType;
	private readonly server = createServer((req, res) => this.track(this.handle(req, res)));
	private readonly pending = new Set<Promise<void>>();
	private port = 0;
	/** The workflow row: the node and the static data as saved. */
	private storedNode: INode;
	private storedStaticData: IDataObject = {};
	private productionActive = false;
	/** The test registration's static data, while listening for a test event. */
	private testStaticData?: IDataObject;

	private constructor(options: TriggerHarnessOptions) {
		this.nodeType = options.nodeType ?? new PikaTrigger();
		this.workflowId = options.workflowId ?? DEFAULT_WORKFLOW_ID;
		this.credentialsHelper.setCredentials('useApiPikaApi', options.credentials);
		this.storedNode = {
			id: 'pika-trigger-node',
			name: NODE_NAME,
			type: PIKA_TRIGGER_NODE_TYPE,
			typeVersion: options.typeVersion ?? 1,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: structuredClone(options.parameters),
			// A credential id of its own, as every credential of a real n8n has: the trigger shares a
			// credential read between callbacks by id, which must not reach another test's harness.
			credentials: { useApiPikaApi: { id: `cred-${randomUUID()}`, name: 'Pika account' } },
		};
	}

	static async start(options: TriggerHarnessOptions): Promise<TriggerHarness> {
		await bootstrapN8nCore();
		const harness = new TriggerHarness(options);
		await new Promise<void>((resolve) => harness.server.listen(0, '127.0.0.1', resolve));
		harness.port = (harness.server.address() as AddressInfo).port;
		return harness;
	}

	/** Resolves once every request in flight, and what n8n does after it, has finished. */
	async idle(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	async stop(): Promise<void> {
		await this.idle();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}

	get baseUrl(): string {
		return `http://${this.publicHost}:${this.port}`;
	}

	/** The URL n8n shows for the node (without the node's token). */
	webhookUrl(kind: WebhookKind): string {
		return `${this.baseUrl}/${kind === 'test' ? 'webhook-test' : 'webhook'}/${this.webhookPath()}`;
	}

	/** A copy of the node's static data as the database holds it. */
	get staticData(): IDataObject {
		return structuredClone(this.storedStaticData[`node:${NODE_NAME}`] ?? {}) as IDataObject;
	}

	get listening(): boolean {
		return this.testStaticData !== undefined;
	}

	/** The user edits the node and saves the workflow. */
	setParameters(parameters: INodeParameters): void {
		this.storedNode = { ...this.storedNode, parameters: structuredClone(parameters) };
	}

	/** ActiveWorkflowManager.add(): checkExists, create if needed, save static data. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		const workflow = this.loadWorkflow();
		try {
			const exists = await this.runHook('checkExists', workflow, 'production', activation);
			if (!exists) await this.runHook('create', workflow, 'production', activation);
		} catch (error) {
			await this.clearWebhooks();
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- n8n rethrows the node's own error unchanged
			throw error;
		}
		this.productionActive = true;
		this.saveStaticData(workflow);
	}

	/** ActiveWorkflowManager.remove() → clearWebhooks(). */
	async deactivate(): Promise<void> {
		this.productionActive = false;
		await this.clearWebhooks();
	}

	/**
	 * The user edits the active workflow and publishes again. n8n 2.x (workflow-publication-
	 * applier.ts) deregisters the changed trigger node of the old version (delete, static data
	 * saved) and registers the new one (checkExists, create) on the same static data.
	 */
	async republish(parameters: INodeParameters): Promise<void> {
		await this.deactivate();
		this.setParameters(parameters);
		await this.activate('update');
	}

	/**
	 * n8n was killed while the workflow was active: no delete runs; a restart activates with
	 * 'init'. A test listen in progress is forgotten (n8n keeps it in memory) without its delete.
	 */
	crash(): void {
		this.productionActive = false;
		this.testStaticData = undefined;
	}

	/** checkExists alone, for the production URL. */
	async checkExists(): Promise<boolean> {
		return Boolean(
			await this.runHook('checkExists', this.loadWorkflow(), 'production', 'activate'),
		);
	}

	/** TestWebhooks.needsWebhook(): the editor's "Listen for test event". */
	async listenForTestEvent(): Promise<void> {
		const workflow = this.loadWorkflow();
		const exists = await this.runHook('checkExists', workflow, 'test', 'manual');
		if (!exists) await this.runHook('create', workflow, 'test', 'manual');
		this.testStaticData = plain(workflow.staticData);
	}

	/** TestWebhooks.deactivateWebhooks(): after a test execution started, or on timeout/cancel. */
	async stopListening(): Promise<void> {
		const snapshot = this.testStaticData;
		if (!snapshot) return;
		this.testStaticData = undefined;
		const workflow = this.loadWorkflow();
		workflow.staticData = structuredClone(snapshot);
		await this.runHook('delete', workflow, 'test', 'update');
	}

	/**
	 * The reply, once n8n has also finished what the request started: a node may answer before
	 * it decides whether an execution starts (the Pika Trigger with Verify With API does).
	 */
	async post(url: string, body: unknown, contentType?: string): Promise<HttpReply> {
		const reply = await postTo(url, body, contentType);
		await this.idle();
		return reply;
	}

	private track(task: Promise<void>): void {
		const settled = task.catch((error: unknown) => void this.backgroundErrors.push(error));
		this.pending.add(settled);
		void settled.finally(() => this.pending.delete(settled));
	}

	private webhookPath(): string {
		return NodeHelpers.getNodeWebhookPath(
			this.workflowId,
			this.storedNode,
			'webhook',
			false,
			false,
		);
	}

	/** A Workflow built from the stored row, as n8n builds one for each activation and request. */
	private loadWorkflow(): Workflow {
		return new Workflow({
			id: this.workflowId,
			name: 'Pika trigger test',
			nodes: [structuredClone(this.storedNode)],
			connections: {},
			active: this.productionActive,
			nodeTypes: singleNodeTypes(this.nodeType),
			staticData: structuredClone(this.storedStaticData),
		});
	}

	/** WebhookService.getNodeWebhooks() for the node's only webhook. */
	private webhookData(
		kind: WebhookKind,
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): IWebhookData {
		return {
			httpMethod: 'POST',
			node: NODE_NAME,
			path: this.webhookPath(),
			webhookDescription: this.nodeType.description.webhooks![0],
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: createAdditionalData(this.credentialsHelper, {
				webhookBaseUrl: `${this.baseUrl}/webhook`,
				webhookTestBaseUrl: `${this.baseUrl}/webhook-test`,
				...extra,
			}),
			...(kind === 'test' ? { isTest: true } : {}),
		};
	}

	/**
	 * WebhookService.runWebhookMethod(). Modes as the server passes them: create/checkExists
	 * run with 'trigger' (activation) or 'manual' (test); delete always with 'internal'.
	 */
	private async runHook(
		method: WebhookSetupMethodNames,
		workflow: Workflow,
		kind: WebhookKind,
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> {
		const mode: WorkflowExecuteMode =
			method === 'delete' ? 'internal' : kind === 'test' ? 'manual' : 'trigger';
		const webhook = this.webhookData(kind);
		const fn = this.nodeType.webhookMethods?.default?.[method];
		if (!fn) return undefined;
		const node = workflow.getNode(NODE_NAME)!;
		const additionalData = webhook.workflowExecuteAdditionalData;
		return await fn.call(
			new HookContext(workflow, node, additionalData, mode, activation, webhook),
		);
	}

	private async clearWebhooks(): Promise<void> {
		const workflow = this.loadWorkflow();
		await this.runHook('delete', workflow, 'production', 'update');
		this.saveStaticData(workflow);
	}

	/** WorkflowStaticDataService.saveStaticData(): only when something changed. */
	private saveStaticData(workflow: Workflow): void {
		if ((workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true) {
			this.storedStaticData = plain(workflow.staticData);
		}
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://n8n.invalid');
		const [, prefix, ...rest] = url.pathname.split('/');
		const kind: WebhookKind | undefined =
			prefix === 'webhook' && this.productionActive
				? 'production'
				: prefix === 'webhook-test' && this.listening
					? 'test'
					: undefined;
		if (!kind || req.method !== 'POST' || rest.join('/') !== this.webhookPath()) {
			const message = `The requested webhook "${req.method} ${url.pathname}" is not registered.`;
			return refuseRequest(res, 404, message);
		}
		const request = await readWebhookRequest(req, url);
		if (request === 413) return refuseRequest(res, 413, 'Payload too large');
		if (request === 422) return refuseRequest(res, 422, 'Failed to parse request body');

		const workflow = this.loadWorkflow();
		if (kind === 'test') workflow.setTestStaticData(structuredClone(this.testStaticData!));
		const webhook = this.webhookData(kind, {
			httpRequest: request as never,
			httpResponse: res as never,
		});
		const mode: WorkflowExecuteMode = kind === 'test' ? 'manual' : 'webhook';
		const node = workflow.getNode(NODE_NAME)!;
		const additionalData = webhook.workflowExecuteAdditionalData;
		const context = new WebhookContext(workflow, node, additionalData, mode, webhook, [], null);
		let result;
		try {
			result = await this.nodeType.webhook!.call(context);
		} catch (error) {
			this.webhookErrors.push(error);
			return answerWebhookError(res);
		}
		if (!answerWebhookResult(res, result)) return;
		this.executions.push({ kind, items: result.workflowData?.[0] ?? [] });
		// n8n stops listening for test events once a test execution started.
		if (kind === 'test') await this.stopListening();
	}
}

/** Static data without n8n's change-tracking wrappers, as the database would store it. */
function plain(data: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(data)) as IDataObject;
}

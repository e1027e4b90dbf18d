/**
 * Workflows of the callback scenarios: the Pika Trigger (Automatic registration), and the
 * Wait-node resume pattern (Create with Reply URL = the execution's resume URL).
 */
import { randomUUID } from 'node:crypto';

import { chain, CREDENTIAL_REF, noOp, pikaNode, webhookNode, type WorkflowJson } from './workflows';

export const PIKA_TRIGGER_TYPE = 'n8n-nodes-useapi-pika.pikaTrigger';

/**
 * A Pika Trigger alone: Automatic registration, Completed jobs of every type, Verify With API on.
 * `typeVersion` 1 by default (full job output, what most scenarios assert on); 1.1 is what n8n
 * inserts when a user adds the node today. On n8n 2.x the version matters for speed: n8n
 * evaluates the expression `$parameter["options"]["binaryData"]` for every webhook request to a
 * start node of version 1 (webhook-helpers parseRequestBody, meant for its Webhook node v1), and
 * with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true that takes an expression isolate per callback.
 */
export function triggerWorkflow(
	id: string,
	name: string,
	webhookId: string,
	typeVersion: 1 | 1.1 = 1,
): WorkflowJson {
	return chain(id, name, [
		{
			name: 'Pika Trigger',
			type: PIKA_TRIGGER_TYPE,
			typeVersion,
			webhookId,
			parameters: { registration: 'automatic', verifyWithApi: true, options: {} },
			credentials: { useApiPikaApi: CREDENTIAL_REF },
		},
	]);
}

/** Where n8n serves a Pika Trigger in production: `<base>/webhook/<webhookId>/webhook`. */
export const triggerProductionUrl = (baseUrl: string, webhookId: string): string =>
	`${baseUrl}/webhook/${webhookId}/webhook`;

/**
 * The baseline a Pika Trigger is compared with: n8n's own Webhook node answering at once
 * (*Immediately*, as the trigger does) → No Operation, at `<base>/webhook/<path>`.
 */
export function webhookBaselineWorkflow(id: string, name: string, path: string): WorkflowJson {
	return chain(id, name, [webhookNode(path, 'onReceived'), noOp('No Op')]);
}

/**
 * Webhook `{ prompt }` (answered at once) → Create with Reply URL `{{$execution.resumeUrl}}`
 * → Wait "On Webhook Call" (POST): the execution pauses until useapi.net calls back.
 */
export function waitForCallbackWorkflow(id: string, path: string): WorkflowJson {
	const webhook = webhookNode(path);
	webhook.parameters = { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} };
	return chain(id, 'e2e: create, wait for the callback', [
		webhook,
		pikaNode('Create', {
			operation: 'create',
			prompt: '={{ $json.body.prompt }}',
			options: { replyUrl: '={{ $execution.resumeUrl }}' },
		}),
		{
			name: 'Wait',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			webhookId: randomUUID(),
			parameters: { resume: 'webhook', httpMethod: 'POST', options: {} },
		},
	]);
}

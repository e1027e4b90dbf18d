/**
 * Workflows of the callback scenarios: the Pika Trigger (Automatic registration), and the
 * Wait-node resume pattern (Create with Reply URL = the execution's resume URL).
 */
import { randomUUID } from 'node:crypto';

import { chain, CREDENTIAL_REF, pikaNode, webhookNode, type WorkflowJson } from './workflows';

export const PIKA_TRIGGER_TYPE = 'n8n-nodes-useapi-pika.pikaTrigger';

/** A Pika Trigger alone: Automatic registration, Completed jobs of every type, Verify With API on. */
export function triggerWorkflow(id: string, name: string, webhookId: string): WorkflowJson {
	return chain(id, name, [
		{
			name: 'Pika Trigger',
			type: PIKA_TRIGGER_TYPE,
			typeVersion: 1,
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

import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleCallback } from './callback';
import { properties } from './description';
import { isRegistered, register, unregister } from './registration';

/**
 * Starts a workflow when a Pika job finishes: useapi.net POSTs the job JSON to a replyUrl,
 * which is this node's webhook (registered as the account default, or set per job).
 */
export class PikaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pika Trigger',
		name: 'pikaTrigger',
		icon: { light: 'file:../../icons/pika.svg', dark: 'file:../../icons/pika.dark.svg' },
		group: ['trigger'],
		// 1.1 added Simplify (on by default); version 1 triggers keep the full job output.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{$parameter["registration"] === "manual" ? "Reply URL set per job" : "Account default Reply URL"}}',
		// n8n's node picker lists Pika and this trigger as one entry and shows THIS description for
		// it, in both panels (the app's own is not shown there): it says what the package does.
		description: 'Create Pika videos on useapi.net and start workflows when they are ready',
		defaults: { name: 'Pika Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'useApiPikaApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answer at once: useapi.net waits for nothing and retries nothing.
				responseMode: 'onReceived',
				// Empty, so n8n answers with webhook()'s own `webhookResponse` (else it sends the
				// literal text of its default, "firstEntryJson").
				responseData: '',
				path: 'webhook',
			},
		],
		properties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await isRegistered(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await register(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregister(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallback.call(this);
	}
}

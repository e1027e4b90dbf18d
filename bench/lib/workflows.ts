/**
 * The workflows and credentials the real-n8n benchmarks import, as the JSON n8n exports. The
 * built-in alternatives use n8n's own nodes with their defaults, as a user adds them.
 */
import { randomUUID } from 'node:crypto';

import {
	CREDENTIAL_REF,
	pikaCredential,
	type WorkflowNode,
} from '../../tools/n8n-server/workflows';

export const BEARER_REF = { id: 'pikaBenchBearer1', name: 'Bench Bearer (useapi.net token)' };
export const TRIGGER_TYPE = 'n8n-nodes-useapi-pika.pikaTrigger';
/** What n8n 2.41.1 inserts when a user adds an HTTP Request node. */
export const HTTP_REQUEST_VERSION = 4.5;

export function benchCredentials(simUrl: string, token: string): object[] {
	return [
		pikaCredential({ apiToken: token, baseUrl: simUrl }),
		{ ...BEARER_REF, type: 'httpBearerAuth', data: { token } },
	];
}

/** One item per element of the webhook body's array `field` (objects become the item's JSON). */
export function splitOut(field: string): WorkflowNode {
	return {
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: `body.${field}`, options: {} },
	};
}

/** HTTP Request with the generic Bearer credential (the same header the Pika credential sends). */
export function httpRequest(
	name: string,
	parameters: Record<string, unknown>,
	settings: Record<string, unknown> = {},
): WorkflowNode {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		parameters: {
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBearerAuth',
			options: {},
			...parameters,
		},
		credentials: { httpBearerAuth: BEARER_REF },
		...settings,
	};
}

/** HTTP Request: GET /v1/pika/jobs/?jobid={{ $json.jobid }}. */
export function httpGetJob(name: string, simUrl: string): WorkflowNode {
	return httpRequest(name, {
		method: 'GET',
		url: `${simUrl}/v1/pika/jobs/`,
		sendQuery: true,
		queryParameters: { parameters: [{ name: 'jobid', value: '={{ $json.jobid }}' }] },
	});
}

/** HTTP Request: POST /v1/pika/create as multipart form data (prompt, channel, maxJobs). */
export function httpCreate(
	name: string,
	simUrl: string,
	channel: string,
	options: Record<string, unknown> = {},
	settings: Record<string, unknown> = {},
): WorkflowNode {
	const field = (fieldName: string, value: string) => ({
		parameterType: 'formData',
		name: fieldName,
		value,
	});
	return httpRequest(
		name,
		{
			method: 'POST',
			url: `${simUrl}/v1/pika/create`,
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					field('prompt', '={{ $json.prompt }}'),
					field('channel', channel),
					field('maxJobs', '10'),
				],
			},
			options,
		},
		settings,
	);
}

export function wait(name: string, seconds: number): WorkflowNode {
	return {
		name,
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		webhookId: randomUUID(),
		parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
	};
}

/** IF the job reached a terminal status (true: output 0; false: output 1). */
export function ifJobDone(name: string): WorkflowNode {
	return {
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{
						id: randomUUID(),
						leftValue:
							"={{ ['completed', 'failed', 'moderated', 'cancelled'].includes($json.status) }}",
						rightValue: '',
						operator: { type: 'boolean', operation: 'true', singleValue: true },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	};
}

/**
 * A Pika Trigger whose Reply URL is set per job (Manual registration): it registers nothing on
 * the account, so several can be active at once, each at `<base>/webhook/<webhookId>/webhook`.
 */
export function manualPikaTrigger(webhookId: string, verifyWithApi: boolean): WorkflowNode {
	return {
		name: 'Pika Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1.1,
		webhookId,
		parameters: { registration: 'manual', verifyWithApi, statuses: ['completed'], options: {} },
		credentials: { useApiPikaApi: CREDENTIAL_REF },
	};
}

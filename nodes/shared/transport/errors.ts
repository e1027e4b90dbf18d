import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { PikaApiContext } from './context';

/** What came back from the API: parsed JSON when it was JSON, else the raw text. */
export interface ApiResponse {
	statusCode: number;
	body: IDataObject | IDataObject[] | string;
}

const STATUS_HINTS: Record<number, string> = {
	401: 'Check the API token in the Pika (useapi.net) credential.',
	402: 'Renew the useapi.net subscription, then run the node again.',
	404: 'Check the job ID or channel: the API does not know it.',
	422: 'Pika moderated the input. Change the prompt or image and try again.',
	429: 'All job slots of the Pika account are busy, or Discord is rate limiting. Wait 10–30 seconds, or turn on "Wait When Queue Is Full".',
	596: 'The Discord account behind this Pika channel is in an error state; check it on useapi.net.',
};

/** Fields of an API error body that help the user and never carry a secret. */
const SAFE_ERROR_FIELDS = ['error', 'errorDetails', 'code', 'jobid', 'status', 'executingJobs'];

/**
 * Turns a non-2xx answer into a NodeApiError carrying the API's own message.
 *
 * Built from the response body alone, never from the request: the request holds the
 * API token and may hold the Discord token.
 */
export function apiErrorFrom(
	context: PikaApiContext,
	response: ApiResponse,
	itemIndex?: number,
): NodeApiError {
	const { statusCode, body } = response;
	const errorBody: JsonObject = { httpCode: String(statusCode) };
	let message: string;
	let details: string | undefined;
	if (typeof body === 'object' && !Array.isArray(body)) {
		for (const field of SAFE_ERROR_FIELDS) {
			if (body[field] !== undefined) errorBody[field] = body[field] as JsonObject[string];
		}
		message = typeof body.error === 'string' && body.error ? body.error : `HTTP ${statusCode}`;
		details = typeof body.errorDetails === 'string' ? body.errorDetails : undefined;
	} else {
		message = `useapi.net answered HTTP ${statusCode} with a body that is not JSON`;
		details = summarizeText(typeof body === 'string' ? body : JSON.stringify(body));
	}
	const hint = STATUS_HINTS[statusCode];
	const description = [details, hint].filter(Boolean).join(' — ') || undefined;
	errorBody.message = message;
	return new NodeApiError(context.getNode(), errorBody, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex,
	});
}

/**
 * A failure described by the package itself rather than by the API's body: no usable
 * answer (connection, timeout, unreadable body), or a failed download from the video host.
 */
export function transportError(
	context: PikaApiContext,
	message: string,
	description: string,
	itemIndex?: number,
	httpCode?: string,
): NodeApiError {
	const error = new NodeApiError(
		context.getNode(),
		{ message, description, ...(httpCode ? { httpCode } : {}) },
		{ message, description, itemIndex, ...(httpCode ? { httpCode } : {}) },
	);
	// NodeApiError swaps a message naming a network code (ECONNRESET, ETIMEDOUT…) for n8n's
	// generic text, which invites retrying at once: wrong after a submit that may have
	// created a paid job. Keep ours.
	error.message = message;
	return error;
}

export function cancelledError(
	context: PikaApiContext,
	request: { itemIndex?: number },
): NodeOperationError {
	return new NodeOperationError(context.getNode(), 'The execution was cancelled', {
		itemIndex: request.itemIndex,
	});
}

export function invalidBaseUrlError(context: PikaApiContext, baseUrl: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`The credential's Base URL "${baseUrl}" is not an http(s) URL`,
		{
			description:
				'Fix the Base URL in the Pika (useapi.net) credential, e.g. https://api.useapi.net',
		},
	);
}

/** The network error code (ECONNRESET, ECONNREFUSED, ECONNABORTED for a timeout…), from the error or its cause. */
export function networkErrorCode(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	}
	return undefined;
}

/** First line of a non-JSON body (an HTML error page, say), short enough for a UI banner. */
function summarizeText(text: string): string | undefined {
	const plain = text
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (!plain) return 'The response body was empty.';
	return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * The HTTP layer n8n puts around a node's webhook() (packages/cli: middlewares/body-parser.ts,
 * webhooks/webhook-helpers.ts), for the trigger harness: how the request is read before the
 * node sees it, and how what webhook() returns becomes the answer.
 */
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';

/** n8n's default N8N_PAYLOAD_SIZE_MAX. */
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

export interface HttpReply {
	status: number;
	text: string;
	json: unknown;
}

/**
 * The request as express plus n8n's rawBodyReader and parseBody leave it: `rawBody`,
 * `contentType`, `encoding`, `query` and `body` (parsed for JSON, form and text bodies only).
 * Returns the status n8n answers by itself when the body cannot be read: 422 for a JSON body
 * that does not parse, 413 beyond the payload limit.
 */
export async function readWebhookRequest(
	req: IncomingMessage,
	url: URL,
): Promise<IncomingMessage | 413 | 422> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > PAYLOAD_SIZE_MAX) return 413;
		chunks.push(chunk as Buffer);
	}
	const rawBody = Buffer.concat(chunks);
	const [type, ...parameters] = (req.headers['content-type'] ?? '').split(';');
	const contentType = type.trim().toLowerCase() || undefined;
	const charset = parameters
		.map((parameter) => parameter.trim().split('='))
		.find(([key]) => key.toLowerCase() === 'charset')?.[1];
	const encoding = (charset ?? 'utf-8').toLowerCase() as BufferEncoding;
	let body: unknown;
	if (rawBody.length > 0) {
		const text = rawBody.toString(encoding);
		if (contentType === 'application/json') {
			try {
				body = JSON.parse(text);
			} catch {
				return 422; // UnprocessableRequestError("Failed to parse request body")
			}
		} else if (contentType === 'application/x-www-form-urlencoded') {
			body = parseQueryString(text);
		} else if (contentType === 'text/plain') {
			body = text;
		}
	}
	const query: IDataObject = {};
	for (const [key, value] of url.searchParams) {
		const seen = query[key];
		query[key] = seen === undefined ? value : ([] as string[]).concat(seen as string, value);
	}
	return Object.assign(req, { body, rawBody, contentType, encoding, query, params: {} });
}

/** n8n's own answer when it refuses a request before the node runs. */
export function refuseRequest(res: ServerResponse, status: 404 | 413 | 422, message: string): void {
	send(res, status, { code: status, message });
}

/** webhook() threw: n8n reports the error and answers 500 with a generic message. */
export function answerWebhookError(res: ServerResponse): void {
	if (res.headersSent) return;
	send(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
}

/**
 * handleImmediateWebhookResponse() and the "onReceived" answer: `noWebhookResponse` means the
 * node answered itself; without workflowData nothing runs and `webhookResponse` is sent with
 * 200; with workflowData an execution starts and the caller gets "Workflow was started".
 * Returns whether an execution starts.
 */
export function answerWebhookResult(res: ServerResponse, result: IWebhookResponseData): boolean {
	const starts = result.workflowData !== undefined;
	if (result.noWebhookResponse !== true) {
		const fallback = { message: starts ? 'Workflow was started' : 'Webhook call received' };
		send(res, 200, result.webhookResponse ?? fallback);
	}
	return starts;
}

function send(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

/** A client POST; `body` objects are sent as JSON. */
export async function postTo(
	url: string,
	body: unknown,
	contentType = 'application/json',
): Promise<HttpReply> {
	const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: payload,
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined; // not every answer is JSON; `text` has it
	}
	return { status: response.status, text, json };
}

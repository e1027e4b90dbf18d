/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * HTTP plumbing: reading bodies, the `Reply` value handlers return, and writing it out.
 *
 * Handlers return a Reply instead of writing to the response themselves so the dispatcher can
 * decide what to do with it — in particular the 'reset-after-body' fault runs the handler (so a
 * submit really creates its job) and then throws the reply away and kills the socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Readable } from 'node:stream';

export interface Reply {
	status: number;
	/** Serialized as application/json. */
	json?: unknown;
	/** Sent verbatim. */
	raw?: string | Buffer;
	/** Streamed (large videos); must set content-length itself via headers. */
	stream?: Readable;
	headers?: Record<string, string>;
}

/** useapi's error envelope: `{ error, ...extra, code }` with `code` mirroring the HTTP status. */
export function errorReply(
	status: number,
	error: string,
	extra: Record<string, unknown> = {},
): Reply {
	return { status, json: { error, ...extra, code: status } };
}

export function jsonReply(status: number, body: unknown): Reply {
	return { status, json: body };
}

export const noContent: Reply = { status: 204 };

export class BodyTooLargeError extends Error {}

/**
 * Reads the whole request body. Past `maxBytes` the rest is still consumed (and discarded) so
 * the connection stays usable for the 413 answer, then the promise rejects with BodyTooLargeError.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
	return new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) chunks.push(chunk);
		});
		req.on('end', () => {
			if (size > maxBytes) reject(new BodyTooLargeError(`body larger than ${maxBytes} bytes`));
			else resolve(Buffer.concat(chunks, size));
		});
		req.on('error', reject);
		// 'aborted'/'close' without 'end': the client went away mid-body.
		req.on('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
	});
}

/** Flattens Node's header object to single strings, redacting Authorization. */
export function recordHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		const joined = Array.isArray(value) ? value.join(', ') : value;
		out[name] = name === 'authorization' ? redact(joined) : joined;
	}
	return out;
}

function redact(value: string): string {
	return /^bearer\s/i.test(value) ? 'Bearer [redacted]' : '[redacted]';
}

/** Extracts the token of `Authorization: Bearer <token>`; undefined when absent or another scheme. */
export function bearerToken(req: IncomingMessage): string | undefined {
	const header = req.headers.authorization;
	if (!header) return undefined;
	const match = /^bearer\s+(.+)$/i.exec(header.trim());
	return match ? match[1].trim() : '';
}

export function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
	const headers: Record<string, string> = { ...(reply.headers ?? {}) };
	const lower = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
	let payload: Buffer | undefined;
	if (reply.json !== undefined) {
		payload = Buffer.from(JSON.stringify(reply.json), 'utf8');
		if (!lower.has('content-type')) headers['content-type'] = 'application/json; charset=utf-8';
	} else if (reply.raw !== undefined) {
		payload = typeof reply.raw === 'string' ? Buffer.from(reply.raw, 'utf8') : reply.raw;
		if (!lower.has('content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
	}
	if (payload !== undefined && !lower.has('content-length')) {
		headers['content-length'] = String(payload.length);
	}
	res.writeHead(reply.status, headers);
	const headOnly = req.method === 'HEAD';
	if (reply.stream) {
		if (headOnly) {
			reply.stream.destroy();
			res.end();
			return;
		}
		// pipeline destroys both sides on error (e.g. client went away mid-download).
		pipeline(reply.stream, res, () => undefined);
		return;
	}
	res.end(headOnly ? undefined : payload);
}

/** Parses the query string into a plain record (first value wins). */
export function parseUrl(rawUrl: string | undefined): {
	path: string;
	query: Record<string, string>;
} {
	// Prefixing (instead of using a base URL) keeps "//x" from being read as a host.
	const url = new URL(`http://simulator${rawUrl ?? '/'}`);
	const query: Record<string, string> = {};
	for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
	return { path: url.pathname, query };
}

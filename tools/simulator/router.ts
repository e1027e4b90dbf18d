/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Request dispatch: logging → fault injection → body parsing → CDN / auth / 402 → route.
 *
 * Faults are applied first because they model the network and gateways in front of the API:
 * an injected 503 happens whether or not the token is valid.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { sleep } from 'n8n-workflow';

import { pikaAccountRoute, v2AccountRoute } from './accounts';
import { FaultTable, faultKind, isStatusFault } from './faults';
import {
	BodyTooLargeError,
	bearerToken,
	errorReply,
	parseUrl,
	readBody,
	recordHeaders,
	writeReply,
	type Reply,
} from './httpIo';
import { cancelJobRoute, getJobRoute, listJobsRoute } from './jobs';
import { getBoundary, MultipartError, parseMultipart } from './multipart';
import type { SimState } from './state';
import { buttonRoute, SUBMIT_SPECS, submitRoute, type ParsedForm } from './submit';
import type { Fault, RequestRecord } from './types';
import { isAttachmentPath, serveAttachment } from './video';

const SUBMIT_PATH = /^\/v1\/pika\/(create|animate|encrypt_text|encrypt_image|button)$/;
const ACCOUNT_PATH = /^\/v1\/pika\/account(?:\/([^/]+))?$/;

interface Ctx {
	req: IncomingMessage;
	method: string;
	path: string;
	/** Path without trailing slashes ('/v1/pika/jobs/' → '/v1/pika/jobs'). */
	route: string;
	hadTrailingSlash: boolean;
	query: Record<string, string>;
	body: Buffer;
	form?: ParsedForm;
	formError?: string;
	token?: string;
}

/** Guess (undocumented): what a non-multipart or broken multipart submit answers. */
const NOT_MULTIPART = 'Content-Type must be multipart/form-data';
const BAD_MULTIPART = 'Unable to parse multipart/form-data body';

function parseBody(ctx: Ctx, record: RequestRecord): void {
	const contentType = ctx.req.headers['content-type'];
	const boundary = getBoundary(contentType);
	if (boundary !== undefined) {
		try {
			const parts = parseMultipart(ctx.body, boundary);
			const form: ParsedForm = { fields: {}, files: [] };
			for (const part of parts) {
				if (part.filename !== undefined) {
					form.files.push({
						field: part.name,
						filename: part.filename,
						contentType: part.contentType ?? '',
						bytes: part.data,
					});
				} else {
					form.fields[part.name] = part.data.toString('utf8');
				}
			}
			ctx.form = form;
			record.fields = form.fields;
			record.files = form.files;
		} catch (error) {
			const reason = error instanceof MultipartError ? error.message : String(error);
			ctx.formError = `${BAD_MULTIPART}: ${reason}`;
		}
	} else {
		ctx.formError = NOT_MULTIPART;
		if (/json/i.test(contentType ?? '') && ctx.body.length > 0) {
			try {
				record.json = JSON.parse(ctx.body.toString('utf8'));
			} catch {
				record.json = undefined; // kept as raw bytes only; routes answer 400 themselves
			}
		}
	}
}

function route(state: SimState, ctx: Ctx): Reply {
	const { method, route: path } = ctx;
	if (isAttachmentPath(ctx.path)) return serveAttachment(state, ctx.req, ctx.path, ctx.query);

	if (!ctx.token || !state.opts.tokens.includes(ctx.token)) return errorReply(401, 'Unauthorized');

	if (path === '/v2/account') return v2AccountRoute(state, method, ctx.body);
	if (!path.startsWith('/v1/pika/'))
		return errorReply(404, `Route ${method} ${ctx.path} not found`);

	if (!state.opts.subscriptionActive) {
		return errorReply(402, 'Account has no subscription or subscription expired');
	}

	const submit = SUBMIT_PATH.exec(path);
	if (submit) {
		if (method !== 'POST') return errorReply(405, `Method ${method} not allowed`);
		if (!ctx.form) return errorReply(400, ctx.formError ?? NOT_MULTIPART);
		const endpoint = submit[1];
		const token = ctx.token;
		return endpoint === 'button'
			? buttonRoute(state, ctx.form, token)
			: SUBMIT_SPECS[endpoint]
				? submitRoute(state, endpoint, ctx.form, token)
				: errorReply(404, 'Not found');
	}
	if (path === '/v1/pika/jobs' || path === '/v1/pika/jobs/cancel') {
		if (method !== 'GET') return errorReply(405, `Method ${method} not allowed`);
		if (path === '/v1/pika/jobs/cancel') return cancelJobRoute(state, ctx.query);
		// "jobs/?jobid=" (or "jobs?jobid=") is a lookup; bare "jobs" lists executing jobs.
		if ('jobid' in ctx.query || ctx.hadTrailingSlash) return getJobRoute(state, ctx.query);
		return listJobsRoute(state);
	}
	const account = ACCOUNT_PATH.exec(path);
	if (account) {
		let channel: string | undefined;
		try {
			channel = account[1] === undefined ? undefined : decodeURIComponent(account[1]);
		} catch {
			return errorReply(404, 'Configuration not found for provided channel');
		}
		return pikaAccountRoute(state, method, channel, ctx.body);
	}
	return errorReply(404, `Route ${method} ${ctx.path} not found`);
}

function untilClosedOrStopped(stop: AbortSignal, req: IncomingMessage): Promise<void> {
	return new Promise<void>((resolve) => {
		if (stop.aborted || req.socket.destroyed) return resolve();
		const finish = () => {
			stop.removeEventListener('abort', finish);
			req.socket.off('close', finish);
			resolve();
		};
		stop.addEventListener('abort', finish, { once: true });
		req.socket.once('close', finish);
	});
}

export function createRequestHandler(state: SimState, faults: FaultTable) {
	let seq = 0;

	return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const { path, query } = parseUrl(req.url);
		const token = bearerToken(req);
		const record: RequestRecord = {
			seq: ++seq,
			method,
			path,
			query,
			headers: recordHeaders(req),
			auth: token === undefined ? 'none' : state.opts.tokens.includes(token) ? 'valid' : 'invalid',
			fields: {},
			files: [],
			bodySize: 0,
			receivedAt: new Date(started).toISOString(),
		};
		state.logs.requests.push(record);
		let reported = false;
		const done = (status: number | undefined) => {
			if (reported) return;
			reported = true;
			record.status = status;
			record.durationMs = Date.now() - started;
			state.opts.onRequest?.(record);
		};
		const kill = () => {
			req.socket.destroy();
			done(undefined);
		};

		const fault: Fault | undefined = faults.take(method, path);
		if (fault !== undefined) {
			record.fault = faultKind(fault);
			state.logs.faultsServed.push({
				method,
				path,
				kind: record.fault,
				status: isStatusFault(fault) ? fault.status : undefined,
				at: new Date().toISOString(),
			});
		}
		if (fault === 'reset-before-body') return kill();

		const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
		const ctx: Ctx = {
			req,
			method,
			path,
			route: trimmed,
			hadTrailingSlash: trimmed !== path,
			query,
			body: Buffer.alloc(0),
			token,
		};
		try {
			ctx.body = await readBody(req, state.opts.maxBodyBytes);
		} catch (error) {
			if (!(error instanceof BodyTooLargeError)) return kill(); // client went away
			writeReply(req, res, errorReply(413, 'Request body too large'));
			return done(413);
		}
		record.bodySize = ctx.body.length;
		parseBody(ctx, record);

		if (fault === 'timeout') {
			// Never answer: hold the request until the client gives up or stop() is called.
			await untilClosedOrStopped(state.stopSignal, req);
			return kill();
		}
		if (typeof fault === 'object' && 'delayMs' in fault) {
			try {
				await sleep(fault.delayMs, state.stopSignal);
			} catch {
				return kill(); // simulator stopped while the request was delayed
			}
		}
		if (fault !== undefined && isStatusFault(fault)) {
			const reply: Reply =
				fault.rawBody !== undefined
					? { status: fault.status, raw: fault.rawBody, headers: fault.headers }
					: {
							status: fault.status,
							json: fault.body ?? { error: 'Injected fault', code: fault.status },
							headers: fault.headers,
						};
			writeReply(req, res, reply);
			return done(fault.status);
		}

		let reply: Reply;
		try {
			reply = route(state, ctx);
		} catch (error) {
			reply = errorReply(
				500,
				`Simulator error: ${error instanceof Error ? error.message : String(error)}`,
			);
		}
		if (fault === 'reset-after-body') {
			// The request was fully processed (a submit created its job); the client never learns.
			reply.stream?.destroy();
			return kill();
		}
		// Known before the client sees the answer, so tests can read it right after a response.
		record.status = reply.status;
		res.once('close', () => done(reply.status));
		writeReply(req, res, reply);
	};
}

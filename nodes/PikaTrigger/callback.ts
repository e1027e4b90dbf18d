import type {
	IDataObject,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { simplifyJob } from '../shared/simplify';
import { JOB_ID_PATTERN } from '../shared/job';
import { pikaApiRequest, useSharedCredentials } from '../shared/transport';
import type { CallbackFilters } from './description';
import { filtersFrom } from './description';
import { acceptedTokens, storedTokens } from './registration';
import { oneOfTokens, TOKEN_PARAMETER } from './secret';
import { JOBS_PATH } from '../shared/constants';

/** A job JSON is a few kB; a body this large is not a useapi.net callback. */
export const MAX_BODY_BYTES = 1024 * 1024;

const MAX_JOB_ID_LENGTH = 256;

/** What n8n hands webhook() as the request: express's, which keeps the raw bytes it parsed. */
interface CallbackRequest {
	rawBody?: unknown;
}

/** The part of the response object used here; express's Response and Node's both have it. */
interface RawResponse {
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

/**
 * Handles one POST from useapi.net (or from anyone who found the URL). Every refusal is
 * answered here and starts no execution. An accepted one is answered before the execution
 * starts, with Verify With API before the GET; an API failure then throws, so that it shows
 * up as a failed execution instead of a callback silently lost.
 */
export async function handleCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = new Date().toISOString();
	const automatic = this.getNodeParameter('registration', 'automatic') !== 'manual';
	if (automatic && !hasValidToken(this)) return refuse(this, 401, 'Unauthorized');

	const posted = readPostedJob(this);
	if (typeof posted === 'string') return refuse(this, 400, `Bad request: ${posted}`);
	// The account-wide replyUrl also receives the jobs of every other useapi.net service.
	if (typeof posted.verb === 'string' && !posted.verb.startsWith('pika-')) {
		return ignore('not a Pika job');
	}

	const filters = filtersFrom(
		this.getNodeParameter('statuses', ['completed']),
		this.getNodeParameter('verbs', []),
		this.getNodeParameter('options', {}) as IDataObject,
	);
	const postedMismatch = mismatch(posted, filters);
	if (postedMismatch) return ignore(postedMismatch);

	const simplify = this.getNodeParameter('simplify', false) === true;
	const started = (job: IDataObject, verified: boolean) => {
		const item = {
			...(simplify ? simplifyJob(job) : job),
			trigger: { receivedAt, verified },
		};
		return [[{ json: withoutSecrets(this, item) }]];
	};
	// Answered before anything slower: useapi.net calls once, retries nothing and documents no
	// timeout, so the answer waits neither on a round trip to api.useapi.net (Verify With API)
	// nor on n8n saving the execution (n8n's own "Immediately" answer comes after that). What
	// follows decides only whether an execution starts.
	answer(this, 200, RECEIVED);
	if (this.getNodeParameter('verifyWithApi', true) === false) {
		return { noWebhookResponse: true, workflowData: started(posted, false) };
	}
	const known = await jobFromApi(this, posted.jobid as string);
	// Unverifiable is unauthenticated: the API does not sign callbacks, the job is the proof.
	if (!known) {
		this.logger.warn(
			`Pika Trigger: ignored a callback for jobid ${posted.jobid as string}, which useapi.net does not know`,
		);
		return { noWebhookResponse: true };
	}
	// The API's copy is authoritative: filter it again (a forged body may lie about status).
	if (mismatch(known, filters)) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: started(known, true) };
}

/** The answer to an accepted callback, sent before the execution starts (or the API is asked). */
export const RECEIVED = { message: 'Received' };

function hasValidToken(context: IWebhookFunctions): boolean {
	const presented = (context.getQueryData() as IDataObject)[TOKEN_PARAMETER];
	if (typeof presented !== 'string' || presented === '') return false;
	// Production and test registrations, live or recently retired, each have a token.
	return oneOfTokens(presented, acceptedTokens(context));
}

/** The posted job, or why the body is not one. */
function readPostedJob(context: IWebhookFunctions): IDataObject | string {
	const request = context.getRequestObject() as unknown as CallbackRequest;
	const body: unknown = context.getBodyData();
	const raw = Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
	const text = raw ? raw.toString('utf8') : typeof body === 'string' ? body : undefined;
	if ((raw?.length ?? Buffer.byteLength(text ?? '')) > MAX_BODY_BYTES) return tooLarge;

	// n8n has parsed JSON bodies already; anything else (text/plain, no content type) is read raw.
	const value = isObject(body) ? body : text === undefined ? undefined : parseJson(text);
	if (!isObject(value)) return 'the body is not a JSON object';
	// Checked before anything serializes the value: a deep enough one overflows the stack.
	if (nestedDeeperThan(value, MAX_DEPTH)) return 'the body is nested too deeply';
	if (!raw && text === undefined && Buffer.byteLength(JSON.stringify(value)) > MAX_BODY_BYTES) {
		return tooLarge;
	}
	const { jobid } = value;
	if (typeof jobid !== 'string' || jobid === '') return 'the body has no jobid';
	if (jobid.length > MAX_JOB_ID_LENGTH || !JOB_ID_PATTERN.test(jobid)) {
		return 'the jobid is not valid';
	}
	return value;
}

const tooLarge = `the body is larger than ${MAX_BODY_BYTES} bytes`;

/** A job JSON nests a few levels (attachments, embeds); far deeper is not a callback. */
const MAX_DEPTH = 32;

/** Whether objects/arrays nest deeper than `limit`, found without recursion. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
	const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
	while (pending.length > 0) {
		const { node, depth } = pending.pop()!;
		if (node === null || typeof node !== 'object') continue;
		if (depth > limit) return true;
		for (const child of Object.values(node)) pending.push({ node: child, depth: depth + 1 });
	}
	return false;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined; // reported by the caller as "not a JSON object"
	}
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Why the job is filtered out, or undefined when it passes. */
function mismatch(job: IDataObject, filters: CallbackFilters): string | undefined {
	const status = typeof job.status === 'string' ? job.status : '';
	if (!filters.statuses.includes(status)) return `status "${status.slice(0, 40)}" is not selected`;
	const verb = typeof job.verb === 'string' ? job.verb : '';
	if (!filters.verbs.includes(verb)) return `job type "${verb.slice(0, 40)}" is not selected`;
	if (filters.replyRef !== '') {
		const replyRef = typeof job.replyRef === 'string' ? job.replyRef : '';
		const matches =
			filters.replyRefMatch === 'prefix'
				? replyRef.startsWith(filters.replyRef)
				: replyRef === filters.replyRef;
		if (!matches) return 'replyRef does not match';
	}
	return undefined;
}

/**
 * The job as the API has it, or undefined when the API does not know the jobid. Nothing here
 * waits for another callback: each GET goes out at once, side by side with the others.
 */
async function jobFromApi(
	context: IWebhookFunctions,
	jobid: string,
	fresh = false,
): Promise<IDataObject | undefined> {
	const shared = await useSharedCredentials(context, fresh);
	try {
		const job = await pikaApiRequest.call(context, {
			method: 'GET',
			path: JOBS_PATH,
			qs: { jobid },
		});
		return job.jobid === jobid ? job : undefined;
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		// The shared read may predate a change of the token (see useSharedCredentials): a GET has
		// no side effect, so it is sent once more with the credential read now.
		if (shared && error instanceof NodeApiError && error.httpCode === '401') {
			return await jobFromApi(context, jobid, true);
		}
		// The transport throws n8n errors only; anything else is wrapped so n8n can show it.
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeApiError(context.getNode(), error as JsonObject);
	}
}

/**
 * Should the API ever echo the account's replyUrl inside a job, the token would reach the
 * output: blank every stored token out of the item. Tokens are base64url, so plain text
 * replacement inside the JSON text cannot break its syntax.
 */
function withoutSecrets(context: IWebhookFunctions, item: IDataObject): IDataObject {
	let text = JSON.stringify(item);
	for (const token of storedTokens(context)) {
		text = text.split(token).join('[redacted]');
	}
	return JSON.parse(text) as IDataObject;
}

/** Answers the request itself (n8n sends nothing more) and starts no execution. */
function refuse(context: IWebhookFunctions, status: number, error: string): IWebhookResponseData {
	answer(context, status, { error });
	return { noWebhookResponse: true };
}

/** Writes the whole answer now; the caller must then return `noWebhookResponse`. */
function answer(context: IWebhookFunctions, status: number, body: IDataObject): void {
	const response = context.getResponseObject() as unknown as RawResponse;
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(body));
}

/** Acknowledged with 200 (n8n answers with this body) and no execution. */
function ignore(reason: string): IWebhookResponseData {
	return { webhookResponse: { message: `Ignored: ${reason}` } };
}

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { cancellableSleep } from './sleep';
import type { PikaApiContext } from './context';
import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, cancelSignalOf, pikaCredentials } from './context';
import type { ApiResponse } from './errors';
import {
	apiErrorFrom,
	cancelledError,
	invalidBaseUrlError,
	networkErrorCode,
	transportError,
} from './errors';
import type { RetryPolicy } from './retryPolicy';
import {
	DEFAULT_QUEUE_RETRY_INTERVAL_MS,
	decideAfterNetworkError,
	decideAfterResponse,
	isNeverSentError,
} from './retryPolicy';

/**
 * A streamed multipart body (the Pika node's uploads build one): n8n sends it as a Blob, and
 * its `type` is the Content-Type with the boundary. Declared here so that the transport
 * depends on no helper.
 */
export interface MultipartBody {
	readonly type: string;
	readonly size: number;
}

export interface PikaRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/v1/pika/jobs/`. Callers encode nothing: qs does. */
	path: string;
	qs?: IDataObject;
	/** JSON body, or a builder for a multipart body (a streamed body can be sent only once). */
	body?: IDataObject | (() => Promise<MultipartBody>);
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
	/** Per-attempt response timeout. */
	timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * The one way the package calls useapi.net: base URL and Bearer auth from the
 * credential (n8n applies it), the API's errors as NodeApiError, and retries only where
 * they cannot create a second paid job.
 */
export async function pikaApiRequest(
	this: PikaApiContext,
	request: PikaRequest,
): Promise<IDataObject> {
	const policy = resolvePolicy(request);
	const credentials = await pikaCredentials(this);
	const baseURL = baseUrlOf(this, credentials);
	// Handing n8n the credential it would otherwise load again for every request; it still
	// applies the credential's authentication itself.
	const credentialOptions = {
		credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data: credentials },
	};
	const signal = cancelSignalOf(this);
	let transientRetries = 0;
	/** A retry followed an attempt that may have taken effect (no answer, or a 5xx). */
	let resentAfterAmbiguous = false;
	for (;;) {
		const multipart = typeof request.body === 'function' ? await request.body() : undefined;
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL,
			url: request.path,
			qs: request.qs,
			headers: multipart
				? { Accept: 'application/json', 'Content-Type': multipart.type }
				: { Accept: 'application/json' },
			body: typeof request.body === 'function' ? multipart : request.body,
			json: typeof request.body === 'object',
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
		let response: ApiResponse;
		try {
			const raw = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
				credentialOptions,
			)) as { statusCode: number; body: unknown };
			response = { statusCode: raw.statusCode, body: parseBody(raw.body) };
		} catch (error) {
			if (signal?.aborted) throw cancelledError(this, request);
			const code = networkErrorCode(error);
			const decision = decideAfterNetworkError(code, policy, transientRetries);
			if (decision.retry) {
				transientRetries++;
				resentAfterAmbiguous ||= !isNeverSentError(code);
				await cancellableSleep(decision.waitMs, signal);
				continue;
			}
			throw networkFailure(this, request, policy, code);
		}

		if (response.statusCode >= 200 && response.statusCode < 300) {
			if (typeof response.body !== 'string') return response.body as IDataObject; // lists stay arrays
			const empty = response.body.trim() === '';
			// Account updates answer 204 without a body. A submit or a read answering 2xx without
			// JSON lost its answer (a submit's jobid): an error, never an empty success.
			if (empty && (response.statusCode === 204 || !expectsBody(request))) return {};
			throw unreadableSuccess(this, request, policy, empty);
		}

		// A DELETE resent after an attempt that may have worked finds nothing left to delete.
		if (request.method === 'DELETE' && response.statusCode === 404 && resentAfterAmbiguous)
			return {};
		const decision = decideAfterResponse(response, policy, transientRetries, Date.now());
		if (!decision.retry) throw failureFor(this, request, policy, response, resentAfterAmbiguous);
		if (decision.reason === 'transient') {
			transientRetries++;
			resentAfterAmbiguous = true;
		}
		await cancellableSleep(decision.waitMs, signal);
	}
}

function resolvePolicy(request: PikaRequest): RetryPolicy {
	return {
		createsJob: request.retry?.createsJob ?? request.method !== 'GET',
		waitWhenQueueFull: request.retry?.waitWhenQueueFull ?? false,
		queueRetryIntervalMs: request.retry?.queueRetryIntervalMs ?? DEFAULT_QUEUE_RETRY_INTERVAL_MS,
		deadline: request.retry?.deadline ?? Date.now(),
	};
}

function baseUrlOf(context: PikaApiContext, credentials: ICredentialDataDecryptedObject): string {
	const configured = String(credentials.baseUrl ?? '').trim() || DEFAULT_BASE_URL;
	if (!/^https?:\/\/[^/\s]+/i.test(configured)) throw invalidBaseUrlError(context, configured);
	return configured.replace(/\/+$/, '');
}

function parseBody(body: unknown): ApiResponse['body'] {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return (body ?? '') as ApiResponse['body'];
	const trimmed = body.trim();
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return JSON.parse(trimmed) as IDataObject;
		} catch {
			return body;
		}
	}
	return body;
}

const JOB_MAY_EXIST =
	'The request may have reached useapi.net and started a paid job, so it was not sent again. Look for the job before retrying: it calls your replyUrl when it finishes, or find its jobid in the useapi.net dashboard and use Get Job.';

function networkFailure(
	context: PikaApiContext,
	request: PikaRequest,
	policy: RetryPolicy,
	code: string | undefined,
) {
	const what = `${request.method} ${request.path}`;
	const reason = code ? ` (${code})` : '';
	if (policy.createsJob && !isNeverSentError(code)) {
		return transportError(
			context,
			`No answer from useapi.net for ${what}${reason}; the job may exist`,
			JOB_MAY_EXIST,
			request.itemIndex,
		);
	}
	return transportError(
		context,
		`Could not reach useapi.net for ${what}${reason}`,
		'Check the Base URL in the credential and your network, then run the node again.',
		request.itemIndex,
	);
}

/**
 * Submits (which say they create a job) answer the job, reads answer JSON; other writes
 * (account settings) may answer 2xx without a body.
 */
function expectsBody(request: PikaRequest): boolean {
	return request.retry?.createsJob === true || request.method === 'GET';
}

function unreadableSuccess(
	context: PikaApiContext,
	request: PikaRequest,
	policy: RetryPolicy,
	empty: boolean,
) {
	return transportError(
		context,
		`useapi.net answered ${request.method} ${request.path} with ${empty ? 'an empty body' : 'a body that is not JSON'}`,
		policy.createsJob
			? JOB_MAY_EXIST
			: 'Run the node again; if it persists, useapi.net may be having trouble.',
		request.itemIndex,
	);
}

function failureFor(
	context: PikaApiContext,
	request: PikaRequest,
	policy: RetryPolicy,
	response: ApiResponse,
	resent: boolean,
) {
	const error = apiErrorFrom(context, response, request.itemIndex);
	if (policy.createsJob && response.statusCode >= 500 && response.statusCode !== 596) {
		// 5xx after a submit is ambiguous: 504 literally means "job queued, not tracked".
		error.description = [error.description, JOB_MAY_EXIST].filter(Boolean).join(' — ');
	} else if (resent && response.statusCode < 500) {
		// E.g. a Cancel resent after a lost answer: "not executing (status cancelled)" is our own doing.
		error.description = [error.description, ALREADY_DONE].filter(Boolean).join(' — ');
	}
	return error;
}

const ALREADY_DONE =
	'An earlier attempt of this request got no usable answer and was sent again; that attempt may already have done what was asked (e.g. cancelled the job).';

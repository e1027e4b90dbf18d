/**
 * Public types of the useapi.net Pika API simulator.
 *
 * The job shape mirrors the job model the API's create, button and job-status pages document. Everything here is plain JSON so tests can compare it with what the
 * HTTP API returned.
 */

export type PikaVerb =
	| 'pika-create'
	| 'pika-animate'
	| 'pika-encrypt_text'
	| 'pika-encrypt_image'
	| 'pika-button';

export type JobStatus =
	| 'created'
	| 'started'
	| 'progress'
	| 'completed'
	| 'failed'
	| 'moderated'
	| 'cancelled';

/** Metadata of an uploaded file as the API echoes it: `{ size, type }`. */
export interface FileMeta {
	size: number;
	type: string;
}

/** Discord attachment object; `url`/`proxy_url` point at this simulator's fake CDN. */
export interface PikaAttachment {
	id: string;
	filename: string;
	size: number;
	url: string;
	proxy_url: string;
	width: number;
	height: number;
	content_type: 'video/mp4';
}

/** The job JSON exactly as `GET /v1/pika/jobs/?jobid=` returns it (minus `code`). */
export interface PikaJob {
	jobid: string;
	verb: PikaVerb;
	status: JobStatus;
	created: string;
	updated: string;
	prompt?: string;
	/** encrypt_text: the text; encrypt_image: metadata of the uploaded message image. */
	message?: string | FileMeta;
	font?: string;
	image?: FileMeta;
	button?: string;
	parentJobId?: string;
	buttons?: string[];
	/** Masked: first 3 and last 3 characters of the Discord token. */
	discord: string;
	channel: string;
	maxJobs: number;
	replyUrl?: string;
	replyRef?: string;
	messageId: string;
	content: string;
	timestamp: string;
	attachments?: PikaAttachment[];
	embeds?: unknown[];
	error?: string;
	errorDetails?: string;
}

/** A file part of a multipart request, kept byte-exact. */
export interface UploadedFile {
	field: string;
	filename: string;
	/** The part's Content-Type header, '' when the part had none (like `Blob.type`). */
	contentType: string;
	bytes: Buffer;
}

/** What a submit endpoint received; input of the outcome rule. */
export interface Submission {
	verb: PikaVerb;
	fields: Record<string, string>;
	files: UploadedFile[];
	channel: string;
	parentJobId?: string;
}

export type TerminalOutcome = 'completed' | 'failed' | 'moderated';

export interface OutcomeSpec {
	status: TerminalOutcome;
	/** With status 'moderated': reject at submit with 422 instead of moderating later. */
	atSubmit?: boolean;
	error?: string;
	errorDetails?: string;
	/** Video size for this job (completed only); defaults to the `videoSize` option. */
	videoSize?: number;
}

export type JobOutcome = TerminalOutcome | 'moderated-at-submit' | OutcomeSpec;

/** Decides how a submitted job ends; `undefined` means the default (completed). */
export type OutcomeRule = (submission: Submission) => JobOutcome | undefined;

export interface AccountConfig {
	discord: string;
	channel: string;
	maxJobs: number;
}

export interface StatusFault {
	status: number;
	/** Serialized as JSON (content-type application/json) unless `rawBody` is given. */
	body?: unknown;
	/** Sent verbatim; set `headers['content-type']` yourself (default text/plain). */
	rawBody?: string | Buffer;
	headers?: Record<string, string>;
}

export type Fault =
	/** Destroy the socket before reading the request. */
	| 'reset-before-body'
	/** Read and process the request (creating the job on submit routes), then destroy the socket. */
	| 'reset-after-body'
	/** Accept the request and never answer (until stop()). */
	| 'timeout'
	/** Answer normally after a delay. */
	| { delayMs: number }
	| StatusFault;

export interface FaultRule {
	/** Any method when omitted. */
	method?: string;
	/** A pathname prefix, or a RegExp tested against the pathname (no query string). */
	path: string | RegExp;
	/** How many matching requests get the fault (default 1; Infinity allowed). */
	times?: number;
	fault: Fault;
}

export interface FaultHandle {
	readonly served: number;
	readonly remaining: number;
	remove(): void;
}

export interface RequestRecord {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	/** Lower-cased names; `authorization` is redacted. */
	headers: Record<string, string>;
	/** Whether a bearer token was sent and whether it was one of the configured tokens. */
	auth: 'none' | 'valid' | 'invalid';
	/** Multipart text fields (last value wins for repeated names). */
	fields: Record<string, string>;
	files: UploadedFile[];
	/** Parsed JSON body, when the request had one. */
	json?: unknown;
	bodySize: number;
	receivedAt: string;
	/** Response status; undefined when the socket was reset or the request never answered. */
	status?: number;
	/** Kind of injected fault, when one was served. */
	fault?: string;
	durationMs?: number;
}

export interface CallbackRecord {
	url: string;
	jobid: string;
	/** Job status carried by this callback. */
	status: JobStatus;
	attempt: number;
	sentAt: string;
	body: PikaJob & { code: number };
	responseStatus?: number;
	responseBody?: string;
	error?: string;
	/** True when the target was not a loopback http URL and nothing was sent. */
	refused?: boolean;
}

export interface DownloadRecord {
	path: string;
	method: string;
	jobid?: string;
	authorizationSent: boolean;
	status: number;
	bytes: number;
	at: string;
}

export interface FaultRecord {
	method: string;
	path: string;
	kind: string;
	status?: number;
	at: string;
}

/** Options that can also be changed at runtime with `configure()`. */
export interface RuntimeOptions {
	/** Accepted bearer tokens (default `['user:1-simulator-token']`). */
	tokens: string[];
	/** Time from submit to the terminal status; Infinity = only control API finishes jobs. */
	jobDurationMs: number;
	/** Time from submit to `progress`; skipped when ≥ jobDurationMs. */
	progressAfterMs: number;
	/** Size of generated videos in bytes (streamed; hundreds of MB are fine). */
	videoSize: number;
	/**
	 * true → completed jobs (without a per-job videoSize) get a real, playable MP4 (a small
	 * committed fixture, see tools/simulator/fixtures/) instead of `videoSize` generated bytes, so
	 * the demo and the browser suite show a video that plays.
	 */
	playableVideo: boolean;
	/** false → every Pika route answers 402. */
	subscriptionActive: boolean;
	/** true → every attachment URL answers 404 "This content is no longer available.". */
	expireAttachments: boolean;
	outcome?: OutcomeRule;
	/** Extra delivery attempts after a failed callback (default 0 = no retries, as documented). */
	callbackRetries: number;
	callbackRetryDelayMs: number;
	callbackTimeoutMs: number;
	/** Also POST the job when it enters `progress` (the real API only documents terminal posts). */
	callbackOnProgress: boolean;
	maxBodyBytes: number;
	/** Random source for account selection (default Math.random). */
	random: () => number;
	/** Called once per request after it finished (or was reset). */
	onRequest?: (record: RequestRecord) => void;
}

export interface SimulatorOptions extends Partial<RuntimeOptions> {
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 0 (random free port). */
	port?: number;
	/** Pika accounts configured at start (as if POSTed to /v1/pika/account/<channel>). */
	accounts?: AccountConfig[];
	/** Account-wide default replyUrl (as if POSTed to /v2/account). */
	accountReplyUrl?: string;
}

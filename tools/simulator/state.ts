/**
 * The simulator's shared, mutable state. Route handlers and the control API both work on one
 * SimState, so what a test sees through `sim.job(id)` is what the HTTP API serves.
 */
import type {
	AccountConfig,
	CallbackRecord,
	DownloadRecord,
	FaultRecord,
	OutcomeSpec,
	PikaJob,
	RequestRecord,
	RuntimeOptions,
	UploadedFile,
} from './types';

/** Internal job: the public JSON view plus what the API knows but never shows. */
export interface JobRecord {
	view: PikaJob;
	/** Unmasked Discord token (the view only carries the masked form). */
	discordRaw: string;
	/** Fake Discord user id used in `content` mentions. */
	userId: string;
	/** How the lifecycle will end (outcome rule, or setJobOutcome). */
	outcome: OutcomeSpec;
	/** Aborts the job's lifecycle timers. */
	controller?: AbortController;
	/** Size of the generated video, fixed when the job completes. */
	videoSize?: number;
	/** The video is the playable fixture (videoSize is then its length). */
	playable?: boolean;
	/** Per-job override of the `expireAttachments` toggle. */
	attachmentExpired?: boolean;
	uploads: UploadedFile[];
	/** Prompt the video is generated from (a button job inherits its parent's). */
	sourcePrompt?: string;
	/** Labels for "<label>: 1 Attachment" in Pika's message texts ("Image", "Message"). */
	attachmentLabels: string[];
	/**
	 * The account's default replyUrl when the job was created ("if not provided value from
	 * account will be used"): the job keeps it, a later change of the default does not move it.
	 */
	accountReplyUrl?: string;
}

export interface V2Account {
	email: string;
	created: string;
	name: string;
	verified: boolean;
	sub: string;
	replyUrl?: string;
}

export interface Logs {
	requests: RequestRecord[];
	callbacks: CallbackRecord[];
	downloads: DownloadRecord[];
	faultsServed: FaultRecord[];
	createdJobCount: number;
}

export interface SimState {
	opts: RuntimeOptions;
	/** Secret for the CDN's `hm` signatures (per simulator instance). */
	secret: Buffer;
	accounts: Map<string, AccountConfig>;
	v2Account: V2Account;
	jobs: Map<string, JobRecord>;
	logs: Logs;
	/** Set once the server listens; used to build attachment URLs. */
	baseUrl: string;
	/** Aborted by stop(): ends timers, held 'timeout' requests and in-flight callbacks. */
	stopSignal: AbortSignal;
	/** Registers background work so stop() (and flushCallbacks for callbacks) can wait for it. */
	track(task: Promise<unknown>, kind?: 'callback'): void;
}

export const EXECUTING: ReadonlySet<string> = new Set(['created', 'started', 'progress']);
export const TERMINAL: ReadonlySet<string> = new Set([
	'completed',
	'failed',
	'moderated',
	'cancelled',
]);

export function isExecuting(job: JobRecord): boolean {
	return EXECUTING.has(job.view.status);
}

/** Jobids currently executing on a channel (the capacity check's `executingJobs`). */
export function executingOn(state: SimState, channel: string): string[] {
	const ids: string[] = [];
	for (const job of state.jobs.values()) {
		if (job.view.channel === channel && isExecuting(job)) ids.push(job.view.jobid);
	}
	return ids;
}

/** A deep copy of a job view, so callers can't mutate the simulator's state by accident. */
export function snapshot(job: JobRecord): PikaJob {
	return JSON.parse(JSON.stringify(job.view)) as PikaJob;
}

export function emptyLogs(): Logs {
	return { requests: [], callbacks: [], downloads: [], faultsServed: [], createdJobCount: 0 };
}

/**
 * The one home of the Pika node's constants: what the API documents and the node's own
 * defaults. Descriptions must carry some of them as literals (n8n's linter wants literal
 * defaults); test/nodes/shared/constants.test.ts checks those literals against these values.
 */

/** useapi.net's API host; the credential's Base URL defaults to it. */
export const DEFAULT_BASE_URL = 'https://api.useapi.net';

/** Get Job: `GET /v1/pika/jobs/?jobid=…` (the node, the wait loop and the trigger's verification). */
export const JOBS_PATH = '/v1/pika/jobs/';

/** Cancel: `GET /v1/pika/jobs/cancel/?jobid=…`. */
export const CANCEL_PATH = '/v1/pika/jobs/cancel/';

/** A Discord channel ID as the API's pages show one, for placeholders and hints. */
export const EXAMPLE_CHANNEL_ID = '1190000000000000000';

/** Limits the API documents (see README, "API limits"). */
export const LIMITS = {
	prompt: 1500,
	message: 20,
	replyUrl: 1024,
	replyRef: 1024,
	maxJobsMin: 1,
	maxJobsMax: 10,
} as const;

/**
 * Polling bounds. The job-status page: "If field status value is created, started or progress
 * wait in a loop for at least 10..30 seconds and retry again" (and the API itself refreshes
 * job status only every 15–60 s).
 */
export const POLLING = {
	defaultSeconds: 15,
	minSeconds: 10,
	maxSeconds: 3600,
	defaultMaxWaitMinutes: 10,
} as const;

/** After either kind of 429 the API asks clients to "wait in a loop for at least 10..30 seconds". */
export const QUEUE_RETRY = { defaultSeconds: 15, minSeconds: 10, maxSeconds: 30 } as const;

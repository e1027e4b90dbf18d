/**
 * Jobs: creation, the timed lifecycle (started → progress → terminal), forced transitions used by
 * the control API, and the job routes (GET jobs/?jobid=, GET jobs/cancel/?jobid=, GET jobs).
 *
 * Timers are `sleep(ms, signal)` from n8n-workflow with one AbortController per job, so finishing
 * a job early (finishNow, cancel) or stopping the simulator leaves no timer behind. Being n8n's
 * sleep (and timestamps being `Date`), they follow the unit tier's virtual clock together with the
 * node's waits (test/useVirtualClock.ts); elsewhere they run in real time.
 */
import { createHash } from 'node:crypto';

import { sleep } from 'n8n-workflow';

import { scheduleCallback } from './callbacks';
import {
	describeInputs,
	discordTimestamp,
	discordUserId,
	maskDiscord,
	newJobId,
	queuedContent,
	slugify,
	snowflake,
	userNumber,
} from './format';
import { errorReply, jsonReply, type Reply } from './httpIo';
import { isExecuting, snapshot, type JobRecord, type SimState } from './state';
import type {
	FileMeta,
	JobOutcome,
	JobStatus,
	OutcomeSpec,
	PikaJob,
	PikaVerb,
	UploadedFile,
} from './types';
import { attachmentUrls, PLAYABLE_MP4 } from './video';

export const MODERATED_ERROR = 'Sorry, your input may be inconsistent with server rules.';
const FAILED_ERROR = 'Pika failed to generate the video';

export interface NewJob {
	verb: PikaVerb;
	apiToken: string;
	discord: string;
	channel: string;
	maxJobs: number;
	prompt?: string;
	message?: string | FileMeta;
	font?: string;
	image?: FileMeta;
	button?: string;
	parentJobId?: string;
	replyUrl?: string;
	replyRef?: string;
	/** Prompt the video is generated from, when it is not `prompt` (button jobs). */
	sourcePrompt?: string;
	/** Labels for "<label>: 1 Attachment" in Pika's message text. */
	attachmentLabels: string[];
	uploads: UploadedFile[];
	outcome: OutcomeSpec;
}

/** Normalizes the shorthand forms of JobOutcome. */
export function toOutcomeSpec(outcome: JobOutcome | undefined): OutcomeSpec {
	if (outcome === undefined) return { status: 'completed' };
	if (outcome === 'moderated-at-submit') return { status: 'moderated', atSubmit: true };
	if (typeof outcome === 'string') return { status: outcome };
	return { ...outcome };
}

/** Stores a new job in status `started` (or `moderated` when rejected at submit). */
export function createJob(state: SimState, init: NewJob, status: JobStatus = 'started'): JobRecord {
	const now = new Date();
	const userId = discordUserId(init.discord);
	const sourcePrompt = init.sourcePrompt ?? init.prompt;
	const view: PikaJob = {
		jobid: newJobId(init.channel, userNumber(init.apiToken), now),
		verb: init.verb,
		status,
		created: now.toISOString(),
		updated: now.toISOString(),
		prompt: init.prompt,
		message: init.message,
		font: init.font,
		image: init.image,
		button: init.button,
		parentJobId: init.parentJobId,
		discord: maskDiscord(init.discord),
		channel: init.channel,
		maxJobs: init.maxJobs,
		replyUrl: init.replyUrl,
		replyRef: init.replyRef,
		messageId: snowflake(now.getTime()),
		content: queuedContent(userId, describeInputs(sourcePrompt, init.attachmentLabels)),
		timestamp: discordTimestamp(now),
	};
	// Drop absent optional fields so the JSON only carries what applies to this verb.
	for (const key of Object.keys(view) as Array<keyof PikaJob>) {
		if (view[key] === undefined) delete view[key];
	}
	const job: JobRecord = {
		view,
		discordRaw: init.discord,
		userId,
		outcome: init.outcome,
		uploads: init.uploads,
		sourcePrompt,
		attachmentLabels: init.attachmentLabels,
		accountReplyUrl: state.v2Account.replyUrl || undefined,
	};
	state.jobs.set(view.jobid, job);
	state.logs.createdJobCount++;
	if (isExecuting(job)) startLifecycle(state, job);
	return job;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** sleep() that also handles Infinity / huge values (wait for the abort) and negatives. */
async function wait(ms: number, signal: AbortSignal): Promise<void> {
	let remaining = Math.max(0, ms);
	if (!Number.isFinite(remaining)) {
		await new Promise<never>((_resolve, reject) => {
			if (signal.aborted) reject(new Error('aborted'));
			signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
		});
	}
	do {
		const step = Math.min(remaining, MAX_TIMER_MS);
		await sleep(step, signal);
		remaining -= step;
	} while (remaining > 0);
}

function startLifecycle(state: SimState, job: JobRecord): void {
	const controller = new AbortController();
	job.controller = controller;
	// Stopping the simulator ends every lifecycle.
	const onStop = () => controller.abort();
	state.stopSignal.addEventListener('abort', onStop, { once: true });
	const { progressAfterMs, jobDurationMs } = state.opts;
	const started = Date.now();
	const run = async () => {
		try {
			if (progressAfterMs < jobDurationMs) {
				await wait(progressAfterMs, controller.signal);
				markProgress(state, job);
			}
			await wait(jobDurationMs - (Date.now() - started), controller.signal);
		} catch {
			return; // aborted: finishNow/cancel/stop decided the job's fate
		} finally {
			state.stopSignal.removeEventListener('abort', onStop);
		}
		finishJob(state, job, job.outcome.status, job.outcome);
	};
	state.track(run());
}

function touch(job: JobRecord): Date {
	const now = new Date();
	job.view.updated = now.toISOString();
	return now;
}

function inputs(job: JobRecord): string {
	return describeInputs(job.sourcePrompt, job.attachmentLabels);
}

/** started → progress. No-op for other statuses. */
export function markProgress(state: SimState, job: JobRecord): boolean {
	if (job.view.status !== 'started' && job.view.status !== 'created') return false;
	job.view.status = 'progress';
	touch(job);
	job.view.content = `<@${job.userId}> ${inputs(job)}  Author: <@${job.userId}> (Generating…)`;
	if (state.opts.callbackOnProgress) scheduleCallback(state, job);
	return true;
}

type FinalStatus = 'completed' | 'failed' | 'moderated' | 'cancelled';

/**
 * Moves an executing job to a terminal status and fires its callback. Returns false (and
 * changes nothing) when the job is already terminal.
 */
export function finishJob(
	state: SimState,
	job: JobRecord,
	status: FinalStatus,
	detail: Partial<OutcomeSpec> = {},
): boolean {
	if (!isExecuting(job)) return false;
	job.controller?.abort();
	const now = touch(job);
	const view = job.view;
	view.status = status;
	view.timestamp = discordTimestamp(now);
	if (status === 'completed') {
		const explicitSize = detail.videoSize ?? job.outcome.videoSize;
		job.playable = explicitSize === undefined && state.opts.playableVideo;
		const size = job.playable ? PLAYABLE_MP4.bytes.length : (explicitSize ?? state.opts.videoSize);
		const seed = createHash('sha256').update(view.jobid).digest().readUInt32BE(0) % 1000000;
		const filename = `${slugify(job.sourcePrompt)}_seed${seed}.mp4`;
		job.videoSize = size;
		view.content = `<@${job.userId}> ${inputs(job)}  Author: <@${job.userId}>`;
		view.buttons = ['retry'];
		view.attachments = [
			{
				id: snowflake(now.getTime()),
				filename,
				size,
				...attachmentUrls(state, view.jobid, filename, now.getTime()),
				width: job.playable ? PLAYABLE_MP4.width : 1024,
				height: job.playable ? PLAYABLE_MP4.height : 576,
				content_type: 'video/mp4',
			},
		];
		view.embeds = [];
	} else if (status === 'failed' || status === 'moderated') {
		view.error = detail.error ?? (status === 'failed' ? FAILED_ERROR : MODERATED_ERROR);
		if (detail.errorDetails !== undefined) view.errorDetails = detail.errorDetails;
	}
	scheduleCallback(state, job);
	return true;
}

function lookup(state: SimState, query: Record<string, string>): JobRecord | Reply {
	const jobid = query.jobid;
	if (!jobid) return errorReply(400, 'Query param jobid not provided');
	return state.jobs.get(jobid) ?? errorReply(404, `Unable to locate job ${jobid}`);
}

function isReply(value: JobRecord | Reply): value is Reply {
	return (value as Reply).status !== undefined && (value as JobRecord).view === undefined;
}

/** GET /v1/pika/jobs/?jobid= */
export function getJobRoute(state: SimState, query: Record<string, string>): Reply {
	const found = lookup(state, query);
	if (isReply(found)) return found;
	return jsonReply(200, { ...snapshot(found), code: 200 });
}

/**
 * GET /v1/pika/jobs/cancel/?jobid=
 * Guess (undocumented): cancelling a job that is no longer executing answers 400.
 */
export function cancelJobRoute(state: SimState, query: Record<string, string>): Reply {
	const found = lookup(state, query);
	if (isReply(found)) return found;
	if (!isExecuting(found)) {
		return errorReply(
			400,
			`Job ${found.view.jobid} is not executing (status ${found.view.status})`,
		);
	}
	finishJob(state, found, 'cancelled');
	return jsonReply(200, { jobid: found.view.jobid, status: 'cancelled', code: 200 });
}

/** GET /v1/pika/jobs — ids of all executing jobs (MJ v2 analog). */
export function listJobsRoute(state: SimState): Reply {
	const ids = [...state.jobs.values()].filter(isExecuting).map((j) => j.view.jobid);
	return jsonReply(200, ids);
}

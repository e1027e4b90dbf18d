import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { JOBS_PATH, POLLING } from '../../shared/constants';
import { cancelSignalOf, pikaApiRequest } from '../../shared/transport';
import { firstAttachment } from '../../shared/job';
import { downloadVideo } from './download';
import { cancellableSleep } from '../../shared/transport/sleep';
import type { InputValidator } from './validation';

/** What happens after a job is submitted or read: wait for it, download its video. */
export interface CompletionOptions {
	waitForCompletion: boolean;
	pollIntervalMs: number;
	maxWaitMs: number;
	downloadVideo: boolean;
	binaryPropertyName: string;
}

const TERMINAL_STATUSES = ['completed', 'failed', 'moderated', 'cancelled'];

/** Terminal statuses that mean the job produced nothing: reported as errors. */
const FAILED_STATUSES = ['failed', 'moderated'];

export function readCompletionOptions(
	check: InputValidator,
	options: IDataObject,
): CompletionOptions {
	const pollSeconds = readPollInterval(check, options.pollInterval);
	const maxWaitMinutes = options.maxWait ?? POLLING.defaultMaxWaitMinutes;
	if (
		typeof maxWaitMinutes !== 'number' ||
		!Number.isFinite(maxWaitMinutes) ||
		maxWaitMinutes < 0
	) {
		check.fail(
			'Max Wait (Minutes)',
			`must be a number of minutes, 0 or more, got ${JSON.stringify(maxWaitMinutes)}`,
		);
	}
	const download = options.downloadVideo === true;
	const binaryPropertyName = download
		? check
				.text('Put Video in Field', options.binaryPropertyName ?? 'data', {
					required: true,
					maxLength: 256,
				})
				.trim()
		: 'data';
	return {
		waitForCompletion: options.waitForCompletion === true,
		pollIntervalMs: pollSeconds * 1000,
		maxWaitMs: Math.round(maxWaitMinutes * 60_000),
		downloadVideo: download,
		binaryPropertyName,
	};
}

/**
 * The seconds between two status checks. Workflows saved while the floor was 5 s may still
 * hold 5–9: they get an error saying why, rather than a silent change of their setting.
 */
function readPollInterval(check: InputValidator, value: unknown): number {
	const field = 'Poll Interval (Seconds)';
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number === 'number' && Number.isInteger(number) && number < POLLING.minSeconds) {
		check.fail(
			field,
			`must be at least ${POLLING.minSeconds}, got ${number}`,
			`useapi.net asks clients to wait at least ${POLLING.minSeconds} seconds between two status checks of a job. Set Poll Interval to ${POLLING.minSeconds} or more (the default is ${POLLING.defaultSeconds}).`,
		);
	}
	return (
		check.integer(field, value, POLLING.minSeconds, POLLING.maxSeconds) ?? POLLING.defaultSeconds
	);
}

/**
 * Polls Get Job until the job reaches a terminal status or the deadline passes.
 * failed/moderated end in an error carrying the API's message; a timeout names the job
 * and its last status, because the job may still finish on Pika.
 */
export async function waitForJob(
	this: IExecuteFunctions,
	job: IDataObject,
	options: CompletionOptions,
	deadline: number,
	itemIndex: number,
): Promise<IDataObject> {
	const signal = cancelSignalOf(this);
	let current = job;
	while (!TERMINAL_STATUSES.includes(String(current.status))) {
		const remaining = deadline - Date.now();
		// Two checks are never closer than the interval: when Max Wait ends before the next
		// check is due, the wait ends there without one.
		if (remaining < options.pollIntervalMs) {
			await cancellableSleep(Math.max(remaining, 0), signal);
			throw timeoutError(this, current, options, itemIndex);
		}
		await cancellableSleep(options.pollIntervalMs, signal);
		current = await pikaApiRequest.call(this, {
			method: 'GET',
			path: JOBS_PATH,
			qs: { jobid: current.jobid ?? job.jobid },
			itemIndex,
		});
	}
	if (FAILED_STATUSES.includes(String(current.status)))
		throw jobFailedError(this, current, itemIndex);
	return current;
}

/**
 * The item to output for a job: waited on if asked, with the video attached if asked and
 * the job is completed. As an AI-agent tool the video stays a URL: tools cannot return
 * binary data to the agent.
 */
export async function finishJob(
	this: IExecuteFunctions,
	job: IDataObject,
	options: CompletionOptions,
	deadline: number,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const finalJob = options.waitForCompletion
		? await waitForJob.call(this, job, options, deadline, itemIndex)
		: job;
	if (isToolExecution(this)) {
		const videoUrl = firstAttachment(finalJob)?.url;
		return { json: videoUrl ? { ...finalJob, videoUrl } : finalJob };
	}
	if (!options.downloadVideo || finalJob.status !== 'completed') return { json: finalJob };
	const binary = await downloadVideo.call(this, finalJob, itemIndex);
	return { json: finalJob, binary: { [options.binaryPropertyName]: binary } };
}

/**
 * Whether an AI agent is calling the node as a tool. n8n 1.x runs tools in a context that
 * says so; n8n 2.x agents run the generated `…Tool` node type as an ordinary node.
 */
function isToolExecution(context: IExecuteFunctions): boolean {
	// Hosts before n8n 1.9x lack isToolExecution().
	if (typeof context.isToolExecution === 'function' && context.isToolExecution()) return true;
	return context.getNode().type.endsWith('Tool');
}

function timeoutError(
	context: IExecuteFunctions,
	job: IDataObject,
	options: CompletionOptions,
	itemIndex: number,
): NodeOperationError {
	const minutes = Math.round((options.maxWaitMs / 60_000) * 100) / 100;
	return new NodeOperationError(
		context.getNode(),
		`Job ${String(job.jobid)} did not finish within ${minutes} minutes (last status: ${String(job.status)})`,
		{
			itemIndex,
			description:
				'The job may still finish on Pika. Check it later with Get Job, or raise Max Wait (Minutes).',
		},
	);
}

function jobFailedError(
	context: IExecuteFunctions,
	job: IDataObject,
	itemIndex: number,
): NodeOperationError {
	const reason = [job.error, job.errorDetails]
		.filter((part) => typeof part === 'string' && part)
		.join(': ');
	return new NodeOperationError(
		context.getNode(),
		`Job ${String(job.jobid)} ended with status "${String(job.status)}"${reason ? `: ${reason}` : ''}`,
		{
			itemIndex,
			description:
				job.status === 'moderated'
					? 'Pika moderated the input. Change the prompt or image and submit a new job.'
					: 'Pika could not generate this video. Submit it again, or change the prompt.',
		},
	);
}

import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { LIMITS, QUEUE_RETRY } from '../descriptions/common.description';
import { pikaApiRequest, pikaCredentials } from '../transport';
import type { CompletionOptions } from './completion';
import { finishJob, readCompletionOptions } from './completion';
import { buildMultipart } from './multipart';
import type { InputValidator } from './validation';
import { CHANNEL_ID_PATTERN } from './validation';

/** A file part to upload, read from an item's binary property only when the request is built. */
export interface UploadSpec {
	/** Multipart field name the API expects (`image`, `message`). */
	field: string;
	itemIndex: number;
	binaryPropertyName: string;
}

/** What every submit endpoint shares, already validated. */
export interface SubmitCommon {
	channel?: string;
	maxJobs?: number;
	replyUrl?: string;
	replyRef?: string;
	completion: CompletionOptions;
	waitWhenQueueFull: boolean;
	queueRetryIntervalMs: number;
}

/** Reads and checks the shared options of one item: account, callback, waiting, queue. */
export function readSubmitOptions(
	context: IExecuteFunctions,
	check: InputValidator,
	{ withChannel }: { withChannel: boolean },
): SubmitCommon {
	const i = check.itemIndex;
	const options = context.getNodeParameter('options', i, {}) as IDataObject;
	const common: SubmitCommon = {
		maxJobs: check.integer('Max Jobs', options.maxJobs, LIMITS.maxJobsMin, LIMITS.maxJobsMax),
		replyUrl: check.callbackUrl('Reply URL', options.replyUrl, LIMITS.replyUrl),
		replyRef: check.text('Reply Reference', options.replyRef, { maxLength: LIMITS.replyRef }) || undefined,
		completion: readCompletionOptions(check, options),
		waitWhenQueueFull: options.waitWhenQueueFull !== false,
		queueRetryIntervalMs:
			(check.integer(
				'Queue Retry Interval (Seconds)',
				options.queueRetryInterval,
				QUEUE_RETRY.minSeconds,
				QUEUE_RETRY.maxSeconds,
			) ?? QUEUE_RETRY.defaultSeconds) * 1000,
	};
	if (withChannel && options.channel !== undefined) {
		const channel = context.getNodeParameter('options.channel', i, '', { extractValue: true });
		if (channel !== '' && channel !== undefined && channel !== null) {
			common.channel = check.identifier('Channel', channel, CHANNEL_ID_PATTERN, '1190000000000000000');
		}
	}
	return common;
}

/**
 * Checks that an item carries the binary property an upload needs, and that it is an
 * image. The bytes are read later, when the request is built.
 */
function checkImageInput(
	context: IExecuteFunctions,
	check: InputValidator,
	field: string,
	binaryPropertyName: string,
): void {
	const name = check.text(field, binaryPropertyName, { required: true }).trim();
	const binary = context.getInputData()[check.itemIndex]?.binary?.[name];
	if (!binary) {
		const available = Object.keys(context.getInputData()[check.itemIndex]?.binary ?? {});
		check.fail(
			field,
			`the item has no binary property "${name}"`,
			available.length
				? `Binary properties on this item: ${available.join(', ')}`
				: 'The item has no binary data at all. Add a node that reads or downloads the image first.',
		);
	}
	if (!binary.mimeType?.startsWith('image/')) {
		check.fail(field, `"${name}" is ${binary.mimeType || 'of unknown type'}, not an image`);
	}
	if (isEmptyBinary(binary)) check.fail(field, `"${name}" is an empty file`);
}

/**
 * n8n records a file's size as `bytes` (a number) and `fileSize` ("0 B"); binary data built
 * by hand (a Code node) may carry neither, and in-memory data (no `id`) of "" is empty too.
 */
function isEmptyBinary(binary: IBinaryData): boolean {
	return (
		binary.bytes === 0 ||
		/^0(\.0+)?(\s|$)/.test(String(binary.fileSize ?? '').trim()) ||
		(!binary.id && binary.data === '')
	);
}

/** Reads and checks a required image input; the upload is built later. */
export function readImageInput(
	context: IExecuteFunctions,
	check: InputValidator,
	{ parameter, field, displayName }: { parameter: string; field: string; displayName: string },
): UploadSpec {
	const binaryPropertyName = String(context.getNodeParameter(parameter, check.itemIndex, 'data')).trim();
	checkImageInput(context, check, displayName, binaryPropertyName);
	return { field, itemIndex: check.itemIndex, binaryPropertyName };
}

/** The optional `image` upload behind the "…Image" switch (see optionalImageFields). */
export function readOptionalImage(context: IExecuteFunctions, check: InputValidator): UploadSpec | undefined {
	if (context.getNodeParameter('useImage', check.itemIndex, false) !== true) return undefined;
	return readImageInput(context, check, {
		parameter: 'imageBinaryPropertyName',
		field: 'image',
		displayName: 'Image Input Field',
	});
}

/**
 * The Discord account fields to send. A channel picked in the node wins (the API then
 * uses that configured account); otherwise the credential's Discord token and channel,
 * if set; otherwise nothing, and useapi.net picks a configured account itself.
 */
export async function accountFields(
	context: IExecuteFunctions,
	channel: string | undefined,
): Promise<{ discord?: string; channel?: string }> {
	const credentials = await pikaCredentials(context);
	const discord = String(credentials.discordToken ?? '').trim();
	const defaultChannel = String(credentials.discordChannel ?? '').trim();
	if (channel) {
		return discord && defaultChannel === channel ? { discord, channel } : { channel };
	}
	if (discord) return defaultChannel ? { discord, channel: defaultChannel } : { discord };
	return {};
}

/** One job submission: which endpoint, its own fields and files, and the shared options. */
export interface JobSubmission {
	path: string;
	fields: Record<string, string | undefined>;
	uploads: UploadSpec[];
	common: SubmitCommon;
	/** Send Discord account fields (not for Retry: the API reuses the referenced job's account). */
	sendAccount: boolean;
	itemIndex: number;
}

/**
 * POSTs one job to a submit endpoint, then waits for it and downloads its video when
 * asked. Max Wait bounds both the wait for a free slot and the wait for the job.
 */
export async function submitJob(
	this: IExecuteFunctions,
	submission: JobSubmission,
): Promise<INodeExecutionData> {
	const { common, itemIndex } = submission;
	const deadline = Date.now() + common.completion.maxWaitMs;
	const account = submission.sendAccount ? await accountFields(this, common.channel) : {};
	const job = await pikaApiRequest.call(this, {
		method: 'POST',
		path: submission.path,
		itemIndex,
		retry: {
			createsJob: true,
			waitWhenQueueFull: common.waitWhenQueueFull,
			queueRetryIntervalMs: common.queueRetryIntervalMs,
			deadline,
		},
		body: async () =>
			await buildMultipart(
				this,
				{
					...submission.fields,
					...account,
					maxJobs: common.maxJobs,
					replyUrl: common.replyUrl,
					replyRef: common.replyRef,
				},
				submission.uploads,
			),
	});
	return await finishJob.call(this, job, common.completion, deadline, itemIndex);
}

/**
 * Items submitted at once: the channel's job slots (maxJobs, the API's default 10). With
 * Wait for Completion an item holds its slot until its job ends, so the next item is
 * submitted the moment a slot frees instead of bouncing off a full queue.
 */
export function submitConcurrency(prepared: SubmitCommon[]): number {
	const slots = prepared.map((entry) => entry.maxJobs ?? LIMITS.maxJobsMax);
	return slots.length ? Math.min(...slots) : 1;
}

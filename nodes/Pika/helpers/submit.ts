import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { EXAMPLE_CHANNEL_ID, LIMITS, QUEUE_RETRY } from '../../shared/constants';
import { pikaApiRequest, pikaCredentials } from '../../shared/transport';
import type { CompletionOptions } from './completion';
import { finishJob, readCompletionOptions } from './completion';
import type { UploadSpec } from './image';
import { buildMultipart } from './multipart';
import type { InputValidator } from './validation';
import { CHANNEL_ID_PATTERN } from './validation';

/** The Discord account fields sent with a job (see readAccountFields). */
export interface AccountFields {
	discord?: string;
	channel?: string;
}

/** What every submit endpoint shares, already validated. */
export interface SubmitCommon {
	account: AccountFields;
	maxJobs?: number;
	replyUrl?: string;
	replyRef?: string;
	completion: CompletionOptions;
	waitWhenQueueFull: boolean;
	queueRetryIntervalMs: number;
}

/** Reads and checks the shared options of one item: account, callback, waiting, queue. */
export async function readSubmitOptions(
	context: IExecuteFunctions,
	check: InputValidator,
	{ referencesJob }: { referencesJob: boolean },
): Promise<SubmitCommon> {
	const i = check.itemIndex;
	const options = context.getNodeParameter('options', i, {}) as IDataObject;
	let channel: string | undefined;
	if (options.channel !== undefined) {
		const picked = context.getNodeParameter('options.channel', i, '', { extractValue: true });
		if (picked !== '' && picked !== undefined && picked !== null) {
			channel = check.identifier('Channel', picked, CHANNEL_ID_PATTERN, EXAMPLE_CHANNEL_ID);
		}
	}
	return {
		account: await readAccountFields(context, check, channel, { referencesJob }),
		maxJobs: check.integer('Max Jobs', options.maxJobs, LIMITS.maxJobsMin, LIMITS.maxJobsMax),
		replyUrl: check.callbackUrl('Reply URL', options.replyUrl, LIMITS.replyUrl),
		replyRef:
			check.text('Reply Reference', options.replyRef, { maxLength: LIMITS.replyRef }) || undefined,
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
}

/**
 * The Discord account fields to send, checked before anything is sent. In order:
 * - a channel picked in the node: sent alone ("a specific account from the configured list"),
 *   with the credential's Discord token only when the credential's channel is that channel;
 * - the credential's channel: alone, or with the credential's Discord token;
 * - nothing: useapi.net picks a configured account (Retry: the referenced job's account).
 * A Discord token without a channel is documented only for Retry, where it overrides the
 * job's token; the create page answers it with 400 "… discord or channel value is missing".
 */
async function readAccountFields(
	context: IExecuteFunctions,
	check: InputValidator,
	channel: string | undefined,
	{ referencesJob }: { referencesJob: boolean },
): Promise<AccountFields> {
	const credentials = await pikaCredentials(context);
	const discord = String(credentials.discordToken ?? '').trim();
	const defaultChannel = String(credentials.discordChannel ?? '').trim();
	if (defaultChannel && !CHANNEL_ID_PATTERN.test(defaultChannel)) {
		check.fail(
			'Discord Channel ID',
			'the credential’s Discord Channel ID is not a Discord channel ID (digits only)',
			`Fix it in the credential, e.g. ${EXAMPLE_CHANNEL_ID}, or leave it empty.`,
		);
	}
	if (channel) return discord && defaultChannel === channel ? { discord, channel } : { channel };
	if (defaultChannel)
		return discord ? { discord, channel: defaultChannel } : { channel: defaultChannel };
	if (!discord) return {};
	if (referencesJob) return { discord };
	return check.fail(
		'Discord Channel ID',
		'the credential has a Discord Token but no Discord Channel ID',
		'useapi.net takes a Discord token only together with the channel it belongs to. Fill in the credential’s Discord Channel ID, clear its Discord Token to let useapi.net pick one of your configured accounts, or pick a Channel in the node’s options.',
	);
}

/** One job submission: which endpoint, its own fields and files, and the shared options. */
export interface JobSubmission {
	path: string;
	fields: Record<string, string | undefined>;
	uploads: UploadSpec[];
	common: SubmitCommon;
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
					...common.account,
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

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	channelLocator,
	maxJobsOption,
	replyRefOption,
	replyUrlOption,
	submitOptions,
} from '../../descriptions/common.description';
import { simplifyField, shapeJobItem } from '../../../shared/simplify';
import type { UploadSpec } from '../../helpers/image';
import type { SubmitCommon } from '../../helpers/submit';
import { readSubmitOptions, submitConcurrency, submitJob } from '../../helpers/submit';
import { InputValidator } from '../../helpers/validation';
import type { PikaOperation } from '../operation';
import { withDisplayOptions } from '../../descriptions/displayOptions';

/** The part of a submission an operation decides: its own fields and files. */
export interface SubmissionContent {
	fields: Record<string, string | undefined>;
	uploads: UploadSpec[];
}

export interface PreparedSubmission extends SubmissionContent {
	common: SubmitCommon;
	simplify: boolean;
}

export interface SubmitOperationSpec {
	/** The operation's value in the node (e.g. `encryptText`). */
	operation: string;
	/** The submit endpoint, e.g. `/v1/pika/encrypt_text`. */
	path: string;
	/** The operation's own fields; the shared Options collection is appended. */
	properties: INodeProperties[];
	/**
	 * Retry presses a button on an existing job: without account fields it runs on that job's
	 * account, and a Discord token alone overrides the job's token (documented for the button
	 * endpoint only).
	 */
	referencesJob?: boolean;
	/** Reads and checks the operation's own fields of one item. Sends nothing. */
	read(
		this: IExecuteFunctions,
		check: InputValidator,
	): SubmissionContent | Promise<SubmissionContent>;
}

/**
 * Builds one of the five submit operations (Create, Animate, Encrypt Text, Encrypt Image,
 * Retry). They differ only in their own fields; options, account selection, waiting,
 * download, queue handling and concurrency are the same for all.
 */
export function submitOperation(spec: SubmitOperationSpec): PikaOperation<PreparedSubmission> {
	const referencesJob = spec.referencesJob === true;
	const sharedOptions = [
		channelLocator({ referencesJob }),
		maxJobsOption,
		replyUrlOption,
		replyRefOption,
	];
	const description = withDisplayOptions(
		{ show: { resource: ['job'], operation: [spec.operation] } },
		[...spec.properties, simplifyField, submitOptions(sharedOptions)],
	);

	async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedSubmission> {
		const check = new InputValidator(this, itemIndex);
		const content = await spec.read.call(this, check);
		return {
			...content,
			common: await readSubmitOptions(this, check, { referencesJob }),
			simplify: this.getNodeParameter('simplify', itemIndex, false) === true,
		};
	}

	async function execute(
		this: IExecuteFunctions,
		prepared: PreparedSubmission,
		itemIndex: number,
	): Promise<INodeExecutionData[]> {
		const { simplify, ...submission } = prepared;
		const job = await submitJob.call(this, {
			path: spec.path,
			...submission,
			itemIndex,
		});
		return [shapeJobItem(job, simplify)];
	}

	return {
		description,
		prepare,
		execute,
		concurrency: (prepared) => submitConcurrency(prepared.map((entry) => entry.common)),
	};
}

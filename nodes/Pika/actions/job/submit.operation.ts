import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	channelLocator,
	maxJobsOption,
	replyRefOption,
	replyUrlOption,
	simplifyField,
	submitOptions,
} from '../../descriptions/common.description';
import type { SubmitCommon, UploadSpec } from '../../helpers/submit';
import { shapeJobItem } from '../../helpers/simplify';
import { readSubmitOptions, submitConcurrency, submitJob } from '../../helpers/submit';
import { InputValidator } from '../../helpers/validation';
import type { PikaOperation } from '../operation';

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
	/** Retry reuses the referenced job's Discord account: no Channel option, no account fields. */
	usesAccount: boolean;
	/** Reads and checks the operation's own fields of one item. Sends nothing. */
	read(this: IExecuteFunctions, check: InputValidator): SubmissionContent;
}

/**
 * Builds one of the five submit operations (Create, Animate, Encrypt Text, Encrypt Image,
 * Retry). They differ only in their own fields; options, account selection, waiting,
 * download, queue handling and concurrency are the same for all.
 */
export function submitOperation(spec: SubmitOperationSpec): PikaOperation<PreparedSubmission> {
	const sharedOptions = spec.usesAccount
		? [channelLocator, maxJobsOption, replyUrlOption, replyRefOption]
		: [maxJobsOption, replyUrlOption, replyRefOption];
	const description = updateDisplayOptions(
		{ show: { resource: ['job'], operation: [spec.operation] } },
		[...spec.properties, simplifyField, submitOptions(sharedOptions)],
	);

	async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedSubmission> {
		const check = new InputValidator(this, itemIndex);
		const content = spec.read.call(this, check);
		return {
			...content,
			common: readSubmitOptions(this, check, { withChannel: spec.usesAccount }),
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
			sendAccount: spec.usesAccount,
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

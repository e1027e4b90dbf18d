import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	jobIdField,
	maxJobsOption,
	replyRefOption,
	replyUrlOption,
	submitOptions,
} from '../../descriptions/common.description';
import type { SubmitCommon } from '../../helpers/submit';
import { readSubmitOptions, submitConcurrency, submitJob } from '../../helpers/submit';
import { InputValidator, JOB_ID_PATTERN } from '../../helpers/validation';
import type { PikaOperation } from '../operation';

/** The API supports only this button; Remix is not available through useapi.net. */
const SUPPORTED_BUTTONS = ['retry'] as const;

const properties: INodeProperties[] = [
	{
		...jobIdField,
		description: 'The jobid of a completed job to run again (Create, Animate, Encrypt or an earlier Retry)',
	},
	{
		displayName: 'Button',
		name: 'button',
		type: 'options',
		default: 'retry',
		options: [
			{
				name: 'Retry',
				value: 'retry',
				description: 'Run the same job again without uploading anything again',
			},
		],
		description:
			'The Discord button to press on the completed job. Retry is the only one the API supports (Remix is not).',
	},
	submitOptions([maxJobsOption, replyUrlOption, replyRefOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['retry'] } },
	properties,
);

interface PreparedRetry extends SubmitCommon {
	jobid: string;
	button: string;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedRetry> {
	const check = new InputValidator(this, itemIndex);
	const jobid = check.identifier('Job ID', this.getNodeParameter('jobId', itemIndex, ''), JOB_ID_PATTERN, 'the jobid of a completed job');
	const button = check.oneOf('Button', this.getNodeParameter('button', itemIndex, 'retry'), SUPPORTED_BUTTONS);
	return { jobid, button, ...readSubmitOptions(this, check, { withChannel: false }) };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedRetry,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { jobid, button, ...common } = prepared;
	const job = await submitJob.call(this, {
		path: '/v1/pika/button',
		fields: { jobid, button },
		uploads: [],
		common,
		sendAccount: false,
		itemIndex,
	});
	return [job];
}

export const retry: PikaOperation<PreparedRetry> = {
	description,
	prepare,
	execute,
	concurrency: submitConcurrency,
};

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	LIMITS,
	channelLocator,
	maxJobsOption,
	optionalImageFields,
	promptField,
	replyRefOption,
	replyUrlOption,
	submitOptions,
} from '../../descriptions/common.description';
import type { SubmitCommon, UploadSpec } from '../../helpers/submit';
import { readOptionalImage, readSubmitOptions, submitConcurrency, submitJob } from '../../helpers/submit';
import { InputValidator } from '../../helpers/validation';
import type { PikaOperation } from '../operation';

const properties: INodeProperties[] = [
	promptField(true, '/create'),
	...optionalImageFields('Start From Image', 'Whether to begin the video with an image from the input item’s binary data'),
	submitOptions([channelLocator, maxJobsOption, replyUrlOption, replyRefOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['create'] } },
	properties,
);

interface PreparedCreate extends SubmitCommon {
	prompt: string;
	image?: UploadSpec;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedCreate> {
	const check = new InputValidator(this, itemIndex);
	const prompt = check.text('Prompt', this.getNodeParameter('prompt', itemIndex, ''), {
		required: true,
		maxLength: LIMITS.prompt,
	});
	const image = readOptionalImage(this, check);
	return { prompt, image, ...readSubmitOptions(this, check, { withChannel: true }) };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedCreate,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { prompt, image, ...common } = prepared;
	const job = await submitJob.call(this, {
		path: '/v1/pika/create',
		fields: { prompt },
		uploads: image ? [image] : [],
		common,
		sendAccount: true,
		itemIndex,
	});
	return [job];
}

export const create: PikaOperation<PreparedCreate> = {
	description,
	prepare,
	execute,
	concurrency: submitConcurrency,
};

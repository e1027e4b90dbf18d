import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	LIMITS,
	binaryInputField,
	channelLocator,
	maxJobsOption,
	promptField,
	replyRefOption,
	replyUrlOption,
	submitOptions,
} from '../../descriptions/common.description';
import type { SubmitCommon, UploadSpec } from '../../helpers/submit';
import { readImageInput, readSubmitOptions, submitConcurrency, submitJob } from '../../helpers/submit';
import { InputValidator } from '../../helpers/validation';
import type { PikaOperation } from '../operation';

const properties: INodeProperties[] = [
	binaryInputField('imageBinaryPropertyName', 'Image Input Field', 'Name of the binary property that holds the image to animate'),
	promptField(false, '/animate'),
	submitOptions([channelLocator, maxJobsOption, replyUrlOption, replyRefOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['animate'] } },
	properties,
);

interface PreparedAnimate extends SubmitCommon {
	prompt: string;
	image: UploadSpec;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedAnimate> {
	const check = new InputValidator(this, itemIndex);
	const image = readImageInput(this, check, {
		parameter: 'imageBinaryPropertyName',
		field: 'image',
		displayName: 'Image Input Field',
	});
	const prompt = check.text('Prompt', this.getNodeParameter('prompt', itemIndex, ''), {
		maxLength: LIMITS.prompt,
	});
	return { prompt, image, ...readSubmitOptions(this, check, { withChannel: true }) };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedAnimate,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { prompt, image, ...common } = prepared;
	const job = await submitJob.call(this, {
		path: '/v1/pika/animate',
		fields: { prompt: prompt.trim() === '' ? undefined : prompt },
		uploads: [image],
		common,
		sendAccount: true,
		itemIndex,
	});
	return [job];
}

export const animate: PikaOperation<PreparedAnimate> = {
	description,
	prepare,
	execute,
	concurrency: submitConcurrency,
};

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	LIMITS,
	channelLocator,
	maxJobsOption,
	replyRefOption,
	replyUrlOption,
	submitOptions,
} from '../../descriptions/common.description';
import type { SubmitCommon, UploadSpec } from '../../helpers/submit';
import { checkImageInput, readSubmitOptions, submitJob } from '../../helpers/submit';
import { InputValidator } from '../../helpers/validation';
import type { PikaOperation } from '../operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		placeholder: 'A cat surfing a wave at sunset, cinematic',
		description: 'What Pika should generate (Pika /create prompt, max 1500 characters)',
	},
	{
		displayName: 'Start From Image',
		name: 'useImage',
		type: 'boolean',
		default: false,
		description: 'Whether to begin the video with an image from the input item’s binary data',
	},
	{
		displayName: 'Image Input Field',
		name: 'imageBinaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		displayOptions: { show: { useImage: [true] } },
		description: 'Name of the binary property that holds the start image',
	},
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
	let image: UploadSpec | undefined;
	if (this.getNodeParameter('useImage', itemIndex, false) === true) {
		const binaryPropertyName = String(this.getNodeParameter('imageBinaryPropertyName', itemIndex, 'data')).trim();
		checkImageInput(this, check, 'Image Input Field', binaryPropertyName);
		image = { field: 'image', itemIndex, binaryPropertyName };
	}
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
	return [{ json: job }];
}

export const create: PikaOperation<PreparedCreate> = { description, prepare, execute };

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	LIMITS,
	binaryInputField,
	channelLocator,
	maxJobsOption,
	optionalImageFields,
	promptField,
	replyRefOption,
	replyUrlOption,
	submitOptions,
} from '../../descriptions/common.description';
import type { SubmitCommon, UploadSpec } from '../../helpers/submit';
import {
	readImageInput,
	readOptionalImage,
	readSubmitOptions,
	submitConcurrency,
	submitJob,
} from '../../helpers/submit';
import { InputValidator } from '../../helpers/validation';
import type { PikaOperation } from '../operation';

const properties: INodeProperties[] = [
	binaryInputField(
		'messageBinaryPropertyName',
		'Message Image Input Field',
		'Name of the binary property that holds the image to hide in the video',
	),
	promptField(true, '/encrypt_image'),
	...optionalImageFields('Use Reference Image', 'Whether to send a second image from the input item’s binary data as a reference image'),
	submitOptions([channelLocator, maxJobsOption, replyUrlOption, replyRefOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['encryptImage'] } },
	properties,
);

interface PreparedEncryptImage extends SubmitCommon {
	message: UploadSpec;
	prompt: string;
	image?: UploadSpec;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedEncryptImage> {
	const check = new InputValidator(this, itemIndex);
	const message = readImageInput(this, check, {
		parameter: 'messageBinaryPropertyName',
		field: 'message',
		displayName: 'Message Image Input Field',
	});
	const prompt = check.text('Prompt', this.getNodeParameter('prompt', itemIndex, ''), {
		required: true,
		maxLength: LIMITS.prompt,
	});
	const image = readOptionalImage(this, check);
	return { message, prompt, image, ...readSubmitOptions(this, check, { withChannel: true }) };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedEncryptImage,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { message, prompt, image, ...common } = prepared;
	const job = await submitJob.call(this, {
		path: '/v1/pika/encrypt_image',
		fields: { prompt },
		uploads: image ? [message, image] : [message],
		common,
		sendAccount: true,
		itemIndex,
	});
	return [job];
}

export const encryptImage: PikaOperation<PreparedEncryptImage> = {
	description,
	prepare,
	execute,
	concurrency: submitConcurrency,
};

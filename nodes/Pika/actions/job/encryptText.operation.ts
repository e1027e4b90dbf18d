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

/** The fonts Pika's /encrypt_text offers; note the space in "SANS SERIF". */
const FONTS = ['MODERN', 'COMICS', 'SANS SERIF', 'BAUHAUS', 'RETRO'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'HELLO',
		description: 'The text to hide in the video (max 20 characters)',
	},
	promptField(true, '/encrypt_text'),
	{
		displayName: 'Font',
		name: 'font',
		type: 'options',
		default: '',
		options: [
			{ name: 'Default', value: '', description: 'Let Pika choose' },
			...FONTS.map((font) => ({ name: font, value: font })),
		],
		description: 'Font of the hidden text',
	},
	...optionalImageFields('Use Reference Image', 'Whether to send an image from the input item’s binary data as a reference image'),
	submitOptions([channelLocator, maxJobsOption, replyUrlOption, replyRefOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['encryptText'] } },
	properties,
);

interface PreparedEncryptText extends SubmitCommon {
	message: string;
	prompt: string;
	font?: string;
	image?: UploadSpec;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedEncryptText> {
	const check = new InputValidator(this, itemIndex);
	const message = check.text('Message', this.getNodeParameter('message', itemIndex, ''), {
		required: true,
		maxLength: LIMITS.message,
	});
	const prompt = check.text('Prompt', this.getNodeParameter('prompt', itemIndex, ''), {
		required: true,
		maxLength: LIMITS.prompt,
	});
	const fontValue = this.getNodeParameter('font', itemIndex, '');
	const font = fontValue === '' ? undefined : check.oneOf('Font', fontValue, FONTS);
	const image = readOptionalImage(this, check);
	return { message, prompt, font, image, ...readSubmitOptions(this, check, { withChannel: true }) };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedEncryptText,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { message, prompt, font, image, ...common } = prepared;
	const job = await submitJob.call(this, {
		path: '/v1/pika/encrypt_text',
		fields: { message, prompt, font },
		uploads: image ? [image] : [],
		common,
		sendAccount: true,
		itemIndex,
	});
	return [job];
}

export const encryptText: PikaOperation<PreparedEncryptText> = {
	description,
	prepare,
	execute,
	concurrency: submitConcurrency,
};

import type { INodeProperties } from 'n8n-workflow';

import type { PikaOperation } from '../operation';
import { animate } from './animate.operation';
import { cancel } from './cancel.operation';
import { create } from './create.operation';
import { encryptImage } from './encryptImage.operation';
import { encryptText } from './encryptText.operation';
import { get } from './get.operation';
import { retry } from './retry.operation';

export const jobOperations: Record<string, PikaOperation<unknown>> = {
	create,
	animate,
	encryptText,
	encryptImage,
	retry,
	get,
	cancel,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [
			{
				name: 'Animate',
				value: 'animate',
				action: 'Animate an image',
				description: 'Turn an image into a video, optionally guided by a prompt (Pika /animate)',
			},
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel a job',
				description: 'Stop a running job',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a video',
				description:
					'Generate a video from a prompt, optionally starting from an image (Pika /create)',
			},
			{
				name: 'Encrypt Image',
				value: 'encryptImage',
				action: 'Encrypt an image into a video',
				description: 'Generate a video that hides an image (Pika /encrypt_image)',
			},
			{
				name: 'Encrypt Text',
				value: 'encryptText',
				action: 'Encrypt text into a video',
				description: 'Generate a video that hides a short text (Pika /encrypt_text)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a job',
				description:
					'Get the status and result of a job, optionally waiting for it and downloading the video',
			},
			{
				name: 'Retry',
				value: 'retry',
				action: 'Retry a job',
				description: 'Run a completed job again with its Retry button',
			},
		],
		default: 'create',
	},
	...Object.values(jobOperations).flatMap((operation) => operation.description),
];

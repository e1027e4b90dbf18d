import type { INodeProperties } from 'n8n-workflow';

import type { PikaOperation } from '../operation';
import { create } from './create.operation';
import { get } from './get.operation';
import { retry } from './retry.operation';

export const jobOperations: Record<string, PikaOperation<unknown>> = { create, retry, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a video',
				description: 'Generate a video from a prompt, optionally starting from an image (Pika /create)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a job',
				description: 'Get the status and result of a job',
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
	...create.description,
	...retry.description,
	...get.description,
];

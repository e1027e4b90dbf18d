import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as job from './actions/job/Job.resource';
import { router } from './actions/router';
import { searchChannels } from './methods/listSearch';

export class Pika implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pika',
		name: 'pika',
		icon: { light: 'file:pika.svg', dark: 'file:pika.dark.svg' },
		group: ['transform'],
		// 1.1 added Simplify (on by default); version 1 nodes keep the full job output.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Generate videos with Pika through the useapi.net API',
		defaults: { name: 'Pika' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'useApiPikaApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Job', value: 'job' },
					{ name: 'Account', value: 'account' },
				],
				default: 'job',
			},
			...job.description,
			...account.description,
		],
	};

	methods = { listSearch: { searchChannels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

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
		icon: { light: 'file:../../icons/pika.svg', dark: 'file:../../icons/pika.dark.svg' },
		group: ['transform'],
		// 1.1 added Simplify (on by default); version 1 nodes keep the full job output.
		version: [1, 1.1],
		// The chosen operation's action name ("Create a video"), as the node picker shows it,
		// instead of raw values ("create: job"). n8n's linter wants a literal here; the node's
		// description test checks that it maps every operation to its action name.
		subtitle:
			'={{ {"animate":"Animate an image","cancel":"Cancel a job","create":"Create a video","encryptImage":"Encrypt an image into a video","encryptText":"Encrypt text into a video","get":"Get a job","retry":"Retry a job","upsert":"Create or update an account","delete":"Delete an account","getAll":"Get many accounts"}[$parameter["operation"]] }}',
		defaultVersion: 1.1,
		description: 'Create, animate and track Pika videos through the useapi.net API',
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

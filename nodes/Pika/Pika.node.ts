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

/**
 * The canvas subtitle: the chosen operation's action name ("Create a video"), the words the node
 * picker showed, instead of raw values ("create: job"). Built from the operation lists so the two
 * can never disagree; operation values are unique across resources.
 */
function actionSubtitle(): string {
	const actions: Record<string, string> = {};
	for (const property of [...job.description, ...account.description]) {
		if (property.name !== 'operation') continue;
		for (const option of property.options ?? [])
			if ('value' in option && 'action' in option && typeof option.action === 'string')
				actions[String(option.value)] = option.action;
	}
	return `={{ ${JSON.stringify(actions)}[$parameter["operation"]] }}`;
}

export class Pika implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pika',
		name: 'pika',
		icon: { light: 'file:pika.svg', dark: 'file:pika.dark.svg' },
		group: ['transform'],
		// 1.1 added Simplify (on by default); version 1 nodes keep the full job output.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: actionSubtitle(),
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

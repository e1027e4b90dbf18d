import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/common.description';
import { withDisplayOptions } from '../../descriptions/displayOptions';
import { LIMITS } from '../../../shared/constants';
import { batchingOption } from '../../helpers/batching';
import { InputValidator } from '../../helpers/validation';
import { pikaApiRequest, pikaCredentials } from '../../../shared/transport';
import type { PikaOperation } from '../operation';
import { accountChannelField, readAccountChannel } from './common';

const properties: INodeProperties[] = [
	accountChannelField,
	{
		displayName: 'Max Jobs',
		name: 'maxJobs',
		type: 'number',
		required: true,
		typeOptions: { minValue: LIMITS.maxJobsMin, maxValue: LIMITS.maxJobsMax, numberPrecision: 0 },
		default: 10,
		description: 'How many jobs may run at once on this account (1–10)',
	},
	{
		displayName: 'Discord Token Source',
		name: 'discordTokenSource',
		type: 'options',
		default: 'credential',
		description: 'Where the Discord token of the account comes from',
		options: [
			{
				name: 'From Credential',
				value: 'credential',
				description: 'Use the Discord Token saved in the Pika (useapi.net) credential',
			},
			{
				name: 'From Field',
				value: 'field',
				description: 'Take it from an expression, e.g. a value of the input item',
			},
		],
	},
	{
		displayName: 'Discord Token',
		name: 'discordToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		displayOptions: { show: { discordTokenSource: ['field'] } },
		description:
			'The Discord token of the account. Prefer an expression or the credential: a token typed here is saved in the workflow.',
	},
	optionsCollection([batchingOption]),
];

export const description = withDisplayOptions(
	{ show: { resource: ['account'], operation: ['upsert'] } },
	properties,
);

interface PreparedUpsert {
	channel: string;
	maxJobs: number;
	discordFromField?: string;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedUpsert> {
	const check = new InputValidator(this, itemIndex);
	const channel = readAccountChannel(this, check, itemIndex);
	const maxJobs =
		check.integer(
			'Max Jobs',
			this.getNodeParameter('maxJobs', itemIndex, 10),
			LIMITS.maxJobsMin,
			LIMITS.maxJobsMax,
		) ?? 10;
	if (this.getNodeParameter('discordTokenSource', itemIndex, 'credential') === 'field') {
		const discordFromField = check
			.text('Discord Token', this.getNodeParameter('discordToken', itemIndex, ''), {
				required: true,
			})
			.trim();
		return { channel, maxJobs, discordFromField };
	}
	return { channel, maxJobs };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedUpsert,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const discord = prepared.discordFromField ?? (await discordFromCredential(this, itemIndex));
	await pikaApiRequest.call(this, {
		method: 'POST',
		path: `/v1/pika/account/${encodeURIComponent(prepared.channel)}`,
		body: { discord, channel: prepared.channel, maxJobs: prepared.maxJobs },
		// Saving a configuration twice leaves the same configuration: safe to repeat.
		retry: { createsJob: false },
		itemIndex,
	});
	return [{ json: { channel: prepared.channel, maxJobs: prepared.maxJobs, saved: true } }];
}

async function discordFromCredential(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<string> {
	const credentials = await pikaCredentials(context);
	const discord = String(credentials.discordToken ?? '').trim();
	if (!discord) {
		new InputValidator(context, itemIndex).fail(
			'Discord Token Source',
			'the credential has no Discord Token',
			'Add the Discord token to the Pika (useapi.net) credential, or choose "From Field".',
		);
	}
	return discord;
}

export const upsert: PikaOperation<PreparedUpsert> = {
	description,
	prepare,
	execute,
	batching: true,
};

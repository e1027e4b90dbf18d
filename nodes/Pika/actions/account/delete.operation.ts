import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/common.description';
import { withDisplayOptions } from '../../descriptions/displayOptions';
import { batchingOption } from '../../helpers/batching';
import { InputValidator } from '../../helpers/validation';
import { pikaApiRequest } from '../../../shared/transport';
import type { PikaOperation } from '../operation';
import { accountChannelField, readAccountChannel } from './common';

export const description = withDisplayOptions(
	{ show: { resource: ['account'], operation: ['delete'] } },
	[accountChannelField, optionsCollection([batchingOption])],
);

interface PreparedDelete {
	channel: string;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedDelete> {
	const check = new InputValidator(this, itemIndex);
	const channel = readAccountChannel(this, check, itemIndex);
	return { channel };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedDelete,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	await pikaApiRequest.call(this, {
		method: 'DELETE',
		path: `/v1/pika/account/${encodeURIComponent(prepared.channel)}`,
		retry: { createsJob: false },
		itemIndex,
	});
	return [{ json: { channel: prepared.channel, deleted: true } }];
}

export const deleteAccount: PikaOperation<PreparedDelete> = {
	description,
	prepare,
	execute,
	batching: true,
};

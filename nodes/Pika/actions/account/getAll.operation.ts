import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/common.description';
import { withDisplayOptions } from '../../descriptions/displayOptions';
import { configuredAccounts } from '../../helpers/accounts';
import { batchingOption } from '../../helpers/batching';
import type { PikaOperation } from '../operation';

export const description: INodeProperties[] = withDisplayOptions(
	{ show: { resource: ['account'], operation: ['getAll'] } },
	[optionsCollection([batchingOption])],
);

async function prepare(this: IExecuteFunctions): Promise<null> {
	return null;
}

/** One item per configured Pika account; none configured means no items, not an error. */
async function execute(
	this: IExecuteFunctions,
	_prepared: null,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const accounts = await configuredAccounts(this, itemIndex);
	return accounts.map((account) => ({ json: account }));
}

export const getAll: PikaOperation<null> = { description, prepare, execute, batching: true };

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { maskSecret } from '../../helpers/mask';
import { pikaApiRequest } from '../../transport';
import type { PikaOperation } from '../operation';

export const description: INodeProperties[] = [];

async function prepare(this: IExecuteFunctions): Promise<null> {
	return null;
}

/**
 * One item per configured Pika account. "Configuration not found" (404) means there are
 * none: no items, not an error.
 */
async function execute(
	this: IExecuteFunctions,
	_prepared: null,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	let accounts: IDataObject;
	try {
		accounts = await pikaApiRequest.call(this, { method: 'GET', path: '/v1/pika/account', itemIndex });
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return [];
		throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject);
	}
	return Object.values(accounts)
		.filter((account): account is IDataObject => typeof account === 'object' && account !== null)
		.map((account) => ({
			json: typeof account.discord === 'string' ? { ...account, discord: maskSecret(account.discord) } : account,
		}));
}

export const getMany: PikaOperation<null> = { description, prepare, execute };

import type { INodeProperties } from 'n8n-workflow';

import type { PikaOperation } from '../operation';
import { deleteAccount } from './delete.operation';
import { getAll } from './getAll.operation';
import { upsert } from './upsert.operation';

export const accountOperations: Record<string, PikaOperation<unknown>> = {
	getAll,
	upsert,
	// `delete` is a reserved word, so its export cannot carry the operation's name.
	delete: deleteAccount,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update an account',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete an account',
				description: 'Remove a Pika channel configuration from useapi.net',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many accounts',
				description: 'List the Pika accounts configured on useapi.net (Discord tokens masked)',
			},
		],
		default: 'getAll',
	},
	...Object.values(accountOperations).flatMap((operation) => operation.description),
];

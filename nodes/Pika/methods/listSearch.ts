import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { pikaApiRequest } from '../transport';

/**
 * The configured Pika accounts (GET /v1/pika/account), one per Discord channel.
 * The API answers 404 "Configuration not found" when there are none: an empty list.
 */
export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	let accounts: IDataObject;
	try {
		accounts = await pikaApiRequest.call(this, { method: 'GET', path: '/v1/pika/account' });
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') {
			return { results: [{ name: 'No Accounts Configured: Add One With Account › Create or Update', value: '' }] };
		}
		throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject);
	}
	const needle = (filter ?? '').toLowerCase();
	const results = Object.values(accounts)
		.filter((account): account is IDataObject => typeof account === 'object' && account !== null)
		.map((account) => ({
			name: `Channel ${String(account.channel)} (max ${String(account.maxJobs ?? 10)} jobs)`,
			value: String(account.channel),
		}))
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle));
	return { results };
}

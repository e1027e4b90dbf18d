import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { configuredAccounts } from '../helpers/accounts';

/** The configured Pika accounts to pick a channel from; a hint entry when there are none. */
export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const accounts = await configuredAccounts(this);
	if (accounts.length === 0) {
		return {
			results: [
				{ name: 'No Accounts Configured: Add One With Account › Create or Update', value: '' },
			],
		};
	}
	const needle = (filter ?? '').toLowerCase();
	const results = accounts
		.map((account) => ({
			name: `Channel ${String(account.channel)} (max ${String(account.maxJobs ?? 10)} jobs)`,
			value: String(account.channel),
		}))
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle));
	return { results };
}

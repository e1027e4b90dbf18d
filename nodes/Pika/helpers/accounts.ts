import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { PikaApiContext } from '../../shared/transport';
import { pikaApiRequest } from '../../shared/transport';

/**
 * The configured Pika accounts (GET /v1/pika/account), one per Discord channel, their
 * Discord tokens masked. The API answers 404 "Configuration not found" when there are
 * none: an empty list, not an error.
 */
export async function configuredAccounts(
	context: PikaApiContext,
	itemIndex?: number,
): Promise<IDataObject[]> {
	let accounts: IDataObject;
	try {
		accounts = await pikaApiRequest.call(context, {
			method: 'GET',
			path: '/v1/pika/account',
			itemIndex,
		});
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return [];
		throw error instanceof NodeApiError
			? error
			: new NodeApiError(context.getNode(), error as JsonObject);
	}
	return Object.values(accounts)
		.filter((account): account is IDataObject => typeof account === 'object' && account !== null)
		.map((account) =>
			typeof account.discord === 'string'
				? { ...account, discord: maskSecret(account.discord) }
				: account,
		);
}

/**
 * Masks a Discord token the way useapi.net does: the first 3 and the last 3 characters.
 * A second line of defence, so a token never reaches the workflow's data even if the API
 * were to send it in clear.
 */
function maskSecret(value: string): string {
	if (value === '') return value;
	if (value.includes('…secured…')) return value;
	if (value.length <= 8) return '…secured…';
	return `${value.slice(0, 3)}…secured…${value.slice(-3)}`;
}

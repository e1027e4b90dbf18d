import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/** Every n8n context the package talks to the API from. */
export type PikaApiContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export const CREDENTIAL_TYPE = 'useApiPikaApi';

export const DEFAULT_BASE_URL = 'https://api.useapi.net';

/** The execution's cancel signal, where the context has one (only executions can be cancelled). */
export function cancelSignalOf(context: PikaApiContext): AbortSignal | undefined {
	if ('getExecutionCancelSignal' in context) return context.getExecutionCancelSignal();
	return undefined;
}

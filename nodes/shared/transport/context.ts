import type {
	ICredentialDataDecryptedObject,
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

export { DEFAULT_BASE_URL } from '../constants';

/** The execution's cancel signal, where the context has one (only executions can be cancelled). */
export function cancelSignalOf(context: PikaApiContext): AbortSignal | undefined {
	if ('getExecutionCancelSignal' in context) return context.getExecutionCancelSignal();
	return undefined;
}

const credentialsByContext = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

/**
 * The credential, read once per node run: each getCredentials() call makes n8n load and
 * decrypt it again, which for a thousand items is most of the node's own CPU time.
 */
export async function pikaCredentials(
	context: PikaApiContext,
): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialsByContext.get(context);
	if (!credentials) {
		credentials = context.getCredentials(CREDENTIAL_TYPE);
		credentialsByContext.set(context, credentials);
		credentials.catch(() => credentialsByContext.delete(context)); // a failure is not cached
	}
	return await credentials;
}

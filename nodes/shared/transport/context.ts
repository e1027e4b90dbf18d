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

/**
 * How long the trigger's callbacks share one read of the credential. Each callback is a new
 * context, so pikaCredentials alone made n8n load and decrypt the credential from its database
 * for every one: in a burst, one database round trip per callback while the pool is busiest.
 */
export const SHARED_CREDENTIAL_MS = 10_000;

const sharedReads = new Map<
	string,
	{ readAt: number; data: Promise<ICredentialDataDecryptedObject> }
>();

/**
 * Makes this webhook context use the credential read by an earlier callback of the same node
 * (same workflow, node and credential id) when that read started less than
 * SHARED_CREDENTIAL_MS ago; otherwise reads it now and shares that read. Returns whether the
 * data came from an earlier callback.
 *
 * A changed credential is never used stale beyond that window: an entry is not served once its
 * time is up, whatever happens. Within it, the caller reads again with `fresh` when the API
 * refuses the shared token (callback.ts does on a 401), so a changed token costs one refused GET.
 * Keyed by workflow and node too, so a read is shared only with the node that made it, never
 * across workflows whose access to the credential n8n decides separately. A failed read is not
 * shared. Each context gets its own copy of the data: n8n may write into the object it is given.
 */
export async function useSharedCredentials(
	context: IWebhookFunctions,
	fresh = false,
): Promise<boolean> {
	const node = context.getNode();
	const id = node.credentials?.[CREDENTIAL_TYPE]?.id;
	if (!id) return false; // nothing to key on: pikaCredentials reads it for this context
	const now = Date.now();
	// Expired reads are dropped, not only skipped: no decrypted token stays in memory for long.
	for (const [key, read] of sharedReads)
		if (now - read.readAt >= SHARED_CREDENTIAL_MS) sharedReads.delete(key);
	const key = JSON.stringify([context.getWorkflow().id ?? '', node.name, id]);
	const earlier = fresh ? undefined : sharedReads.get(key);
	const read = earlier ?? { readAt: now, data: context.getCredentials(CREDENTIAL_TYPE) };
	if (!earlier) {
		sharedReads.set(key, read);
		read.data.catch(() => {
			if (sharedReads.get(key) === read) sharedReads.delete(key);
		});
	}
	const copy = read.data.then((data) => ({ ...data }));
	credentialsByContext.set(context, copy);
	await copy;
	return earlier !== undefined;
}

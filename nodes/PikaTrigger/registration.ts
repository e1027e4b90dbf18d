import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { LIMITS } from '../Pika/descriptions/common.description';
import { pikaApiRequest } from '../Pika/transport';
import type { RegistrationMode } from './description';
import { newToken, TOKEN_PARAMETER } from './secret';

/**
 * One registration of this node as the account's default replyUrl, kept in the node's
 * static data under the webhook URL it was made for (the production and the test URL of
 * the same node are two registrations: "Listen for test event" may run while the
 * workflow is active).
 */
export interface Registration {
	/** The secret carried by the registered URL. */
	token: string;
	/** The account's replyUrl before this node took over; '' when there was none (or it is unknown). */
	previousReplyUrl: string;
	registeredAt: string;
	/** Made by "Listen for test event" (the test URL) rather than by activation. */
	test?: boolean;
}

type Registrations = Record<string, Registration>;

const ACCOUNT_PATH = '/v2/account';

/** Node static data: `{ registrations: { [webhookUrl]: Registration } }`. */
function registrationsOf(context: IHookFunctions | IWebhookFunctions): Registrations {
	const stored = context.getWorkflowStaticData('node').registrations;
	return stored !== null && typeof stored === 'object' ? { ...(stored as Registrations) } : {};
}

/**
 * Static data is written only here, from create and delete: n8n saves it after activation
 * and deactivation, but not reliably after webhook() runs. The whole `registrations`
 * object is replaced so that n8n's change tracking (top-level keys) sees the write.
 */
function saveRegistrations(context: IHookFunctions, registrations: Registrations): void {
	context.getWorkflowStaticData('node').registrations = registrations as unknown as IDataObject;
}

/** Every registration the node holds (production and test); webhook() accepts any of their tokens. */
export function storedRegistrations(context: IWebhookFunctions): Registration[] {
	return Object.values(registrationsOf(context)).filter(
		(entry) => typeof entry?.token === 'string' && entry.token !== '',
	);
}

export function registeredUrl(webhookUrl: string, registration: Registration): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(TOKEN_PARAMETER, registration.token);
	return url.toString();
}

function webhookUrlOf(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(
			context.getNode(),
			'n8n did not provide a webhook URL for this node',
		);
	}
	return url;
}

async function currentReplyUrl(context: IHookFunctions): Promise<string> {
	const account = await pikaApiRequest.call(context, { method: 'GET', path: ACCOUNT_PATH });
	return typeof account.replyUrl === 'string' ? account.replyUrl : '';
}

async function setReplyUrl(context: IHookFunctions, replyUrl: string): Promise<void> {
	// '' clears the account default; POST /v2/account answers 204.
	// Setting the same value twice changes nothing: safe to send again after a lost answer.
	await pikaApiRequest.call(context, {
		method: 'POST',
		path: ACCOUNT_PATH,
		body: { replyUrl },
		retry: { createsJob: false },
	});
}

function modeOf(context: IHookFunctions): RegistrationMode {
	return context.getNodeParameter('registration', 'automatic') === 'manual'
		? 'manual'
		: 'automatic';
}

/** Same URL, whatever the token: a registration of this very webhook whose record was lost. */
function isThisWebhook(candidate: string, webhookUrl: string): boolean {
	try {
		const url = new URL(candidate);
		url.search = '';
		const own = new URL(webhookUrl);
		own.search = '';
		return url.toString() === own.toString();
	} catch {
		// Not a URL at all (someone stored junk): certainly not ours.
		return false;
	}
}

/** checkExists: true when the account already points at this node's registered URL. */
export async function isRegistered(context: IHookFunctions): Promise<boolean> {
	if (modeOf(context) === 'manual') return true; // nothing to register
	const webhookUrl = webhookUrlOf(context);
	const registration = registrationsOf(context)[webhookUrl];
	if (!registration) return false;
	return (await currentReplyUrl(context)) === registeredUrl(webhookUrl, registration);
}

/** create: point the account's default replyUrl at this node, remembering what was there. */
export async function register(context: IHookFunctions): Promise<boolean> {
	const webhookUrl = webhookUrlOf(context);
	const test = context.getActivationMode() === 'manual'; // "Listen for test event"
	const registrations = registrationsOf(context);
	const current = await currentReplyUrl(context);

	// Records this registration replaces: its own earlier one and, for production, one left
	// under an older webhook base URL (a node has one production URL at a time). Test
	// records never replace production ones: a test may run while the workflow is active.
	const replaced = Object.keys(registrations).filter(
		(url) => url === webhookUrl || (!test && registrations[url].test !== true),
	);
	const registration: Registration = {
		token: newToken(),
		previousReplyUrl: previousValue(current, webhookUrl, replaced, registrations),
		registeredAt: new Date().toISOString(),
		test,
	};
	const target = registeredUrl(webhookUrl, registration);
	if (target.length > LIMITS.replyUrl) {
		throw new NodeOperationError(
			context.getNode(),
			`This node's webhook URL is longer than the ${LIMITS.replyUrl} characters useapi.net accepts as replyUrl`,
			{ description: 'Use a shorter n8n webhook base URL (WEBHOOK_URL), or Manual registration.' },
		);
	}
	await setReplyUrl(context, target);
	for (const url of replaced) delete registrations[url];
	saveRegistrations(context, { ...registrations, [webhookUrl]: registration });
	return true;
}

/**
 * What deactivation should restore. After n8n was stopped without deactivating (no delete
 * ran), the account may still point at this node: that value is ours, not the user's, so
 * the value from before the first registration is carried over instead.
 */
function previousValue(
	current: string,
	webhookUrl: string,
	replaced: string[],
	registrations: Registrations,
): string {
	const ours = replaced.find((url) => current === registeredUrl(url, registrations[url]));
	if (ours !== undefined) return registrations[ours].previousReplyUrl;
	// Our URL with a token we do not know (its record was lost): the original is unknown
	// unless an earlier record of this URL still has it.
	if (isThisWebhook(current, webhookUrl)) return registrations[webhookUrl]?.previousReplyUrl ?? '';
	return current;
}

/**
 * delete: put the previous replyUrl back, but only while the account still points at this
 * node: a value someone set in the meantime is theirs to keep.
 */
export async function unregister(context: IHookFunctions): Promise<boolean> {
	// Acts on what was registered, whatever the Registration parameter says now.
	const webhookUrl = webhookUrlOf(context);
	const registrations = registrationsOf(context);
	const registration = registrations[webhookUrl];
	if (!registration) return true;
	if ((await currentReplyUrl(context)) === registeredUrl(webhookUrl, registration)) {
		await setReplyUrl(context, registration.previousReplyUrl);
	}
	delete registrations[webhookUrl];
	saveRegistrations(context, registrations);
	return true;
}

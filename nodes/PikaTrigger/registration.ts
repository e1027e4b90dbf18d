import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { LIMITS } from '../shared/constants';
import { pikaApiRequest } from '../shared/transport';
import type { RegistrationMode } from './description';
import { assertNotOtherTriggers, isSameNode, WORKFLOW_PARAMETER } from './otherTrigger';
import { newToken, RETIRED_TOKEN_GRACE_MS, TOKEN_PARAMETER, tokensEqual } from './secret';

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
	/**
	 * Set when the registration ended. The record is kept for RETIRED_TOKEN_GRACE_MS: jobs
	 * created before still call back with its token, and a new registration of the same URL
	 * reuses it. Static data is read from the database by whichever process handles the
	 * callback, so this works across restarts and in queue mode.
	 */
	retiredAt?: string;
}

type Registrations = Record<string, Registration>;

const ACCOUNT_PATH = '/v2/account';

/** Node static data: `{ registrations: { [webhookUrl]: Registration } }`. */
function registrationsOf(context: IHookFunctions | IWebhookFunctions): Registrations {
	const stored = context.getWorkflowStaticData('node').registrations;
	if (stored === null || typeof stored !== 'object') return {};
	const valid: Registrations = {};
	for (const [url, entry] of Object.entries(stored as Registrations)) {
		if (typeof entry?.token === 'string' && entry.token !== '') valid[url] = entry;
	}
	return valid;
}

/**
 * Static data is written only here, from create and delete: n8n saves it after activation
 * and deactivation, but not reliably after webhook() runs. The whole `registrations`
 * object is replaced so that n8n's change tracking (top-level keys) sees the write.
 */
function saveRegistrations(context: IHookFunctions, registrations: Registrations): void {
	context.getWorkflowStaticData('node').registrations = registrations as unknown as IDataObject;
}

function isLive(registration: Registration): boolean {
	return registration.retiredAt === undefined;
}

/** Live, or retired less than RETIRED_TOKEN_GRACE_MS ago (an unreadable date counts as expired). */
function withinGrace(registration: Registration, now: number): boolean {
	if (isLive(registration)) return true;
	const retiredAt = Date.parse(registration.retiredAt ?? '');
	return Number.isFinite(retiredAt) && now - retiredAt <= RETIRED_TOKEN_GRACE_MS;
}

/** The records whose tokens are still accepted; the others are dropped for good. */
function unexpired(registrations: Registrations, now: number): Registrations {
	return Object.fromEntries(
		Object.entries(registrations).filter(([, entry]) => withinGrace(entry, now)),
	);
}

/** Tokens webhook() accepts: of live registrations (production and test) and recently retired ones. */
export function acceptedTokens(context: IWebhookFunctions): string[] {
	return Object.values(unexpired(registrationsOf(context), Date.now())).map((r) => r.token);
}

/** Every token the node still stores, accepted or not: none of them may reach the output. */
export function storedTokens(context: IWebhookFunctions): string[] {
	return Object.values(registrationsOf(context)).map((r) => r.token);
}

function registeredUrl(context: IHookFunctions, webhookUrl: string, token: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(TOKEN_PARAMETER, token);
	const workflowId = context.getWorkflow().id;
	if (workflowId) url.searchParams.set(WORKFLOW_PARAMETER, workflowId);
	return url.toString();
}

/** Whether `candidate` is `webhookUrl` carrying `token` (whatever other parameters it has). */
function pointsAt(candidate: string, webhookUrl: string, token: string): boolean {
	return isThisWebhook(candidate, webhookUrl) && tokensEqual(tokenOf(candidate), token);
}

function tokenOf(url: string): string {
	try {
		return new URL(url).searchParams.get(TOKEN_PARAMETER) ?? '';
	} catch {
		return '';
	}
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

/** Same URL, whatever the query: a registration of this very webhook. */
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

/** checkExists: true when the account already points at this node's live registration. */
export async function isRegistered(context: IHookFunctions): Promise<boolean> {
	if (modeOf(context) === 'manual') return true; // nothing to register
	const webhookUrl = webhookUrlOf(context);
	const registration = registrationsOf(context)[webhookUrl];
	if (!registration || !isLive(registration)) return false;
	return pointsAt(await currentReplyUrl(context), webhookUrl, registration.token);
}

/** create: point the account's default replyUrl at this node, remembering what was there. */
export async function register(context: IHookFunctions): Promise<boolean> {
	const now = Date.now();
	const webhookUrl = webhookUrlOf(context);
	const test = context.getActivationMode() === 'manual'; // "Listen for test event"
	const registrations = unexpired(registrationsOf(context), now);
	const current = await currentReplyUrl(context);
	assertNotOtherTriggers(
		context,
		current,
		webhookUrl,
		Object.values(registrations).map((r) => r.token),
	);

	// Live records this registration replaces: for production, one left under an older
	// webhook base URL (a node has one production URL at a time). Test records never replace
	// production ones: a test may run while the workflow is active.
	const replaced = Object.keys(registrations).filter(
		(url) => url !== webhookUrl && !test && isLive(registrations[url]) && !registrations[url].test,
	);
	const earlier = registrations[webhookUrl];
	const registration: Registration = {
		// The same URL keeps its token: jobs created under an earlier registration still carry it.
		token: earlier?.token ?? newToken(),
		previousReplyUrl: previousValue(
			current,
			webhookUrl,
			[webhookUrl, ...replaced],
			registrations,
			test,
		),
		registeredAt: new Date(now).toISOString(),
		test,
	};
	const target = registeredUrl(context, webhookUrl, registration.token);
	if (target.length > LIMITS.replyUrl) {
		throw new NodeOperationError(
			context.getNode(),
			`This node's webhook URL is longer than the ${LIMITS.replyUrl} characters useapi.net accepts as replyUrl`,
			{ description: 'Use a shorter n8n webhook base URL (WEBHOOK_URL), or Manual registration.' },
		);
	}
	if (current !== target) await setReplyUrl(context, target);
	for (const url of replaced) {
		registrations[url] = { ...registrations[url], retiredAt: new Date(now).toISOString() };
	}
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
	candidates: string[],
	registrations: Registrations,
	test: boolean,
): string {
	const ours = candidates.find(
		(url) => registrations[url] && pointsAt(current, url, registrations[url].token),
	);
	if (ours !== undefined) return registrations[ours].previousReplyUrl;
	// Our URL with a token we do not know (its record was lost), or, for production, the test
	// URL of a listen that n8n never ended (killed meanwhile): the original is unknown unless an
	// earlier record of this URL still has it. A test listen keeps production as its previous.
	const leftOver = test ? isThisWebhook(current, webhookUrl) : isSameNode(current, webhookUrl);
	if (leftOver) return registrations[webhookUrl]?.previousReplyUrl ?? '';
	return current;
}

/**
 * delete: put the previous replyUrl back, but only while the account still points at this
 * node: a value someone set in the meantime is theirs to keep. The token is retired, not
 * forgotten: callbacks of jobs created until now are still accepted for a while.
 */
export async function unregister(context: IHookFunctions): Promise<boolean> {
	// Acts on what was registered, whatever the Registration parameter says now.
	const now = Date.now();
	const webhookUrl = webhookUrlOf(context);
	const registrations = unexpired(registrationsOf(context), now);
	const registration = registrations[webhookUrl];
	if (!registration || !isLive(registration)) return true;
	const current = await currentReplyUrl(context);
	// Production also takes back the account from its own test URL: a listen still running,
	// or one whose end n8n never ran, would otherwise restore production after deactivation.
	const ours =
		registration.test === true
			? pointsAt(current, webhookUrl, registration.token)
			: isSameNode(current, webhookUrl);
	if (ours) await setReplyUrl(context, registration.previousReplyUrl);
	registrations[webhookUrl] = { ...registration, retiredAt: new Date(now).toISOString() };
	saveRegistrations(context, registrations);
	return true;
}

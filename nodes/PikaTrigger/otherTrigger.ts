import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { oneOfTokens, TOKEN_PARAMETER } from './secret';

/**
 * Query parameter naming the workflow of the trigger that registered the URL: useapi.net has
 * one default replyUrl per account, and a second trigger must be able to say whose it is.
 */
export const WORKFLOW_PARAMETER = 'workflow';

/** The last path segment of every Pika Trigger webhook (its description's `path`). */
const TRIGGER_PATH_END = 'webhook';

/** `<webhookId>/webhook`: the part of the URL that is the node's, whatever the base URL or prefix. */
function nodePathOf(url: URL): string {
	return url.pathname.split('/').filter(Boolean).slice(-2).join('/');
}

/** Whether `candidate` is a URL of the node `webhookUrl` belongs to: production or test, any base URL. */
export function isSameNode(candidate: string, webhookUrl: string): boolean {
	try {
		return nodePathOf(new URL(candidate)) === nodePathOf(new URL(webhookUrl));
	} catch {
		return false; // not a URL: nobody's registration
	}
}

/**
 * The account's replyUrl when it was registered by another Pika Trigger (another node, in
 * this or another workflow, on this or another n8n), else undefined. Our own URL under any
 * base URL, with any token (a record may have been lost), is not another trigger's.
 */
function otherTriggerUrl(
	current: string,
	webhookUrl: string,
	ownTokens: string[],
): URL | undefined {
	let url: URL;
	try {
		url = new URL(current);
	} catch {
		return undefined; // not a URL: nobody's registration
	}
	const token = url.searchParams.get(TOKEN_PARAMETER);
	if (!token || url.pathname.split('/').pop() !== TRIGGER_PATH_END) return undefined;
	if (isSameNode(current, webhookUrl)) return undefined;
	return oneOfTokens(token, ownTokens) ? undefined : url;
}

/**
 * Refuses to take the account's default over from another Pika Trigger: that trigger would
 * silently stop receiving new jobs, and whichever is deactivated last would put a dead URL
 * back. "Take Over Another Trigger's Registration" lifts this (e.g. when the other one is gone).
 */
export function assertNotOtherTriggers(
	context: IHookFunctions,
	current: string,
	webhookUrl: string,
	ownTokens: string[],
): void {
	const other = otherTriggerUrl(current, webhookUrl, ownTokens);
	if (!other) return;
	const options = context.getNodeParameter('options', {}) as { takeOver?: unknown };
	if (options.takeOver === true) return;
	const workflowId = other.searchParams.get(WORKFLOW_PARAMETER) ?? '';
	const owner =
		workflowId === ''
			? 'another Pika Trigger'
			: workflowId === context.getWorkflow().id
				? 'another Pika Trigger in this workflow'
				: `the Pika Trigger of workflow ${workflowId}`;
	throw new NodeOperationError(
		context.getNode(),
		`The default Reply URL of this useapi.net account belongs to ${owner}`,
		{
			description:
				'useapi.net has one default Reply URL per account, so one Automatic Pika Trigger per account receives its jobs. ' +
				`Deactivate the other one first (its workflow is at /workflow/${workflowId || '<id>'} in n8n), ` +
				'use Manual registration here, or, if the other trigger no longer runs, turn on the option "Take Over Another Trigger\'s Registration".',
		},
	);
}

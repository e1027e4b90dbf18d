import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../shared/simplify';

/** The verbs of Pika jobs as the API names them; every other useapi.net service uses other verbs. */
export const PIKA_VERBS = [
	'pika-create',
	'pika-animate',
	'pika-button',
	'pika-encrypt_text',
	'pika-encrypt_image',
] as const;

export type RegistrationMode = 'automatic' | 'manual';

export const properties: INodeProperties[] = [
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatic',
				value: 'automatic',
				description:
					"Make this node the useapi.net account's default Reply URL while the workflow is published (active)",
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Register nothing: pass this node’s URL as Reply URL on the jobs yourself',
			},
		],
		default: 'automatic',
	},
	{
		// What publishing changes, at a glance; every detail (test listens, restarts, tokens, other
		// services) is on the linked page. The link is derived from the project home
		// (`npm run project-home -- --write`). Uninstalling the package is named because n8n's
		// Uninstall leaves the workflow published and runs no code of the node: the account would
		// keep pointing at a URL that no longer answers.
		displayName:
			'While this workflow is published (n8n 1.x: active) or tested, it is your useapi.net account’s <b>default Reply URL</b>: jobs created without a Reply URL, by any useapi.net service, report here. <b>Unpublish before uninstalling this package</b>: unpublishing puts the previous value back, uninstalling does not. <a href="https://github.com/n8n-nodes-useapi-pika/n8n-nodes-useapi-pika/blob/main/docs/pika-trigger.md" target="_blank">How it works</a>',
		name: 'automaticNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['automatic'] } },
	},
	{
		displayName:
			'Nothing is registered on your useapi.net account. Copy this node’s <b>Production URL</b> (from "Webhook URLs" above) into the <b>Reply URL</b> option of the Pika node’s submit operations (Create, Animate, Encrypt Text, Encrypt Image, Retry). Keep "Verify With API" on: anyone who knows the URL can post to it.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		// "Trigger On" is the name n8n's node picker looks for: each option becomes one of the
		// trigger's events there ("On job completed", …), instead of "On new Pika event".
		displayName: 'Trigger On',
		name: 'statuses',
		type: 'multiOptions',
		options: [
			{ name: 'Job Cancelled', value: 'cancelled', description: 'A job was cancelled' },
			{
				name: 'Job Completed',
				value: 'completed',
				description: 'A job finished and its video is ready',
			},
			{ name: 'Job Failed', value: 'failed', description: 'A job ended with an error' },
			{
				name: 'Job Moderated',
				value: 'moderated',
				description: 'Pika refused the job’s prompt or image (content moderation)',
			},
		],
		default: ['completed'],
		description: 'Start the workflow when a job ends in one of these ways (its status)',
	},
	{
		displayName: 'Job Types',
		name: 'verbs',
		type: 'multiOptions',
		options: [
			{ name: 'Animate', value: 'pika-animate' },
			{ name: 'Create', value: 'pika-create' },
			{ name: 'Encrypt Image', value: 'pika-encrypt_image' },
			{ name: 'Encrypt Text', value: 'pika-encrypt_text' },
			{ name: 'Retry (Button)', value: 'pika-button' },
		],
		default: [...PIKA_VERBS],
		description: 'Start the workflow only for jobs of these kinds (the job’s "verb")',
	},
	{
		displayName: 'Verify With API',
		name: 'verifyWithApi',
		type: 'boolean',
		default: true,
		description:
			'Whether to read the job from useapi.net before starting the workflow. The API does not sign callbacks: verifying rejects job IDs it does not know and outputs its own copy of the job instead of the posted one.',
	},
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Reply Reference',
				name: 'replyRef',
				type: 'string',
				default: '',
				description:
					'Start the workflow only for jobs whose Reply Reference (replyRef) matches this value',
			},
			{
				displayName: 'Reply Reference Match',
				name: 'replyRefMatch',
				type: 'options',
				options: [
					{ name: 'Exact', value: 'exact' },
					{ name: 'Starts With', value: 'prefix' },
				],
				default: 'exact',
				description: 'How Reply Reference is compared with the job’s replyRef',
			},
			{
				displayName: "Take Over Another Trigger's Registration",
				name: 'takeOver',
				type: 'boolean',
				default: false,
				description:
					'Whether to register even when the account’s default Reply URL belongs to another Pika Trigger (Automatic only). Off: activation fails with an error naming that workflow. Turn on only when the other trigger no longer runs: it stops receiving new jobs.',
			},
		],
	},
];

export interface CallbackFilters {
	statuses: string[];
	verbs: string[];
	replyRef: string;
	replyRefMatch: 'exact' | 'prefix';
}

/** Reads the filter parameters; an empty Reply Reference means "any". */
export function filtersFrom(
	statuses: unknown,
	verbs: unknown,
	options: IDataObject,
): CallbackFilters {
	return {
		statuses: Array.isArray(statuses) ? statuses.map(String) : [],
		verbs: Array.isArray(verbs) ? verbs.map(String) : [],
		replyRef: typeof options.replyRef === 'string' ? options.replyRef : '',
		replyRefMatch: options.replyRefMatch === 'prefix' ? 'prefix' : 'exact',
	};
}

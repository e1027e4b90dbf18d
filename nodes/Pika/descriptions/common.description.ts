import type { INodeProperties } from 'n8n-workflow';

/** Limits the API documents (see README, "API limits"). */
export const LIMITS = {
	prompt: 1500,
	message: 20,
	replyUrl: 1024,
	replyRef: 1024,
	maxJobsMin: 1,
	maxJobsMax: 10,
} as const;

export const jobIdField: INodeProperties = {
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'j0115…-u12345-c1190000000000000000-bot:pika',
	description: 'The jobid returned by a Create, Animate, Encrypt or Retry operation',
};

export const channelLocator: INodeProperties = {
	displayName: 'Channel',
	name: 'channel',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		'The Pika account (Discord channel) to run the job on. Leave empty to let useapi.net pick a configured account with free capacity, or to use the Discord token from the credential.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a configured account…',
			typeOptions: { searchListMethod: 'searchChannels', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '1190000000000000000',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\d+$', errorMessage: 'A Discord channel ID has digits only' },
				},
			],
		},
	],
};

export const maxJobsOption: INodeProperties = {
	displayName: 'Max Jobs',
	name: 'maxJobs',
	type: 'number',
	typeOptions: { minValue: LIMITS.maxJobsMin, maxValue: LIMITS.maxJobsMax, numberPrecision: 0 },
	default: 10,
	description:
		'How many jobs may run at once on the channel (1–10). Defaults to the configured account value, else 10.',
};

export const replyUrlOption: INodeProperties = {
	displayName: 'Reply URL',
	name: 'replyUrl',
	type: 'string',
	default: '',
	placeholder: 'https://example.com/webhook/pika',
	description:
		'Callback URL that useapi.net POSTs the finished job to (max 1024 characters). Use the production URL of a Pika Trigger, or {{$execution.resumeUrl}} with a Wait node. Defaults to the account replyUrl.',
};

export const replyRefOption: INodeProperties = {
	displayName: 'Reply Reference',
	name: 'replyRef',
	type: 'string',
	default: '',
	description:
		'Your own reference (max 1024 characters), stored with the job and returned in its results and callbacks',
};

/** The "Options" collection of a submit operation. */
export function submitOptions(fields: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: fields,
	};
}

import type { INodeProperties } from 'n8n-workflow';

import { EXAMPLE_CHANNEL_ID, LIMITS, POLLING, QUEUE_RETRY } from '../../shared/constants';

export function promptField(required: boolean, command: string): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required,
		default: '',
		typeOptions: { rows: 4 },
		placeholder: 'A cat surfing a wave at sunset, cinematic',
		// Shown under the field, so the API's limit is known before the node runs.
		hint: 'At most 1500 characters',
		description: `What Pika should generate (Pika ${command} prompt, max 1500 characters)${required ? '' : '. Optional.'}`,
	};
}

/** A required binary input, e.g. the image to animate. */
export function binaryInputField(
	name: string,
	displayName: string,
	description: string,
): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: 'data', description };
}

/** An optional image: a switch, then the binary property it comes from. */
export function optionalImageFields(switchName: string, description: string): INodeProperties[] {
	return [
		{ displayName: switchName, name: 'useImage', type: 'boolean', default: false, description },
		{
			...binaryInputField(
				'imageBinaryPropertyName',
				'Image Input Field',
				'Name of the binary property that holds the image',
			),
			displayOptions: { show: { useImage: [true] } },
		},
	];
}

export const jobIdField: INodeProperties = {
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'j0115…-u12345-c1190000000000000000-bot:pika',
	description: 'The jobid returned by a Create, Animate, Encrypt or Retry operation',
};

/** The Channel option; on Retry an empty Channel means the referenced job's own account. */
export function channelLocator({ referencesJob }: { referencesJob: boolean }): INodeProperties {
	return {
		displayName: 'Channel',
		name: 'channel',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: referencesJob
			? 'The Pika account (Discord channel) to run the retry on. Leave empty to use the credential’s Discord channel and token if set, else the account of the job being retried.'
			: 'The Pika account (Discord channel) to run the job on. Leave empty to use the credential’s Discord channel and token if set, else to let useapi.net pick a configured account with free capacity.',
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
				placeholder: EXAMPLE_CHANNEL_ID,
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\d+$', errorMessage: 'A Discord channel ID has digits only' },
					},
				],
			},
		],
	};
}

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

export function waitForCompletionOption(displayName = 'Wait for Completion'): INodeProperties {
	return {
		displayName,
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until the job is completed, failed, moderated or cancelled before the node finishes, polling Get Job. Off: the node returns at once with the jobid.',
	};
}

export const completionOptions: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: POLLING.minSeconds, numberPrecision: 0 },
		default: 15, // a literal for the linter; equals POLLING.defaultSeconds
		displayOptions: { show: { waitForCompletion: [true] } },
		description:
			'Seconds between two status checks while waiting (at least 10, as useapi.net asks; it refreshes job status every 15–60 seconds)',
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWait',
		type: 'number',
		typeOptions: { minValue: 0 }, // no fixed precision: 20 shows as "20", 0.5 still allowed
		default: 10, // equals POLLING.defaultMaxWaitMinutes
		description:
			'Longest time to wait for a free job slot (when the queue is full) and for the job to finish. The job keeps running on Pika after that; check it later with Get Job.',
	},
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: false,
		description:
			'Whether to download the finished video into the item’s binary data. Applies once the job is completed (turn on Wait for Completion for new jobs).',
	},
	{
		displayName: 'Put Video in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		displayOptions: { show: { downloadVideo: [true] } },
		description: 'Name of the binary property to put the video in',
	},
];

export const queueOptions: INodeProperties[] = [
	{
		displayName: 'Wait When Queue Is Full',
		name: 'waitWhenQueueFull',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait and submit again when all job slots of the account are busy or Discord rate-limits (HTTP 429), up to Max Wait. Nothing is created by a refused submit, so this never makes a second job. Off: fail at once.',
	},
	{
		displayName: 'Queue Retry Interval (Seconds)',
		name: 'queueRetryInterval',
		type: 'number',
		typeOptions: {
			minValue: QUEUE_RETRY.minSeconds,
			maxValue: QUEUE_RETRY.maxSeconds,
			numberPrecision: 0,
		},
		default: 15, // equals QUEUE_RETRY.defaultSeconds
		displayOptions: { show: { waitWhenQueueFull: [true] } },
		description:
			'Seconds between two submits while the queue is full or Discord rate-limits (10–30, as useapi.net asks). A Discord retry_after longer than this is waited out in full; a shorter one never shortens the wait.',
	},
];

/** An "Options" collection. */
export function optionsCollection(fields: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: fields,
	};
}

/** The options of a submit operation: its own fields, then waiting, download and queue handling. */
export function submitOptions(fields: INodeProperties[]): INodeProperties {
	return optionsCollection([
		...fields,
		waitForCompletionOption(),
		...completionOptions,
		...queueOptions,
	]);
}

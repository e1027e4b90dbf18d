/**
 * The bad-input catalogue: malformed values for every operation that takes input. In each
 * case the bad value comes from the item (`{{ $json.v }}`, or the item's binary data), as it
 * does in a real workflow, so the same parameters run a good item and a bad one side by side.
 */
import type { IBinaryKeyData, INodeParameters } from 'n8n-workflow';

import { binaryProperty } from '../../tools/n8n-core/runNode';
import { PNG } from './setup';

export type OperationName =
	| 'create'
	| 'animate'
	| 'encryptText'
	| 'encryptImage'
	| 'retry'
	| 'get'
	| 'cancel'
	| 'upsert'
	| 'delete';

/** Stands for a real jobid (of a job in the right state) or a configured channel, filled in when the items are built. */
export const EXISTING = Symbol('a real jobid or channel');

export interface BadInput {
	operation: OperationName;
	name: string;
	/** Merged over the operation's own valid parameters. */
	parameters: INodeParameters;
	/** `$json.v` of the bad item and of the good items. */
	bad?: unknown;
	good?: unknown;
	/** Binary data of the bad / good items, when not the operation's usual image. */
	badBinary?: () => Promise<IBinaryKeyData | undefined>;
	goodBinary?: () => Promise<IBinaryKeyData | undefined>;
	field: string;
	problem: RegExp;
}

const V = '={{ $json.v }}';
const image = (bytes: Buffer, fileName: string, mimeType: string) => async () => ({
	data: await binaryProperty(bytes, fileName, mimeType),
});
const png = image(PNG, 'start.png', 'image/png');
const none = async () => undefined;
const longUrl = (length: number) =>
	`https://example.com/${'u'.repeat(length - 'https://example.com/'.length)}`;

/** One case per value, all on the same spot of the same operation. */
function each(
	operation: OperationName,
	parameters: INodeParameters,
	field: string,
	good: unknown,
	values: Array<[label: string, bad: unknown, problem: RegExp]>,
): BadInput[] {
	return values.map(([label, bad, problem]) => ({
		operation,
		name: label,
		parameters,
		bad,
		good,
		field,
		problem,
	}));
}

const notUrl = /must be an http:\/\/ or https:\/\/ URL/;
const notJobId = /is not a valid Job ID/;
const notChannel = (field: string) => new RegExp(`is not a valid ${field}`);
const empty = /must not be empty/;

export const BAD_INPUTS: BadInput[] = [
	// Create: the prompt
	...each('create', { prompt: V }, 'Prompt', 'a fox in the snow', [
		['empty prompt (an expression that resolves to "")', '', empty],
		['whitespace-only prompt', ' \t \r\n  ', empty],
		['prompt of 1501 characters', 'p'.repeat(1501), /at most 1500 characters, got 1501$/],
		// Multipart text travels with CRLF line breaks and the API measures what it receives.
		[
			'prompt of 1500 typed characters with a line break (1501 sent)',
			`first line\n${'x'.repeat(1489)}`,
			/got 1501 \(each line break counts as 2/,
		],
		['prompt that is an object', { text: 'a fox' }, /expected text, got an object/],
		['prompt that is a list', ['a fox', 'a cat'], /expected text, got a list/],
	]),
	// Create: the start image
	{
		operation: 'create',
		name: 'start image on, item without binary data',
		parameters: { useImage: true },
		badBinary: none,
		goodBinary: png,
		field: 'Image Input Field',
		problem: /no binary property "data"/,
	},
	...each('create', { useImage: true, imageBinaryPropertyName: V }, 'Image Input Field', 'data', [
		['start image from a binary property the item lacks', 'photo', /no binary property "photo"/],
		['start image field name that is empty', '  ', empty],
	]).map((entry) => ({ ...entry, badBinary: png, goodBinary: png })),
	{
		operation: 'create',
		name: 'start image that is a PDF',
		parameters: { useImage: true },
		badBinary: image(Buffer.from('%PDF-1.7'), 'a.pdf', 'application/pdf'),
		goodBinary: png,
		field: 'Image Input Field',
		problem: /application\/pdf, not an image/,
	},
	{
		operation: 'create',
		name: 'start image of zero bytes (n8n: fileSize "0 B", bytes 0)',
		parameters: { useImage: true },
		badBinary: image(Buffer.alloc(0), 'empty.png', 'image/png'),
		goodBinary: png,
		field: 'Image Input Field',
		problem: /"data" is an empty file/,
	},
	{
		operation: 'create',
		name: 'start image of zero bytes built by hand (no size fields)',
		parameters: { useImage: true },
		badBinary: async () => ({ data: { data: '', mimeType: 'image/png', fileName: 'empty.png' } }),
		goodBinary: png,
		field: 'Image Input Field',
		problem: /"data" is an empty file/,
	},
	// Create: the options every submit shares
	...each('create', { options: { replyUrl: V } }, 'Reply URL', 'https://example.com/hook', [
		['replyUrl ftp://x', 'ftp://x', notUrl],
		['replyUrl javascript:alert(1)', 'javascript:alert(1)', notUrl],
		['replyUrl data:text/html,…', 'data:text/html,<script>alert(1)</script>', notUrl],
		['replyUrl without a scheme', 'example.com/hook', notUrl],
		['replyUrl http//missing-colon', 'http//missing-colon', notUrl],
		['replyUrl of 1025 characters', longUrl(1025), /at most 1024 characters, got 1025$/],
	]),
	...each('create', { options: { replyRef: V } }, 'Reply Reference', 'order-42', [
		['replyRef of 1025 characters', 'r'.repeat(1025), /at most 1024 characters, got 1025$/],
	]),
	...each('create', { options: { maxJobs: V } }, 'Max Jobs', 5, [
		['maxJobs 0', 0, /from 1 to 10, got 0$/],
		['maxJobs 11', 11, /from 1 to 10, got 11$/],
		['maxJobs -1', -1, /from 1 to 10, got -1$/],
		['maxJobs 2.5', 2.5, /whole number from 1 to 10, got 2.5$/],
		['maxJobs "ten"', 'ten', /whole number from 1 to 10, got "ten"$/],
	]),
	...each(
		'create',
		{ options: { channel: { __rl: true, mode: 'id', value: V } } },
		'Channel',
		'1190000000000000001',
		[
			['Channel that is not a Discord channel ID', '12a', notChannel('Channel')],
			['Channel with a path in it', '1190/../account', notChannel('Channel')],
		],
	),
	...each(
		'create',
		{ options: { waitWhenQueueFull: true, queueRetryInterval: V } },
		'Queue Retry Interval (Seconds)',
		10,
		[['Queue Retry Interval 5 s (the API asks for 10–30)', 5, /from 10 to 30, got 5$/]],
	),
	...each('create', { options: { maxWait: V } }, 'Max Wait (Minutes)', 1, [
		['Max Wait -1 minutes', -1, /0 or more, got -1$/],
	]),
	...each(
		'create',
		{ options: { downloadVideo: true, binaryPropertyName: V } },
		'Put Video in Field',
		'video',
		[['Put Video in Field empty', '', empty]],
	),
	// Animate
	{
		operation: 'animate',
		name: 'item without the image',
		parameters: {},
		badBinary: none,
		field: 'Image Input Field',
		problem: /the item has no binary data at all|no binary property "data"/,
	},
	{
		operation: 'animate',
		name: 'image that is a text file',
		parameters: {},
		badBinary: image(Buffer.from('hello'), 'a.txt', 'text/plain'),
		field: 'Image Input Field',
		problem: /text\/plain, not an image/,
	},
	...each('animate', { prompt: V }, 'Prompt', 'blinking', [
		['prompt of 1501 characters', 'p'.repeat(1501), /got 1501$/],
	]),
	// Encrypt Text
	...each('encryptText', { message: V }, 'Message', 'HELLO', [
		['message of 21 characters', 'M'.repeat(21), /at most 20 characters, got 21$/],
		['empty message', '', empty],
	]),
	...each('encryptText', { font: V }, 'Font', 'BAUHAUS', [
		[
			'unknown font',
			'Comic Sans',
			/must be one of MODERN, COMICS, SANS SERIF, BAUHAUS, RETRO, got "Comic Sans"$/,
		],
	]),
	...each('encryptText', { prompt: V }, 'Prompt', 'waves', [['empty prompt', '', empty]]),
	// Encrypt Image
	{
		operation: 'encryptImage',
		name: 'item without the message image',
		parameters: {},
		badBinary: none,
		field: 'Message Image Input Field',
		problem: /no binary/,
	},
	{
		operation: 'encryptImage',
		name: 'message image that is a video',
		parameters: {},
		badBinary: image(Buffer.from('ftyp'), 'a.mp4', 'video/mp4'),
		field: 'Message Image Input Field',
		problem: /video\/mp4, not an image/,
	},
	...each('encryptImage', { prompt: V }, 'Prompt', 'waves', [
		['whitespace-only prompt', '   ', empty],
	]),
	// Retry
	...each('retry', { jobId: V }, 'Job ID', EXISTING, [
		['empty jobid', '', empty],
		['jobid with a slash', 'j1/../button', notJobId],
		['jobid with a query', 'j1?jobid=other', notJobId],
	]),
	...each('retry', { button: V }, 'Button', 'retry', [
		['button remix (not supported by the API)', 'remix', /must be one of retry, got "remix"$/],
	]),
	...each('retry', { options: { maxJobs: V } }, 'Max Jobs', 2, [
		['maxJobs 11', 11, /from 1 to 10, got 11$/],
	]),
	...each('retry', { options: { replyUrl: V } }, 'Reply URL', 'https://example.com/hook', [
		['replyUrl javascript:alert(1)', 'javascript:alert(1)', notUrl],
	]),
	// Get
	...each('get', { jobId: V }, 'Job ID', EXISTING, [
		['empty jobid', '', empty],
		['whitespace-only jobid', '   ', empty],
		['jobid that would change the URL', 'j1/../../v2/account?x=1', notJobId],
		['jobid with ..', 'j1..x', notJobId],
		['jobid with a NUL character', 'j1\u0000x', /"j1\\x00x" is not a valid Job ID/],
		['jobid with a header injection', 'j1\r\nX-Injected: 1', notJobId],
		['jobid with a second parameter', 'j1&jobid=other', notJobId],
		['jobid with a fragment', 'j1#x', notJobId],
		['jobid with a space', 'j1 x', notJobId],
		['jobid with percent-encoding', '%2e%2e%2fv2', notJobId],
		['jobid of 257 characters', 'j'.repeat(257), /at most 256 characters/],
	]),
	// The good items' jobs are completed already, so waiting for them ends at once.
	// The job-status page asks for "at least 10..30 seconds" between checks; 5–9 was accepted once.
	...each(
		'get',
		{ options: { waitForCompletion: true, pollInterval: V } },
		'Poll Interval (Seconds)',
		10,
		[
			['Poll Interval 2 s', 2, /must be at least 10, got 2$/],
			[
				'Poll Interval 5 s (the old floor, still in saved workflows)',
				5,
				/must be at least 10, got 5$/,
			],
			['Poll Interval 9 s', 9, /must be at least 10, got 9$/],
			['Poll Interval 3601 s', 3601, /from 10 to 3600, got 3601$/],
		],
	),
	// Cancel
	...each('cancel', { jobId: V }, 'Job ID', EXISTING, [
		['jobid with a query', 'j1?x=1', notJobId],
		['jobid with a backslash', 'j1\\..\\x', notJobId],
	]),
	// Account: Create or Update
	...each('upsert', { channel: V }, 'Channel ID', '1190000000000000999', [
		['non-numeric channel', 'abc', notChannel('Channel ID')],
		['channel with a path', '123/../x', notChannel('Channel ID')],
		['channel with a query', '123?x=1', notChannel('Channel ID')],
		['empty channel', '', empty],
	]),
	...each('upsert', { maxJobs: V }, 'Max Jobs', 3, [
		['maxJobs 0', 0, /from 1 to 10, got 0$/],
		['maxJobs 2.5', 2.5, /whole number from 1 to 10, got 2.5$/],
	]),
	...each(
		'upsert',
		{ discordTokenSource: 'field', discordToken: V },
		'Discord Token',
		'MTA.good-token-from-a-field.xyz',
		[['Discord token from a field, whitespace only', '   ', empty]],
	),
	// Account: Delete
	...each('delete', { channel: V }, 'Channel ID', EXISTING, [
		['non-numeric channel', 'abc', notChannel('Channel ID')],
		['channel that climbs the path', '../v2/account', notChannel('Channel ID')],
		['percent-encoded channel', '%31%32', notChannel('Channel ID')],
	]),
];

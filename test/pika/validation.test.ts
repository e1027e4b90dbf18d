/**
 * Input checks: every bad value is a NodeOperationError naming the item and the field, found
 * before anything is sent. The simulator must see no request at all.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { binaryProperty, useBinaryMode } from '../harness/run-node';
import { createParameters, getParameters, promptItems, retryParameters, useSimulator } from './fixtures';

const fx = useSimulator();

beforeAll(async () => await useBinaryMode('default'));

interface Case {
	name: string;
	parameters: INodeParameters;
	items?: () => Promise<INodeExecutionData[]>;
	field: string;
	problem: RegExp;
}

const longUrl = (length: number) => `https://example.com/${'u'.repeat(length - 'https://example.com/'.length)}`;

const cases: Case[] = [
	{
		name: 'empty prompt (an expression that resolves to "")',
		parameters: createParameters('={{ $json.prompt }}'),
		items: async () => promptItems(['']),
		field: 'Prompt',
		problem: /must not be empty/,
	},
	{
		name: 'whitespace-only prompt',
		parameters: createParameters(' \t \r\n  '),
		field: 'Prompt',
		problem: /must not be empty/,
	},
	{
		name: 'prompt of 1501 characters',
		parameters: createParameters('p'.repeat(1501)),
		field: 'Prompt',
		problem: /at most 1500 characters, got 1501/,
	},
	{
		name: 'start image switched on, but the item has no binary data',
		parameters: createParameters('go', { useImage: true, imageBinaryPropertyName: 'data' }),
		field: 'Image Input Field',
		problem: /no binary property "data"/,
	},
	{
		name: 'start image from a binary property the item does not have',
		parameters: createParameters('go', { useImage: true, imageBinaryPropertyName: 'photo' }),
		items: async () => [{ json: {}, binary: { data: await binaryProperty(Buffer.from('x'), 'a.png', 'image/png') } }],
		field: 'Image Input Field',
		problem: /no binary property "photo"/,
	},
	{
		name: 'start image that is not an image',
		parameters: createParameters('go', { useImage: true, imageBinaryPropertyName: 'data' }),
		items: async () => [{ json: {}, binary: { data: await binaryProperty(Buffer.from('%PDF'), 'a.pdf', 'application/pdf') } }],
		field: 'Image Input Field',
		problem: /application\/pdf, not an image/,
	},
	...['ftp://x', 'javascript:alert(1)', 'example.com/hook', 'http//missing-colon'].map((replyUrl) => ({
		name: `replyUrl ${replyUrl}`,
		parameters: createParameters('go', { options: { replyUrl } }),
		field: 'Reply URL',
		problem: /must be an http:\/\/ or https:\/\/ URL/,
	})),
	{
		name: 'replyUrl of 1025 characters',
		parameters: createParameters('go', { options: { replyUrl: longUrl(1025) } }),
		field: 'Reply URL',
		problem: /at most 1024 characters, got 1025/,
	},
	{
		name: 'replyRef of 1025 characters',
		parameters: createParameters('go', { options: { replyRef: 'r'.repeat(1025) } }),
		field: 'Reply Reference',
		problem: /at most 1024 characters, got 1025/,
	},
	...[0, 11, -1].map((maxJobs) => ({
		name: `maxJobs ${maxJobs}`,
		parameters: createParameters('go', { options: { maxJobs } }),
		field: 'Max Jobs',
		problem: new RegExp(`from 1 to 10, got ${maxJobs}`),
	})),
	{
		name: 'maxJobs 2.5',
		parameters: createParameters('go', { options: { maxJobs: 2.5 } }),
		field: 'Max Jobs',
		problem: /whole number from 1 to 10/,
	},
	{
		name: 'Retry: maxJobs 11',
		parameters: retryParameters('j1-u1-c1-bot:pika', { options: { maxJobs: 11 } }),
		field: 'Max Jobs',
		problem: /from 1 to 10, got 11/,
	},
	{
		name: 'Retry: replyUrl javascript:alert(1)',
		parameters: retryParameters('j1-u1-c1-bot:pika', { options: { replyUrl: 'javascript:alert(1)' } }),
		field: 'Reply URL',
		problem: /must be an http:\/\/ or https:\/\/ URL/,
	},
	{
		name: 'Retry: empty jobid (an expression that resolves to "")',
		parameters: retryParameters('={{ $json.jobid }}'),
		items: async () => [{ json: { jobid: '' } }],
		field: 'Job ID',
		problem: /must not be empty/,
	},
	{
		name: 'Get: empty jobid (an expression that resolves to "")',
		parameters: getParameters('={{ $json.jobid }}'),
		items: async () => [{ json: { jobid: '' } }],
		field: 'Job ID',
		problem: /must not be empty/,
	},
	{
		name: 'Get: whitespace-only jobid',
		parameters: getParameters('   '),
		field: 'Job ID',
		problem: /must not be empty/,
	},
	{
		name: 'Get: jobid that would change the request URL',
		parameters: getParameters('j1/../../v2/account?x=1'),
		field: 'Job ID',
		problem: /is not a valid Job ID/,
	},
	{
		name: 'Channel that is not a Discord channel ID',
		parameters: createParameters('go', { options: { channel: { __rl: true, mode: 'id', value: '12a' } } }),
		field: 'Channel',
		problem: /"12a" is not a valid Channel/,
	},
];

describe('validation, before any request', () => {
	it.each(cases)('$name → NodeOperationError naming item and field, 0 requests', async (testCase) => {
		const items = testCase.items ? await testCase.items() : [{ json: {} }];
		const result = await fx.run({ parameters: testCase.parameters, items });

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(`Invalid "${testCase.field}" in item 0: `);
		expect(result.error?.message).toMatch(testCase.problem);
		expect(result.items).toEqual([]);
		expect(fx.sim.requests).toHaveLength(0);
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('one bad item among good ones (the last of four) stops the run before any request', async () => {
		const result = await fx.run({
			parameters: createParameters('={{ $json.prompt }}'),
			items: promptItems(['good one', 'good two', 'good three', 'x'.repeat(1501)]),
		});

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('Invalid "Prompt" in item 3: must be at most 1500 characters, got 1501');
		expect(result.items).toEqual([]);
		expect(fx.sim.requests).toHaveLength(0);
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('names the bad item among several: item 2 with a bad per-item replyUrl', async () => {
		const result = await fx.run({
			parameters: createParameters('go', { options: { replyUrl: '={{ $json.url }}' } }),
			items: ['https://a.example/1', 'http://b.example/2', 'ftp://c.example/3', 'https://d.example/4'].map(
				(url) => ({ json: { url } }),
			),
		});

		expect(result.error?.message).toMatch(/^Invalid "Reply URL" in item 2: /);
		expect(fx.sim.requests).toHaveLength(0);
	});

	// A FormData text value travels with CRLF line breaks (a lone LF or CR becomes CRLF), and
	// the API measures what it receives: 1500 characters typed with a line break are 1501 sent.
	it('counts a line break as the CRLF the multipart body carries: 1500 typed characters with a LF is too long', async () => {
		const prompt = `first line\n${'x'.repeat(1500 - 'first line\n'.length)}`;
		expect(prompt).toHaveLength(1500);
		const result = await fx.run({ parameters: createParameters(prompt) });

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/^Invalid "Prompt" in item 0: must be at most 1500 characters/);
		expect(fx.sim.requests).toHaveLength(0);
	});
});

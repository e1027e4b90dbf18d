/**
 * On Error → Continue: failed items become error items in their own place, the others
 * succeed, every item stays paired with its input, and invalid items still send nothing.
 */
import { useBinaryMode } from '../../../../tools/n8n-core/runNode';
import {
	apiJob,
	createParameters,
	getParameters,
	promptItems,
	requestsTo,
	useSimulator,
} from '../setup';

const fx = useSimulator();

beforeAll(async () => await useBinaryMode('default'));

describe('continue on fail', () => {
	it('keeps input order with a validation error and an API error among good items', async () => {
		// The first request to arrive is answered last, so completion order differs from input order.
		fx.sim.injectFault({ method: 'POST', path: '/v1/pika/create', fault: { delayMs: 150 } });
		const prompts = ['good a', '', 'good c', 'bad parameter --size 100', 'good e'];
		const result = await fx.run({
			parameters: createParameters('={{ $json.prompt }}'),
			items: promptItems(prompts),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			prompts.map((_, item) => ({ item })),
		);

		for (const index of [0, 2, 4]) {
			const json = result.items[index].json;
			expect(json.prompt).toBe(prompts[index]);
			expect(json).toEqual(apiJob(fx.sim, String(json.jobid)));
		}
		expect(result.items[1].json).toEqual({
			error: 'Invalid "Prompt" in item 1: must not be empty',
		});
		expect(result.items[3].json).toEqual({
			error: 'Invalid parameter',
			description: expect.stringContaining('Unrecognized parameter(s): `size`'),
			httpCode: '422',
		});

		// Nothing was sent for the invalid item; every other item was sent exactly once.
		const sent = requestsTo(fx.sim, 'POST', '/v1/pika/create').map((r) => r.fields.prompt);
		expect(sent.sort()).toEqual(['bad parameter --size 100', 'good a', 'good c', 'good e']);
		expect(fx.sim.faultsServed).toHaveLength(1);
	});

	it('an error item replaces only its own item: Get with an unknown job between known ones', async () => {
		const created = await fx.run({ parameters: createParameters('known') });
		const known = String(created.items[0].json.jobid);
		fx.sim.clearLogs();
		const ids = [known, 'j0000000000000000000-u1-c1-bot:pika', known];
		const result = await fx.run({
			parameters: getParameters('={{ $json.id }}'),
			items: ids.map((id) => ({ json: { id } })),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: apiJob(fx.sim, known), pairedItem: { item: 0 } },
			{
				json: {
					error: 'Unable to locate job j0000000000000000000-u1-c1-bot:pika',
					description: expect.any(String),
					httpCode: '404',
				},
				pairedItem: { item: 1 },
			},
			{ json: apiJob(fx.sim, known), pairedItem: { item: 2 } },
		]);
		expect(fx.sim.requests).toHaveLength(3);
	});

	it('every item invalid: one error item each, in place, and no request at all', async () => {
		const result = await fx.run({
			parameters: createParameters('={{ $json.prompt }}', {
				options: { maxJobs: '={{ $json.maxJobs }}' },
			}),
			items: [
				{ json: { prompt: '   ', maxJobs: 5 } },
				{ json: { prompt: 'ok', maxJobs: 0 } },
				{ json: { prompt: 'x'.repeat(1501), maxJobs: 5 } },
			],
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: { error: 'Invalid "Prompt" in item 0: must not be empty' }, pairedItem: { item: 0 } },
			{
				json: { error: 'Invalid "Max Jobs" in item 1: must be from 1 to 10, got 0' },
				pairedItem: { item: 1 },
			},
			{
				json: { error: 'Invalid "Prompt" in item 2: must be at most 1500 characters, got 1501' },
				pairedItem: { item: 2 },
			},
		]);
		expect(fx.sim.requests).toHaveLength(0);
	});

	it('API errors of several kinds, each in its own place, with its own HTTP code', async () => {
		fx.sim.configure({
			outcome: (submission) =>
				submission.fields.prompt === 'refused' ? 'moderated-at-submit' : undefined,
		});
		const result = await fx.run({
			parameters: createParameters('={{ $json.prompt }}', {
				options: { channel: '={{ $json.channel }}' },
			}),
			items: [
				{ json: { prompt: 'refused', channel: '' } },
				{ json: { prompt: 'fine', channel: '' } },
				{ json: { prompt: 'unknown channel', channel: '1190000000000000999' } },
			],
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(
			result.items.map((item) => [item.json.error, item.json.httpCode, item.pairedItem]),
		).toEqual([
			['Sorry, your input may be inconsistent with server rules.', '422', { item: 0 }],
			[undefined, undefined, { item: 1 }],
			['prompt, discord or channel value is missing', '400', { item: 2 }],
		]);
		expect(result.items[1].json).toMatchObject({ prompt: 'fine', status: 'started' });
		expect(fx.sim.requests).toHaveLength(3);
	});
});

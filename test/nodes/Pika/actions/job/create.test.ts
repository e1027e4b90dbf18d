/**
 * Create: the happy path through n8n's engine against the simulator, and the multipart
 * text fields exactly as the API received them. (Image uploads: upload-*.test.ts.)
 */
import { useBinaryMode } from '../../../../../tools/n8n-core/runNode';
import {
	ACCOUNT,
	apiJob,
	channelById,
	createParameters,
	promptItems,
	requestsTo,
	useSimulator,
} from '../../setup';

const fx = useSimulator();

beforeAll(async () => await useBinaryMode('default'));

describe('Create', () => {
	it('outputs the API job JSON for the item, paired with it', async () => {
		const result = await fx.run({ parameters: createParameters('A cat surfing a wave at sunset') });

		expect(result.error).toBeUndefined();
		expect(fx.sim.jobs).toHaveLength(1);
		const jobid = fx.sim.jobs[0].jobid;
		expect(result.items).toEqual([{ json: apiJob(fx.sim, jobid), pairedItem: { item: 0 } }]);
		expect(result.items[0].json).toMatchObject({
			jobid,
			verb: 'pika-create',
			status: 'started',
			prompt: 'A cat surfing a wave at sunset',
			channel: ACCOUNT.channel,
			code: 200,
		});
		expect(fx.sim.createdJobCount).toBe(1);
	});

	it('POSTs the prompt alone as multipart/form-data to /v1/pika/create with the Bearer token', async () => {
		await fx.run({ parameters: createParameters('A lighthouse in a storm') });

		expect(fx.sim.requests).toHaveLength(1);
		const [request] = requestsTo(fx.sim, 'POST', '/v1/pika/create');
		expect(request.auth).toBe('valid');
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.fields).toEqual({ prompt: 'A lighthouse in a storm' });
		expect(request.files).toEqual([]);
		expect(request.status).toBe(200);
	});

	it('sends every option as the field the API documents, and the job carries them', async () => {
		const replyUrl = 'https://example.com/webhook/pika?run=1&x=%20y';
		const replyRef = 'order-42 / ünïcode ✓';
		const result = await fx.run({
			parameters: createParameters('A fox in the snow', {
				options: { channel: channelById(ACCOUNT.channel), maxJobs: 3, replyUrl, replyRef },
			}),
		});

		expect(result.error).toBeUndefined();
		const [request] = requestsTo(fx.sim, 'POST', '/v1/pika/create');
		expect(request.fields).toEqual({
			prompt: 'A fox in the snow',
			channel: ACCOUNT.channel,
			maxJobs: '3',
			replyUrl,
			replyRef,
		});
		expect(result.items[0].json).toMatchObject({
			channel: ACCOUNT.channel,
			maxJobs: 3,
			replyUrl,
			replyRef,
		});
	});

	it('creates one job per input item, output in input order, each item paired with its input', async () => {
		const prompts = [
			'first: a red kite',
			'second: a blue boat',
			'third: a green hill',
			'fourth: a gold coin',
		];
		const result = await fx.run({
			parameters: createParameters('={{ $json.prompt }}'),
			items: promptItems(prompts),
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.prompt)).toEqual(prompts);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			prompts.map((_, item) => ({ item })),
		);
		for (const item of result.items) {
			expect(item.json).toEqual(apiJob(fx.sim, String(item.json.jobid)));
		}
		expect(new Set(result.items.map((item) => item.json.jobid)).size).toBe(4);
		expect(requestsTo(fx.sim, 'POST', '/v1/pika/create')).toHaveLength(4);
		expect(fx.sim.createdJobCount).toBe(4);
	});

	it('keeps the prompt text exactly: unicode, quotes, CRLF line breaks, boundary-like text', async () => {
		const prompt =
			'Ünïcödé ✓ 🐱 "quoted" \\ back\r\nsecond line\r\n--boundary\r\nContent-Type: text/plain';
		const result = await fx.run({ parameters: createParameters(prompt) });

		expect(result.error).toBeUndefined();
		expect(requestsTo(fx.sim, 'POST', '/v1/pika/create')[0].fields.prompt).toBe(prompt);
		expect(result.items[0].json.prompt).toBe(prompt);
	});

	it('sends lone LF line breaks as CRLF (as every FormData does), so 1499 typed characters with one LF fit', async () => {
		const prompt = `first line\n${'x'.repeat(1499 - 'first line\n'.length)}`;
		const result = await fx.run({ parameters: createParameters(prompt) });

		expect(result.error).toBeUndefined();
		const sent = requestsTo(fx.sim, 'POST', '/v1/pika/create')[0].fields.prompt;
		expect(sent).toBe(prompt.replace('\n', '\r\n'));
		expect(sent).toHaveLength(1500);
	});

	it('accepts the documented limits exactly: 1500-character prompt, 1024-character replyUrl and replyRef', async () => {
		const prompt = 'p'.repeat(1500);
		const replyUrl = `https://example.com/${'u'.repeat(1024 - 'https://example.com/'.length)}`;
		const replyRef = 'r'.repeat(1024);
		expect(replyUrl).toHaveLength(1024);
		const result = await fx.run({
			parameters: createParameters(prompt, { options: { replyUrl, replyRef } }),
		});

		expect(result.error).toBeUndefined();
		expect(requestsTo(fx.sim, 'POST', '/v1/pika/create')[0].fields).toEqual({
			prompt,
			replyUrl,
			replyRef,
		});
		expect(result.items[0].json).toMatchObject({ status: 'started', prompt, replyUrl, replyRef });
	});

	it('accepts maxJobs at both bounds, 1 and 10', async () => {
		const one = await fx.run({
			parameters: createParameters('one slot', { options: { maxJobs: 1 } }),
		});
		expect(one.error).toBeUndefined();
		fx.sim.completeJob(String(one.items[0].json.jobid));
		const ten = await fx.run({
			parameters: createParameters('ten slots', { options: { maxJobs: 10 } }),
		});
		expect(ten.error).toBeUndefined();

		expect(requestsTo(fx.sim, 'POST', '/v1/pika/create').map((r) => r.fields.maxJobs)).toEqual([
			'1',
			'10',
		]);
		expect([one.items[0].json.maxJobs, ten.items[0].json.maxJobs]).toEqual([1, 10]);
	});

	it('the configured account runs the job; its Discord token never shows', async () => {
		const result = await fx.run({
			parameters: { resource: 'job', operation: 'create', prompt: 'masked' },
		});
		expect(result.items[0].json.channel).toBe(ACCOUNT.channel);
		expect(JSON.stringify(result.items)).not.toContain(ACCOUNT.discord);
	});
});

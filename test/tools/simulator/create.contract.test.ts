/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Contract tests for POST /v1/pika/create, replaying the requests of the API's create page
 * (useapi.net/docs/api-pika-v1/post-pika-create)
 * (curl -F, the JS fetch/FormData example, the Python requests example) over real HTTP.
 */
import FormData from 'form-data';

import {
	SEED_CHANNEL,
	SEED_DISCORD,
	freshSimulatorEachTest,
	http,
	nastyBinary,
	seedCreateForm,
	sendJson,
} from './setup';

const MASKED = 'MTE…secured…AbC';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const fx = freshSimulatorEachTest({ jobDurationMs: 60_000, progressAfterMs: 60_000 });
const create = fx.create.bind(fx);

describe('200 OK', () => {
	it('curl -F form: returns the started job with masked discord', async () => {
		const res = await create(seedCreateForm());
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		const job = res.json;
		expect(job).toEqual({
			jobid: expect.any(String),
			verb: 'pika-create',
			status: 'started',
			created: expect.stringMatching(ISO),
			updated: expect.stringMatching(ISO),
			prompt: 'smiling and blinking',
			image: { size: nastyBinary().length, type: 'image/png' },
			discord: MASKED,
			channel: SEED_CHANNEL,
			maxJobs: 10,
			messageId: expect.stringMatching(/^\d{17,20}$/),
			content: expect.stringMatching(
				/^<@\d+> Creation job queued\. \(Prompt: smiling and blinking {2}Image: 1 Attachment {2}Author: <@\d+>\)$/,
			),
			timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/),
			code: 200,
		});
		expect(job.jobid).not.toMatch(/[/?]/);
		expect(fx.sim.createdJobCount).toBe(1);
		expect(fx.sim.job(job.jobid)?.status).toBe('started');
	});

	it('keeps the uploaded image bytes, filename and content type exactly', async () => {
		const image = nastyBinary();
		const res = await create(seedCreateForm({}, image));
		expect(res.status).toBe(200);
		const record = fx.sim.requests[fx.sim.requests.length - 1];
		expect(record.fields).toEqual({
			discord: SEED_DISCORD,
			channel: SEED_CHANNEL,
			prompt: 'smiling and blinking',
		});
		expect(record.files).toHaveLength(1);
		expect(record.files[0]).toMatchObject({
			field: 'image',
			filename: 'pika.png',
			contentType: 'image/png',
		});
		expect(record.files[0].bytes.equals(image)).toBe(true);
		expect(fx.sim.uploadsOf(res.json.jobid)[0].bytes.equals(image)).toBe(true);
		expect(record.headers.authorization).toBe('Bearer [redacted]');
		expect(JSON.stringify(fx.sim.requests)).not.toContain(fx.sim.token);
	});

	it('JS example: global fetch + FormData + Blob', async () => {
		const bytes = nastyBinary();
		const formData = new globalThis.FormData();
		formData.append('prompt', 'Pika prompt');
		formData.append('discord', SEED_DISCORD);
		formData.append('channel', SEED_CHANNEL);
		formData.append('image', new Blob([bytes]));
		const response = await fetch(`${fx.base}/v1/pika/create`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${fx.sim.token}` },
			body: formData,
		});
		const result = (await response.json()) as Record<string, unknown>;
		expect(response.status).toBe(200);
		expect(result).toMatchObject({
			status: 'started',
			prompt: 'Pika prompt',
			image: { size: bytes.length, type: 'application/octet-stream' },
		});
		const file = fx.sim.requests[fx.sim.requests.length - 1].files[0];
		expect(file.filename).toBe('blob');
		expect(file.bytes.equals(bytes)).toBe(true);
	});

	it('Python example: (None, value) text parts and a (name, bytes, type) file', async () => {
		const form = new FormData();
		form.append('prompt', 'Pika prompt');
		form.append('discord', SEED_DISCORD);
		form.append('channel', SEED_CHANNEL);
		form.append('image', Buffer.from('RIFF\0\0\0\0WEBPVP8 '), {
			filename: 'pika.webp',
			contentType: 'image/webp',
		});
		const res = await create(form);
		expect(res.status).toBe(200);
		expect(res.json.image).toEqual({ size: 16, type: 'image/webp' });
	});

	it('echoes replyUrl, replyRef and maxJobs; prompt without image has no image field', async () => {
		const res = await create(
			seedCreateForm(
				{ replyUrl: 'http://127.0.0.1:9/hook', replyRef: 'ref-42', maxJobs: '3' },
				null,
			),
		);
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			replyUrl: 'http://127.0.0.1:9/hook',
			replyRef: 'ref-42',
			maxJobs: 3,
		});
		expect(res.json).not.toHaveProperty('image');
	});

	it('channel alone uses the configured account; no discord/channel picks a configured one', async () => {
		fx.sim.addAccount({
			discord: 'XYZ.configured.token.789',
			channel: '1190000000000000009',
			maxJobs: 4,
		});
		const form = new FormData();
		form.append('prompt', 'p');
		form.append('channel', '1190000000000000009');
		const byChannel = await create(form);
		expect(byChannel.json).toMatchObject({
			channel: '1190000000000000009',
			discord: 'XYZ…secured…789',
			maxJobs: 4,
		});

		const bare = new FormData();
		bare.append('prompt', 'p');
		const random = await create(bare);
		expect(random.status).toBe(200);
		expect(random.json.channel).toBe('1190000000000000009');
	});
});

describe('400 Bad Request (exact seed strings)', () => {
	const expect400 = async (form: FormData, error: string) => {
		const res = await create(form);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ error, code: 400 });
	};
	const MISSING = 'prompt, discord or channel value is missing';
	const TOO_LONG = 'prompt, replyRef or replyUrl is too long';

	it('prompt missing or empty', async () => {
		const form = new FormData();
		form.append('discord', SEED_DISCORD);
		form.append('channel', SEED_CHANNEL);
		await expect400(form, MISSING);
		await expect400(emptyPrompt(), MISSING);
	});

	function emptyPrompt() {
		const form = new FormData();
		form.append('prompt', '');
		form.append('discord', SEED_DISCORD);
		form.append('channel', SEED_CHANNEL);
		return form;
	}

	it('no account can be resolved', async () => {
		const bare = new FormData();
		bare.append('prompt', 'p');
		await expect400(bare, MISSING); // nothing configured
		const channelOnly = new FormData();
		channelOnly.append('prompt', 'p');
		channelOnly.append('channel', '1234');
		await expect400(channelOnly, MISSING); // channel not configured
		const discordOnly = new FormData();
		discordOnly.append('prompt', 'p');
		discordOnly.append('discord', SEED_DISCORD);
		await expect400(discordOnly, MISSING);
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('discord without channel is refused even with configured accounts: the seed documents both, neither, or channel alone', async () => {
		fx.sim.addAccount({
			discord: 'ACC.example.account.tok',
			channel: SEED_CHANNEL,
			maxJobs: 10,
		});
		const discordOnly = new FormData();
		discordOnly.append('prompt', 'p');
		discordOnly.append('discord', SEED_DISCORD);
		await expect400(discordOnly, MISSING);
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('prompt > 1500, replyUrl > 1024, replyRef > 1024', async () => {
		const long = (n: number) => 'x'.repeat(n);
		const prompt = new FormData();
		prompt.append('prompt', long(1501));
		prompt.append('discord', SEED_DISCORD);
		prompt.append('channel', SEED_CHANNEL);
		await expect400(prompt, TOO_LONG);
		await expect400(seedCreateForm({ replyUrl: long(1025) }), TOO_LONG);
		await expect400(seedCreateForm({ replyRef: long(1025) }), TOO_LONG);
		const ok = await create(seedCreateForm({ replyRef: long(1024) }));
		expect(ok.status).toBe(200);
	});

	it('image sent as a text field (also a form-data Buffer without filename)', async () => {
		const text = seedCreateForm({ image: 'https://example.com/cat.png' }, null);
		await expect400(text, 'image is not File or Blob');
		const noFilename = seedCreateForm({}, null);
		noFilename.append('image', nastyBinary()); // form-data sends no filename → not a file
		await expect400(noFilename, 'image is not File or Blob');
	});

	it('a JSON body is refused (multipart only)', async () => {
		const res = await sendJson(
			`${fx.base}/v1/pika/create`,
			'POST',
			{ prompt: 'p', discord: SEED_DISCORD, channel: SEED_CHANNEL },
			fx.sim.token,
		);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ error: 'Content-Type must be multipart/form-data', code: 400 });
	});
});

it('wrong method on a submit route answers 405', async () => {
	const res = await http(`${fx.base}/v1/pika/create`, {
		headers: { authorization: `Bearer ${fx.sim.token}` },
	});
	expect(res.status).toBe(405);
});

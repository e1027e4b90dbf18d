/**
 * animate / encrypt_text / encrypt_image: not covered by the seeds; fields and limits come from
 * the API's pages for animate, encrypt_text and encrypt_image; error strings follow the create page's pattern (see submit.ts).
 */
import FormData from 'form-data';

import { SEED_CHANNEL, SEED_DISCORD, freshSimulatorEachTest, nastyBinary, postForm } from './setup';

const fx = freshSimulatorEachTest({ jobDurationMs: 60_000 });

type Part = string | { bytes: Buffer; filename: string; contentType: string };

function submit(endpoint: string, parts: Record<string, Part>) {
	const form = new FormData();
	form.append('discord', SEED_DISCORD);
	form.append('channel', SEED_CHANNEL);
	for (const [name, value] of Object.entries(parts)) {
		if (typeof value === 'string') form.append(name, value);
		else
			form.append(name, value.bytes, { filename: value.filename, contentType: value.contentType });
	}
	return postForm(`${fx.base}/v1/pika/${endpoint}`, form, fx.sim.token);
}

const png = { bytes: nastyBinary(), filename: 'a.png', contentType: 'image/png' };
const jpg = {
	bytes: Buffer.from([0xff, 0xd8, 0xff, 0x0d, 0x0a, 0x00]),
	filename: 'm.jpg',
	contentType: 'image/jpeg',
};

async function expectError(endpoint: string, parts: Record<string, Part>, error: string) {
	const res = await submit(endpoint, parts);
	expect(res.status).toBe(400);
	expect(res.json).toEqual({ error, code: 400 });
}

describe('POST /v1/pika/animate', () => {
	it('200 with image (prompt optional)', async () => {
		const res = await submit('animate', { image: png });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			verb: 'pika-animate',
			status: 'started',
			image: { size: png.bytes.length, type: 'image/png' },
		});
		expect(res.json).not.toHaveProperty('prompt');
	});

	it('400s', async () => {
		await expectError('animate', { prompt: 'p' }, 'image, discord or channel value is missing');
		await expectError('animate', { image: 'not a file' }, 'image is not File or Blob');
		await expectError(
			'animate',
			{ image: png, prompt: 'x'.repeat(1501) },
			'prompt, replyRef or replyUrl is too long',
		);
	});
});

describe('POST /v1/pika/encrypt_text', () => {
	it('200 with message, prompt, font (incl. "SANS SERIF") and optional image', async () => {
		const res = await submit('encrypt_text', {
			message: 'HELLO',
			prompt: 'neon city',
			font: 'SANS SERIF',
			image: png,
		});
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			verb: 'pika-encrypt_text',
			message: 'HELLO',
			font: 'SANS SERIF',
			prompt: 'neon city',
		});
	});

	it('400s', async () => {
		await expectError(
			'encrypt_text',
			{ prompt: 'p' },
			'message, prompt, discord or channel value is missing',
		);
		await expectError(
			'encrypt_text',
			{ message: 'm' },
			'message, prompt, discord or channel value is missing',
		);
		await expectError(
			'encrypt_text',
			{ message: 'x'.repeat(21), prompt: 'p' },
			'message, prompt, replyRef or replyUrl is too long',
		);
		await expectError(
			'encrypt_text',
			{ message: 'm', prompt: 'p', font: 'ARIAL' },
			'font ARIAL not supported, use one of MODERN, COMICS, SANS SERIF, BAUHAUS, RETRO',
		);
		const ok = await submit('encrypt_text', { message: 'x'.repeat(20), prompt: 'p' });
		expect(ok.status).toBe(200);
	});
});

describe('POST /v1/pika/encrypt_image', () => {
	it('200 with message file + prompt (+ image); both files kept', async () => {
		const res = await submit('encrypt_image', { message: jpg, prompt: 'forest', image: png });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			verb: 'pika-encrypt_image',
			message: { size: jpg.bytes.length, type: 'image/jpeg' },
			image: { size: png.bytes.length, type: 'image/png' },
		});
		expect(res.json.content).toContain('Message: 1 Attachment  Image: 1 Attachment');
		const uploads = fx.sim.uploadsOf(res.json.jobid);
		expect(uploads.map((u) => [u.field, u.filename])).toEqual([
			['message', 'm.jpg'],
			['image', 'a.png'],
		]);
		expect(uploads[0].bytes.equals(jpg.bytes)).toBe(true);
	});

	it('400s', async () => {
		await expectError(
			'encrypt_image',
			{ prompt: 'p' },
			'message, prompt, discord or channel value is missing',
		);
		await expectError(
			'encrypt_image',
			{ message: jpg },
			'message, prompt, discord or channel value is missing',
		);
		await expectError(
			'encrypt_image',
			{ message: 'text', prompt: 'p' },
			'message is not File or Blob',
		);
		await expectError(
			'encrypt_image',
			{ message: jpg, prompt: 'p', image: 'x' },
			'image is not File or Blob',
		);
	});
});

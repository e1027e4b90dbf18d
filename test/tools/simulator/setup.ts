/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Helpers for the simulator's own tests: real HTTP requests (one connection each, so nothing
 * lingers after a test), a local callback receiver, and binary fixtures.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import FormData from 'form-data';

import { createSimulator } from '../../../tools/simulator/simulator';
import type { PikaSimulator } from '../../../tools/simulator/simulator';
import type { SimulatorOptions } from '../../../tools/simulator/types';

export interface HttpResult {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary JSON
	json: any;
}

interface RequestOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: Buffer | string;
	/** Pipe this form-data instance as the body (its own headers are added). */
	form?: FormData;
}

/** One HTTP request over a fresh connection; resolves with the whole response. */
export function http(url: string, options: RequestOptions = {}): Promise<HttpResult> {
	const headers = {
		...(options.form ? options.form.getHeaders() : {}),
		...(options.headers ?? {}),
	};
	return new Promise<HttpResult>((resolve, reject) => {
		const req = request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				const body = Buffer.concat(chunks);
				const text = body.toString('utf8');
				let json: unknown;
				try {
					json = text.length ? JSON.parse(text) : undefined;
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json });
			});
		});
		req.on('error', reject);
		if (options.form) options.form.pipe(req);
		else req.end(options.body);
	});
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function getJson(url: string, token?: string): Promise<HttpResult> {
	return http(url, { headers: token ? bearer(token) : {} });
}

export function sendJson(
	url: string,
	method: string,
	body: unknown,
	token?: string,
): Promise<HttpResult> {
	return http(url, {
		method,
		headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
		body: JSON.stringify(body),
	});
}

export function postForm(url: string, form: FormData, token?: string): Promise<HttpResult> {
	return http(url, { method: 'POST', form, headers: token ? bearer(token) : {} });
}

export interface ReceivedCallback {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary JSON
	body: any;
}

/** A local webhook receiver; answers `status` (default 200 "ok"). */
export async function startReceiver(status = 200) {
	const received: ReceivedCallback[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			received.push({
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body: JSON.parse(raw),
			});
			res.writeHead(receiver.status, { 'content-type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const receiver = {
		url: `http://127.0.0.1:${port}`,
		received,
		status,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	return receiver;
}

/**
 * A binary "image": a PNG signature, every byte value 0..255, CRLFs, a blank-line sequence and
 * something that looks like a multipart delimiter — all the things a naive parser breaks on.
 */
export function nastyBinary(): Buffer {
	const all = Buffer.alloc(256);
	for (let i = 0; i < 256; i++) all[i] = i;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		all,
		Buffer.from(
			'\r\n\r\n--not-the-boundary\r\nContent-Disposition: form-data; name="x"\r\n\r\n',
			'latin1',
		),
		Buffer.from(all).reverse(),
		Buffer.from('\r\n'),
	]);
}

/** The simulator of the running test (a fresh one each test), and requests to it. */
export class SimulatorFixture {
	sim!: PikaSimulator;
	base!: string;

	/** POST /v1/pika/create; `token` null sends no Authorization header. */
	async create(form: FormData, token: string | null = this.sim.token): Promise<HttpResult> {
		return await postForm(`${this.base}/v1/pika/create`, form, token ?? undefined);
	}

	/** A job created on the seeds' account with `fields` (prompt "p" unless given); its jobid. */
	async seedJob(fields: Record<string, string> = {}): Promise<string> {
		const form = new FormData();
		form.append('discord', SEED_DISCORD);
		form.append('channel', SEED_CHANNEL);
		for (const [name, value] of Object.entries({ prompt: 'p', ...fields }))
			form.append(name, value);
		const res = await this.create(form);
		expect(res.status).toBe(200);
		return res.json.jobid as string;
	}
}

/** A fresh simulator for every test of the file, read through the returned fixture. */
export function freshSimulatorEachTest(options: SimulatorOptions): SimulatorFixture {
	const fixture = new SimulatorFixture();
	beforeEach(async () => {
		fixture.sim = createSimulator(options);
		fixture.base = await fixture.sim.start();
	});
	afterEach(async () => await fixture.sim?.stop());
	return fixture;
}

/** The Discord account of the seeds' examples. */
export const SEED_DISCORD = 'MTE.example.discord.value.AbC';
export const SEED_CHANNEL = '1190000000000000001';

/** The curl example of the API's create page (useapi.net/docs/api-pika-v1/post-pika-create): -F discord, channel, prompt, image=@file. */
export function seedCreateForm(
	extra: Record<string, string> = {},
	image: Buffer | null = nastyBinary(),
): FormData {
	const form = new FormData();
	form.append('discord', SEED_DISCORD);
	form.append('channel', SEED_CHANNEL);
	form.append('prompt', 'smiling and blinking');
	if (image) form.append('image', image, { filename: 'pika.png', contentType: 'image/png' });
	for (const [k, v] of Object.entries(extra)) form.append(k, v);
	return form;
}

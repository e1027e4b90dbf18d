/**
 * Plumbing: unknown routes, body limits, HEAD on the CDN, the request log and onRequest hook,
 * loopback-only callbacks, masking, restart.
 */
import FormData from 'form-data';

import { isLoopbackTarget } from '../../../tools/simulator/callbacks';
import {
	createSimulator,
	maskDiscord,
	type PikaSimulator,
	type RequestRecord,
} from '../../../tools/simulator/index';
import { getJson, http, postForm, sendJson } from './setup';

let sim: PikaSimulator;
let base: string;
const seen: RequestRecord[] = [];

beforeEach(async () => {
	seen.length = 0;
	sim = createSimulator({
		jobDurationMs: Infinity,
		onRequest: (r) => seen.push(r),
		tokens: ['user:7-first', 'user:8-second'],
	});
	base = await sim.start();
});
afterEach(() => sim.stop());

it('unknown routes answer a JSON 404; several tokens are accepted', async () => {
	const res = await getJson(`${base}/v1/pika/nope`, 'user:8-second');
	expect(res.status).toBe(404);
	expect(res.json.code).toBe(404);
	expect(sim.token).toBe('user:7-first');
});

it('bodies over maxBodyBytes get 413', async () => {
	sim.configure({ maxBodyBytes: 1000 });
	const form = new FormData();
	form.append('prompt', 'x'.repeat(5000));
	const res = await postForm(`${base}/v1/pika/create`, form, sim.token);
	expect(res.status).toBe(413);
	expect(res.json).toEqual({ error: 'Request body too large', code: 413 });
});

it('records requests (query, JSON body, redacted auth) and calls onRequest once each', async () => {
	await sendJson(`${base}/v2/account?x=1&x=2`, 'POST', { name: 'n' }, sim.token);
	await sim.waitFor(() => seen.length === 1);
	expect(sim.requests).toHaveLength(1);
	expect(sim.requests[0]).toMatchObject({
		seq: 1,
		method: 'POST',
		path: '/v2/account',
		query: { x: '1' },
		json: { name: 'n' },
		auth: 'valid',
		status: 204,
		headers: expect.objectContaining({
			authorization: 'Bearer [redacted]',
			'content-type': 'application/json',
		}),
	});
	expect(sim.requests[0].receivedAt).toMatch(/Z$/);
	expect(seen).toEqual([sim.requests[0]]);
	sim.clearLogs();
	expect(sim.requests).toHaveLength(0);
});

it('HEAD on an attachment sends headers only', async () => {
	const form = new FormData();
	form.append('prompt', 'p');
	form.append('discord', 'abcdefgh');
	form.append('channel', '5');
	const res = await postForm(`${base}/v1/pika/create`, form, sim.token);
	const job = sim.completeJob(res.json.jobid);
	const head = await http(job.attachments![0].url, { method: 'HEAD' });
	expect(head.status).toBe(200);
	expect(head.headers['content-length']).toBe(String(64 * 1024));
	expect(head.body).toHaveLength(0);
});

it('only loopback http URLs are callback targets', () => {
	const ok = [
		'http://127.0.0.1:1/x',
		'http://127.9.8.7/',
		'http://localhost:5678/webhook',
		'http://[::1]:80/',
	];
	const refused = [
		'https://127.0.0.1/',
		'http://10.0.0.1/',
		'http://example.com/',
		'http://127.0.0.1.nip.io/',
		'ftp://localhost/',
	];
	expect(ok.map((u) => isLoopbackTarget(new URL(u)))).toEqual(ok.map(() => true));
	expect(refused.map((u) => isLoopbackTarget(new URL(u)))).toEqual(refused.map(() => false));
});

it('masks Discord tokens to the first and last 3 characters', () => {
	expect(maskDiscord('MTE4NjQ5ODk0NTYxOTQ5NzE5Mg.abc.AbC')).toBe('MTE…secured…AbC');
	expect(maskDiscord('short')).toBe('…secured…');
});

it('can be stopped and started again, keeping its state', async () => {
	sim.addAccount({ discord: 'abcdefgh', channel: '9', maxJobs: 1 });
	await sim.stop();
	const again = await sim.start();
	expect((await getJson(`${again}/v1/pika/account/9`, sim.token)).json.channel).toBe('9');
});

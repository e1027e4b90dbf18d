/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Job lifecycle, video download from the fake CDN, expiry, and replyUrl callbacks.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';

import FormData from 'form-data';
import { sleep } from 'n8n-workflow';

import {
	createSimulator,
	EXPIRED_TEXT,
	type PikaJob,
	type PikaSimulator,
} from '../../../tools/simulator/index';
import { PLAYABLE_MP4 } from '../../../tools/simulator/video';
import { getJson, http, postForm, sendJson, startReceiver } from './setup';

const DISCORD = 'MTE.example.discord.value.AbC';
const CHANNEL = '1190000000000000001';

let sim: PikaSimulator;
let base: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
	sim = createSimulator({ progressAfterMs: 40, jobDurationMs: 120, videoSize: 100_000 });
	base = await sim.start();
	receiver = await startReceiver();
});
afterEach(async () => {
	await sim.stop();
	await receiver.close();
});

async function createJob(extra: Record<string, string> = {}): Promise<string> {
	const form = new FormData();
	form.append('discord', DISCORD);
	form.append('channel', CHANNEL);
	form.append('prompt', 'a cat surfing');
	for (const [k, v] of Object.entries(extra)) form.append(k, v);
	const res = await postForm(`${base}/v1/pika/create`, form, sim.token);
	expect(res.status).toBe(200);
	return res.json.jobid as string;
}

const poll = async (jobid: string): Promise<PikaJob> =>
	(await getJson(`${base}/v1/pika/jobs/?jobid=${encodeURIComponent(jobid)}`, sim.token))
		.json as PikaJob;

describe('lifecycle', () => {
	it('started → progress → completed with buttons and a served mp4 attachment', async () => {
		// Wider windows than the suite default so a loaded CI machine still sees every state.
		sim.configure({ progressAfterMs: 100, jobDurationMs: 300 });
		const jobid = await createJob();
		const seen = new Set<string>();
		const done = await sim.waitFor(async () => {
			const job = await poll(jobid);
			seen.add(job.status);
			return job.status === 'completed' ? job : undefined;
		});
		expect([...seen]).toEqual(['started', 'progress', 'completed']);
		expect(done.buttons).toEqual(['retry']);
		expect(done.attachments).toHaveLength(1);
		const att = done.attachments![0];
		expect(att).toEqual({
			id: expect.stringMatching(/^\d+$/),
			filename: expect.stringMatching(/^a_cat_surfing_seed\d+\.mp4$/),
			size: 100_000,
			url: expect.stringMatching(
				new RegExp(`^${base}/cdn/attachments/.+\\.mp4\\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]+$`),
			),
			proxy_url: expect.stringContaining(`${base}/media/attachments/`),
			width: 1024,
			height: 576,
			content_type: 'video/mp4',
		});

		const video = await http(att.url); // no Authorization: it is a CDN
		expect(video.status).toBe(200);
		expect(video.headers['content-type']).toBe('video/mp4');
		expect(video.headers['content-length']).toBe('100000');
		expect(video.body.equals(sim.videoBytesFor(jobid))).toBe(true);
		expect(video.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect((await http(att.proxy_url)).body.equals(video.body)).toBe(true);

		await http(att.url, { headers: { authorization: 'Bearer leaked' } });
		expect(sim.downloads.map((d) => [d.status, d.authorizationSent, d.jobid])).toEqual([
			[200, false, jobid],
			[200, false, jobid],
			[200, true, jobid],
		]);
	});

	it('outcome rule and per-job overrides decide failed / moderated', async () => {
		sim.configure({
			jobDurationMs: 300, // room for setJobOutcome() before the job ends, even on a slow machine
			outcome: (s) =>
				s.fields.prompt.includes('boom') ? { status: 'failed', error: 'GPU on fire' } : undefined,
		});
		const failing = await createJob({ prompt: 'boom' });
		const overridden = await createJob();
		sim.setJobOutcome(overridden, 'moderated');
		const [a, b] = await Promise.all([
			sim.waitFor(() => (sim.job(failing)?.status === 'failed' ? sim.job(failing) : undefined)),
			sim.waitFor(() =>
				sim.job(overridden)?.status === 'moderated' ? sim.job(overridden) : undefined,
			),
		]);
		expect(a.error).toBe('GPU on fire');
		expect(a).not.toHaveProperty('attachments');
		expect(b.error).toBe('Sorry, your input may be inconsistent with server rules.');
	});

	it('playableVideo: completed jobs serve the real MP4 fixture; an explicit size still wins', async () => {
		sim.configure({ playableVideo: true, jobDurationMs: Infinity, progressAfterMs: Infinity });
		const playable = await createJob();
		const sized = await createJob();
		const done = sim.finishNow(playable, 'completed');
		const att = done.attachments![0];
		expect([att.size, att.width, att.height]).toEqual([PLAYABLE_MP4.bytes.length, 320, 180]);
		const video = await http(att.url);
		expect(video.headers['content-length']).toBe(String(PLAYABLE_MP4.bytes.length));
		expect(video.body.equals(PLAYABLE_MP4.bytes)).toBe(true);
		expect(sim.videoBytesFor(playable).equals(PLAYABLE_MP4.bytes)).toBe(true);
		// A real H.264 MP4: an ftyp box, then a moov box before the media (+faststart).
		expect(video.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(video.body.indexOf('moov')).toBeLessThan(video.body.indexOf('mdat'));
		expect(video.body.indexOf('avc1')).toBeGreaterThan(0);

		sim.finishNow(sized, 'completed', { videoSize: 10 });
		expect(sim.videoBytesFor(sized)).toHaveLength(10);
	});

	it('Infinity duration: jobs only finish through the control API', async () => {
		sim.configure({ jobDurationMs: Infinity, progressAfterMs: Infinity });
		const jobid = await createJob();
		expect(sim.markProgress(jobid).status).toBe('progress');
		const done = sim.finishNow(jobid, 'completed', { videoSize: 10 });
		expect(done.attachments?.[0].size).toBe(10);
		expect(sim.videoBytesFor(jobid)).toHaveLength(10);
		expect(() => sim.completeJob(jobid)).toThrow('already completed');
	});
});

describe('attachments', () => {
	async function completed(): Promise<PikaJob> {
		sim.configure({ jobDurationMs: Infinity });
		return sim.completeJob(await createJob());
	}

	it('unsigned or tampered URLs and expired attachments → 404 "This content is no longer available."', async () => {
		const job = await completed();
		const url = job.attachments![0].url;
		for (const bad of [url.split('?')[0], url.replace(/hm=[0-9a-f]/, 'hm=x')]) {
			const res = await http(bad);
			expect(res.status).toBe(404);
			expect(res.text).toBe(EXPIRED_TEXT);
		}
		sim.expireAttachment(job.jobid);
		expect((await http(url)).text).toBe('This content is no longer available.');
		sim.expireAttachment(job.jobid, null);
		expect((await http(url)).status).toBe(200);
		sim.configure({ expireAttachments: true });
		const expired = await http(url);
		expect([expired.status, expired.text]).toEqual([404, EXPIRED_TEXT]);
	});

	it('streams a large video in chunks with the exact bytes', async () => {
		sim.configure({ videoSize: 96 * 1024 * 1024 });
		const job = await completed();
		const expected = createHash('sha256');
		for await (const chunk of sim.videoStreamFor(job.jobid)) expected.update(chunk as Buffer);
		const { hash, bytes, chunks } = await new Promise<{
			hash: string;
			bytes: number;
			chunks: number;
		}>((resolve, reject) => {
			request(job.attachments![0].url, { agent: false }, (res) => {
				const h = createHash('sha256');
				let n = 0;
				let c = 0;
				res.on('data', (chunk: Buffer) => {
					h.update(chunk);
					n += chunk.length;
					c++;
				});
				res.on('end', () => resolve({ hash: h.digest('hex'), bytes: n, chunks: c }));
				res.on('error', reject);
			})
				.on('error', reject)
				.end();
		});
		expect(bytes).toBe(96 * 1024 * 1024);
		expect(chunks).toBeGreaterThan(100);
		expect(hash).toBe(expected.digest('hex'));
	});
});

describe('callbacks', () => {
	it('POSTs the terminal job JSON to the per-job replyUrl', async () => {
		const jobid = await createJob({ replyUrl: `${receiver.url}/job-hook?k=1`, replyRef: 'ref-1' });
		await sim.waitFor(() => receiver.received.length === 1);
		const [cb] = receiver.received;
		expect(cb.method).toBe('POST');
		expect(cb.path).toBe('/job-hook?k=1');
		expect(cb.headers['content-type']).toBe('application/json');
		expect(cb.headers).not.toHaveProperty('authorization');
		expect(cb.body).toEqual({ ...sim.job(jobid), code: 200 });
		expect(cb.body).toMatchObject({
			status: 'completed',
			replyRef: 'ref-1',
			attachments: [expect.any(Object)],
		});
		await sim.flushCallbacks();
		expect(sim.callbacks).toEqual([
			expect.objectContaining({
				url: `${receiver.url}/job-hook?k=1`,
				jobid,
				status: 'completed',
				attempt: 1,
				responseStatus: 200,
				responseBody: 'ok',
			}),
		]);
	});

	it('falls back to the account default replyUrl from POST /v2/account', async () => {
		await sendJson(
			`${base}/v2/account`,
			'POST',
			{ replyUrl: `${receiver.url}/default` },
			sim.token,
		);
		const jobid = await createJob();
		await sim.waitFor(() => receiver.received.length === 1);
		expect(receiver.received[0]).toMatchObject({
			path: '/default',
			body: { jobid, status: 'completed' },
		});
	});

	it('refuses non-loopback targets and records it', async () => {
		const jobid = await createJob({ replyUrl: 'http://example.com/hook' });
		await sim.waitFor(() => sim.callbacks.length === 1);
		expect(sim.callbacks[0]).toMatchObject({
			jobid,
			refused: true,
			url: 'http://example.com/hook',
		});
		expect(sim.callbacks[0].responseStatus).toBeUndefined();
	});

	it('no retries by default; callbackRetries enables them; failures are recorded', async () => {
		receiver.status = 500;
		await createJob({ replyUrl: receiver.url });
		await sim.waitFor(
			() => sim.callbacks.length === 1 && sim.callbacks[0].responseStatus !== undefined,
		);
		await sim.flushCallbacks();
		expect(sim.callbacks.map((c) => c.responseStatus)).toEqual([500]);

		sim.clearLogs();
		sim.configure({ callbackRetries: 2, callbackRetryDelayMs: 10 });
		await createJob({ replyUrl: receiver.url });
		await sim.waitFor(
			() => sim.callbacks.length === 3 && sim.callbacks[2].responseStatus !== undefined,
		);
		expect(sim.callbacks.map((c) => [c.attempt, c.responseStatus])).toEqual([
			[1, 500],
			[2, 500],
			[3, 500],
		]);

		sim.clearLogs();
		await createJob({ replyUrl: 'http://127.0.0.1:1/closed' });
		await sim.waitFor(() => sim.callbacks.length === 3 && sim.callbacks[2].error !== undefined);
		expect(sim.callbacks[0].error).toMatch(/ECONNREFUSED/);
	});

	it('callbackOnProgress also posts the progress status', async () => {
		sim.configure({ callbackOnProgress: true });
		await createJob({ replyUrl: receiver.url });
		await sim.waitFor(() => receiver.received.length === 2);
		expect(receiver.received.map((r) => r.body.status)).toEqual(['progress', 'completed']);
	});

	it('stop() cancels pending lifecycles: nothing fires afterwards', async () => {
		sim.configure({ jobDurationMs: 300, progressAfterMs: Infinity });
		await createJob({ replyUrl: receiver.url });
		const jobid = sim.jobs[0].jobid;
		await sim.stop();
		await sleep(400);
		expect(sim.job(jobid)?.status).toBe('started');
		expect(sim.callbacks).toHaveLength(0);
		expect(receiver.received).toHaveLength(0);
	});
});

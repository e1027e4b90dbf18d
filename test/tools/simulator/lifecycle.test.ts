/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Job lifecycle, video download from the fake CDN, expiry, and replyUrl callbacks.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';

import { sleep } from 'n8n-workflow';

import { EXPIRED_TEXT, type PikaJob } from '../../../tools/simulator/index';
import { PLAYABLE_MP4 } from '../../../tools/simulator/video';
import { freshSimulatorEachTest, getJson, http, sendJson, startReceiver } from './setup';

const fx = freshSimulatorEachTest({ progressAfterMs: 40, jobDurationMs: 120, videoSize: 100_000 });
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
	receiver = await startReceiver();
});
afterEach(async () => await receiver.close());

const createJob = async (fields: Record<string, string> = {}): Promise<string> =>
	await fx.seedJob({ prompt: 'a cat surfing', ...fields });

const poll = async (jobid: string): Promise<PikaJob> =>
	(await getJson(`${fx.base}/v1/pika/jobs/?jobid=${encodeURIComponent(jobid)}`, fx.sim.token))
		.json as PikaJob;

describe('lifecycle', () => {
	it('started → progress → completed with buttons and a served mp4 attachment', async () => {
		// Wider windows than the suite default so a loaded CI machine still sees every state.
		fx.sim.configure({ progressAfterMs: 100, jobDurationMs: 300 });
		const jobid = await createJob();
		const seen = new Set<string>();
		const done = await fx.sim.waitFor(async () => {
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
				new RegExp(
					`^${fx.base}/cdn/attachments/.+\\.mp4\\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]+$`,
				),
			),
			proxy_url: expect.stringContaining(`${fx.base}/media/attachments/`),
			width: 1024,
			height: 576,
			content_type: 'video/mp4',
		});

		const video = await http(att.url); // no Authorization: it is a CDN
		expect(video.status).toBe(200);
		expect(video.headers['content-type']).toBe('video/mp4');
		expect(video.headers['content-length']).toBe('100000');
		expect(video.body.equals(fx.sim.videoBytesFor(jobid))).toBe(true);
		expect(video.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect((await http(att.proxy_url)).body.equals(video.body)).toBe(true);

		await http(att.url, { headers: { authorization: 'Bearer leaked' } });
		expect(fx.sim.downloads.map((d) => [d.status, d.authorizationSent, d.jobid])).toEqual([
			[200, false, jobid],
			[200, false, jobid],
			[200, true, jobid],
		]);
	});

	it('outcome rule and per-job overrides decide failed / moderated', async () => {
		fx.sim.configure({
			jobDurationMs: 300, // room for setJobOutcome() before the job ends, even on a slow machine
			outcome: (s) =>
				s.fields.prompt.includes('boom') ? { status: 'failed', error: 'GPU on fire' } : undefined,
		});
		const failing = await createJob({ prompt: 'boom' });
		const overridden = await createJob();
		fx.sim.setJobOutcome(overridden, 'moderated');
		const [a, b] = await Promise.all([
			fx.sim.waitFor(() =>
				fx.sim.job(failing)?.status === 'failed' ? fx.sim.job(failing) : undefined,
			),
			fx.sim.waitFor(() =>
				fx.sim.job(overridden)?.status === 'moderated' ? fx.sim.job(overridden) : undefined,
			),
		]);
		expect(a.error).toBe('GPU on fire');
		expect(a).not.toHaveProperty('attachments');
		expect(b.error).toBe('Sorry, your input may be inconsistent with server rules.');
	});

	it('playableVideo: completed jobs serve the real MP4 fixture; an explicit size still wins', async () => {
		fx.sim.configure({ playableVideo: true, jobDurationMs: Infinity, progressAfterMs: Infinity });
		const playable = await createJob();
		const sized = await createJob();
		const done = fx.sim.finishNow(playable, 'completed');
		const att = done.attachments![0];
		expect([att.size, att.width, att.height]).toEqual([PLAYABLE_MP4.bytes.length, 320, 180]);
		const video = await http(att.url);
		expect(video.headers['content-length']).toBe(String(PLAYABLE_MP4.bytes.length));
		expect(video.body.equals(PLAYABLE_MP4.bytes)).toBe(true);
		expect(fx.sim.videoBytesFor(playable).equals(PLAYABLE_MP4.bytes)).toBe(true);
		// A real H.264 MP4: an ftyp box, then a moov box before the media (+faststart).
		expect(video.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(video.body.indexOf('moov')).toBeLessThan(video.body.indexOf('mdat'));
		expect(video.body.indexOf('avc1')).toBeGreaterThan(0);

		fx.sim.finishNow(sized, 'completed', { videoSize: 10 });
		expect(fx.sim.videoBytesFor(sized)).toHaveLength(10);
	});

	it('Infinity duration: jobs only finish through the control API', async () => {
		fx.sim.configure({ jobDurationMs: Infinity, progressAfterMs: Infinity });
		const jobid = await createJob();
		expect(fx.sim.markProgress(jobid).status).toBe('progress');
		const done = fx.sim.finishNow(jobid, 'completed', { videoSize: 10 });
		expect(done.attachments?.[0].size).toBe(10);
		expect(fx.sim.videoBytesFor(jobid)).toHaveLength(10);
		expect(() => fx.sim.completeJob(jobid)).toThrow('already completed');
	});
});

describe('attachments', () => {
	async function completed(): Promise<PikaJob> {
		fx.sim.configure({ jobDurationMs: Infinity });
		return fx.sim.completeJob(await createJob());
	}

	it('unsigned or tampered URLs and expired attachments → 404 "This content is no longer available."', async () => {
		const job = await completed();
		const url = job.attachments![0].url;
		for (const bad of [url.split('?')[0], url.replace(/hm=[0-9a-f]/, 'hm=x')]) {
			const res = await http(bad);
			expect(res.status).toBe(404);
			expect(res.text).toBe(EXPIRED_TEXT);
		}
		fx.sim.expireAttachment(job.jobid);
		expect((await http(url)).text).toBe('This content is no longer available.');
		fx.sim.expireAttachment(job.jobid, null);
		expect((await http(url)).status).toBe(200);
		fx.sim.configure({ expireAttachments: true });
		const expired = await http(url);
		expect([expired.status, expired.text]).toEqual([404, EXPIRED_TEXT]);
	});

	it('streams a large video in chunks with the exact bytes', async () => {
		fx.sim.configure({ videoSize: 96 * 1024 * 1024 });
		const job = await completed();
		const expected = createHash('sha256');
		for await (const chunk of fx.sim.videoStreamFor(job.jobid)) expected.update(chunk as Buffer);
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
		await fx.sim.waitFor(() => receiver.received.length === 1);
		const [cb] = receiver.received;
		expect(cb.method).toBe('POST');
		expect(cb.path).toBe('/job-hook?k=1');
		expect(cb.headers['content-type']).toBe('application/json');
		expect(cb.headers).not.toHaveProperty('authorization');
		expect(cb.body).toEqual({ ...fx.sim.job(jobid), code: 200 });
		expect(cb.body).toMatchObject({
			status: 'completed',
			replyRef: 'ref-1',
			attachments: [expect.any(Object)],
		});
		await fx.sim.flushCallbacks();
		expect(fx.sim.callbacks).toEqual([
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
			`${fx.base}/v2/account`,
			'POST',
			{ replyUrl: `${receiver.url}/default` },
			fx.sim.token,
		);
		const jobid = await createJob();
		await fx.sim.waitFor(() => receiver.received.length === 1);
		expect(receiver.received[0]).toMatchObject({
			path: '/default',
			body: { jobid, status: 'completed' },
		});
	});

	it('refuses non-loopback targets and records it', async () => {
		const jobid = await createJob({ replyUrl: 'http://example.com/hook' });
		await fx.sim.waitFor(() => fx.sim.callbacks.length === 1);
		expect(fx.sim.callbacks[0]).toMatchObject({
			jobid,
			refused: true,
			url: 'http://example.com/hook',
		});
		expect(fx.sim.callbacks[0].responseStatus).toBeUndefined();
	});

	it('no retries by default; callbackRetries enables them; failures are recorded', async () => {
		receiver.status = 500;
		await createJob({ replyUrl: receiver.url });
		await fx.sim.waitFor(
			() => fx.sim.callbacks.length === 1 && fx.sim.callbacks[0].responseStatus !== undefined,
		);
		await fx.sim.flushCallbacks();
		expect(fx.sim.callbacks.map((c) => c.responseStatus)).toEqual([500]);

		fx.sim.clearLogs();
		fx.sim.configure({ callbackRetries: 2, callbackRetryDelayMs: 10 });
		await createJob({ replyUrl: receiver.url });
		await fx.sim.waitFor(
			() => fx.sim.callbacks.length === 3 && fx.sim.callbacks[2].responseStatus !== undefined,
		);
		expect(fx.sim.callbacks.map((c) => [c.attempt, c.responseStatus])).toEqual([
			[1, 500],
			[2, 500],
			[3, 500],
		]);

		fx.sim.clearLogs();
		await createJob({ replyUrl: 'http://127.0.0.1:1/closed' });
		await fx.sim.waitFor(
			() => fx.sim.callbacks.length === 3 && fx.sim.callbacks[2].error !== undefined,
		);
		expect(fx.sim.callbacks[0].error).toMatch(/ECONNREFUSED/);
	});

	it('callbackOnProgress also posts the progress status', async () => {
		fx.sim.configure({ callbackOnProgress: true });
		await createJob({ replyUrl: receiver.url });
		await fx.sim.waitFor(() => receiver.received.length === 2);
		expect(receiver.received.map((r) => r.body.status)).toEqual(['progress', 'completed']);
	});

	it('stop() cancels pending lifecycles: nothing fires afterwards', async () => {
		fx.sim.configure({ jobDurationMs: 300, progressAfterMs: Infinity });
		await createJob({ replyUrl: receiver.url });
		const jobid = fx.sim.jobs[0].jobid;
		await fx.sim.stop();
		await sleep(400);
		expect(fx.sim.job(jobid)?.status).toBe('started');
		expect(fx.sim.callbacks).toHaveLength(0);
		expect(receiver.received).toHaveLength(0);
	});
});

/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * replyUrl callbacks: "API will call the provided replyUrl once job completed or failed."
 *
 * The body is the job JSON (same shape as GET pika/jobs/?jobid=), POSTed as application/json,
 * with no signature and — as documented, i.e. nothing is documented — no retries unless the
 * `callbackRetries` toggle asks for them. The simulator only ever calls loopback http targets:
 * anything else is recorded as refused, so a test can never make it reach the internet.
 */
import { request } from 'node:http';

import { sleep } from 'n8n-workflow';

import { snapshot, type JobRecord, type SimState } from './state';
import type { CallbackRecord, PikaJob } from './types';

const MAX_RECORDED_RESPONSE = 4096;

/** Only http://localhost, http://127.0.0.0/8 and http://[::1] are allowed. */
export function isLoopbackTarget(url: URL): boolean {
	if (url.protocol !== 'http:') return false;
	const host = url.hostname.toLowerCase();
	return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The job's own replyUrl wins; otherwise the account default as it was when the job was created. */
export function callbackTarget(job: JobRecord): string | undefined {
	return job.view.replyUrl || job.accountReplyUrl || undefined;
}

/** Fires the callback for the job's current status in the background (tracked for stop()). */
export function scheduleCallback(state: SimState, job: JobRecord): void {
	const target = callbackTarget(job);
	if (!target) return;
	const body = { ...snapshot(job), code: 200 };
	state.track(deliver(state, target, body), 'callback');
}

async function deliver(
	state: SimState,
	target: string,
	body: PikaJob & { code: number },
): Promise<void> {
	const { callbackRetries, callbackRetryDelayMs } = state.opts;
	for (let attempt = 1; attempt <= 1 + Math.max(0, callbackRetries); attempt++) {
		const record: CallbackRecord = {
			url: target,
			jobid: body.jobid,
			status: body.status,
			attempt,
			sentAt: new Date().toISOString(),
			body,
		};
		state.logs.callbacks.push(record);

		let url: URL | undefined;
		try {
			url = new URL(target);
		} catch {
			url = undefined;
		}
		if (!url || !isLoopbackTarget(url)) {
			record.refused = true;
			record.error = 'refused: the simulator only calls loopback http URLs';
			return;
		}

		const ok = await post(state, url, body, record);
		if (ok || state.stopSignal.aborted || attempt > callbackRetries) return;
		try {
			await sleep(callbackRetryDelayMs, state.stopSignal);
		} catch {
			return; // stopped while waiting to retry
		}
	}
}

/** One delivery attempt; fills in the record; resolves true on a 2xx. */
function post(state: SimState, url: URL, body: unknown, record: CallbackRecord): Promise<boolean> {
	const payload = Buffer.from(JSON.stringify(body), 'utf8');
	return new Promise<boolean>((resolve) => {
		const finish = (ok: boolean, error?: string) => {
			if (error !== undefined && record.error === undefined) record.error = error;
			resolve(ok);
		};
		const req = request(
			url,
			{
				method: 'POST',
				// agent:false = one connection per callback, closed afterwards (no lingering sockets).
				agent: false,
				signal: state.stopSignal,
				timeout: state.opts.callbackTimeoutMs,
				headers: {
					'content-type': 'application/json',
					'content-length': String(payload.length),
					'user-agent': 'useapi-pika-simulator',
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				let size = 0;
				res.on('data', (chunk: Buffer) => {
					if (size < MAX_RECORDED_RESPONSE) chunks.push(chunk);
					size += chunk.length;
				});
				res.on('end', () => {
					record.responseStatus = res.statusCode;
					record.responseBody = Buffer.concat(chunks)
						.toString('utf8')
						.slice(0, MAX_RECORDED_RESPONSE);
					const status = res.statusCode ?? 0;
					finish(status >= 200 && status < 300);
				});
				res.on('error', (err) => finish(false, err.message));
			},
		);
		req.on('timeout', () =>
			req.destroy(new Error(`timeout after ${state.opts.callbackTimeoutMs} ms`)),
		);
		req.on('error', (err) => finish(false, err.message));
		req.end(payload);
	});
}

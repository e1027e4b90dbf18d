/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Generated videos and the fake Discord CDN that serves them.
 *
 * Bytes are a pure function of (jobid, size): an MP4 `ftyp` box followed by an AES-256-CTR
 * keystream keyed by the jobid. CTR mode is fast (GB/s) and can be produced chunk by chunk, so
 * hundreds of MB are streamed without ever being held in memory, and tests can recompute the
 * exact same bytes with `videoBytes()` / `videoStream()`.
 *
 * URLs carry Discord's `?ex=&is=&hm=` signature; like the real CDN, a URL without a valid
 * signature (or an expired attachment) answers 404 "This content is no longer available.".
 */
import { createCipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { errorReply, type Reply } from './httpIo';
import type { JobRecord, SimState } from './state';

const CHUNK = 64 * 1024;
export const EXPIRED_TEXT = 'This content is no longer available.';

/**
 * The real MP4 served when the `playableVideo` option is on: 2 s, 320×180, made by
 * tools/simulator/fixtures/make-playable-mp4.sh (ffmpeg test pattern, nothing downloaded).
 */
export const PLAYABLE_MP4 = {
	bytes: readFileSync(join(__dirname, 'fixtures', 'playable.mp4')),
	width: 320,
	height: 180,
} as const;

/** 32-byte `ftyp` box (isom, compatible isom/iso2/avc1/mp41) so sniffers see an MP4. */
function ftypHeader(): Buffer {
	const header = Buffer.alloc(32);
	header.writeUInt32BE(32, 0);
	header.write('ftypisom', 4, 'latin1');
	header.writeUInt32BE(0x200, 12);
	header.write('isomiso2avc1mp41', 16, 'latin1');
	return header;
}
const HEADER = ftypHeader();

/** Yields the video of `jobid` in chunks; every call yields identical bytes. */
export function* videoChunks(jobid: string, size: number, chunkSize = CHUNK): Generator<Buffer> {
	const key = createHash('sha256').update(`pika-simulator-video:${jobid}`).digest();
	const iv = createHash('sha256').update(`pika-simulator-iv:${jobid}`).digest().subarray(0, 16);
	const cipher = createCipheriv('aes-256-ctr', key, iv);
	const zeros = Buffer.alloc(chunkSize);
	let offset = 0;
	while (offset < size) {
		const n = Math.min(chunkSize, size - offset);
		const chunk = cipher.update(zeros.subarray(0, n));
		if (offset < HEADER.length) HEADER.copy(chunk, 0, offset, Math.min(HEADER.length, offset + n));
		offset += n;
		yield chunk;
	}
}

/** The whole video as one Buffer (only sensible for small sizes). */
export function videoBytes(jobid: string, size: number): Buffer {
	return Buffer.concat([...videoChunks(jobid, size)], size);
}

/** The video as a pull-based stream (backpressure-aware; nothing is buffered ahead). */
export function videoStream(jobid: string, size: number): Readable {
	return Readable.from(videoChunks(jobid, size), { objectMode: false, highWaterMark: CHUNK });
}

function sign(secret: Buffer, jobid: string, filename: string, ex: string, is: string): string {
	return createHmac('sha256', secret).update(`${jobid}/${filename}?${ex}&${is}`).digest('hex');
}

/** Builds the CDN (and media proxy) URLs of a job's video, Discord-style signed. */
export function attachmentUrls(
	state: SimState,
	jobid: string,
	filename: string,
	now: number = Date.now(),
): { url: string; proxy_url: string } {
	const is = Math.floor(now / 1000).toString(16);
	const ex = (Math.floor(now / 1000) + 24 * 3600).toString(16);
	const hm = sign(state.secret, jobid, filename, ex, is);
	const tail = `attachments/${encodeURIComponent(jobid)}/${encodeURIComponent(filename)}?ex=${ex}&is=${is}&hm=${hm}`;
	return { url: `${state.baseUrl}/cdn/${tail}`, proxy_url: `${state.baseUrl}/media/${tail}` };
}

export function isAttachmentPath(path: string): boolean {
	return /^\/(cdn|media)\/attachments\//.test(path);
}

function validSignature(
	state: SimState,
	jobid: string,
	filename: string,
	query: Record<string, string>,
): boolean {
	const { ex, is, hm } = query;
	if (!ex || !is || !hm || !/^[0-9a-f]+$/.test(hm)) return false;
	const expected = Buffer.from(sign(state.secret, jobid, filename, ex, is), 'hex');
	const given = Buffer.from(hm, 'hex');
	return given.length === expected.length && timingSafeEqual(given, expected);
}

function isExpired(state: SimState, job: JobRecord): boolean {
	return job.attachmentExpired ?? state.opts.expireAttachments;
}

/** GET/HEAD /cdn/attachments/<jobid>/<file> — needs no Authorization (it is a CDN). */
export function serveAttachment(
	state: SimState,
	req: IncomingMessage,
	path: string,
	query: Record<string, string>,
): Reply {
	const segments = path.split('/');
	let jobid: string | undefined;
	let reply: Reply;
	try {
		jobid = segments.length === 5 ? decodeURIComponent(segments[3]) : undefined;
		const filename = segments.length === 5 ? decodeURIComponent(segments[4]) : '';
		const job = jobid !== undefined ? state.jobs.get(jobid) : undefined;
		const attachment = job?.view.attachments?.find((a) => a.filename === filename);
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			reply = errorReply(405, `Method ${req.method ?? ''} not allowed`);
		} else if (!job || !attachment || job.videoSize === undefined || jobid === undefined) {
			reply = { status: 404, raw: 'Not Found' };
		} else if (isExpired(state, job) || !validSignature(state, jobid, filename, query)) {
			reply = { status: 404, raw: EXPIRED_TEXT };
		} else {
			reply = {
				status: 200,
				stream: job.playable
					? Readable.from([PLAYABLE_MP4.bytes])
					: videoStream(jobid, job.videoSize),
				headers: {
					'content-type': 'video/mp4',
					'content-length': String(job.videoSize),
					'cache-control': 'public, max-age=31536000',
				},
			};
		}
	} catch {
		reply = { status: 404, raw: 'Not Found' }; // undecodable percent-escapes
	}
	state.logs.downloads.push({
		path,
		method: req.method ?? '',
		jobid,
		authorizationSent: req.headers.authorization !== undefined,
		status: reply.status,
		bytes: reply.stream ? Number(reply.headers?.['content-length']) : 0,
		at: new Date().toISOString(),
	});
	return reply;
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark code runs under plain Node, never inside n8n */
/**
 * One memory sample, in a fresh Node process (started by bench/memory.ts with --expose-gc):
 * n8n-core's engine (tools/n8n-core, filesystem binary mode) runs the built Pika node — or the
 * baseline of the same run — once small to warm up, then once for real. Prints one JSON line:
 * RSS before the work, the kernel's peak RSS during it (VmHWM, reset first), and timestamps,
 * so the parent can also take the peak of its own samples in that window.
 */
import { randomFillSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { binaryBytes, binaryProperty, runPikaNode, useBinaryMode } from '../tools/n8n-core/runNode';

export type ChildMode = 'download-stream' | 'download-buffered' | 'upload' | 'upload-read';

export interface ChildArgs {
	mode: ChildMode;
	simUrl: string;
	token: string;
	/** Download modes: a small job to warm up with, and the measured one. */
	warmJobid?: string;
	jobid?: string;
	/** Upload modes: size of the start image. */
	bytes?: number;
	/** Diagnostic: force a minor GC this often during the measured work (what is live, not garbage). */
	gcEveryMs?: number;
}

export interface ChildReport {
	mode: ChildMode;
	node: string;
	baselineRss: number;
	peakRss: number;
	hwmReset: boolean;
	startedAt: number;
	endedAt: number;
	resultBytes: number;
	error?: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built node, as n8n loads it
const { Pika } = require(join(__dirname, '..', 'dist', 'nodes', 'Pika', 'Pika.node.js')) as {
	Pika: new () => INodeType;
};

/** The non-streamed equivalent of Download Video: the whole body in one Buffer, then stored. */
const bufferedDownload: INodeType = {
	description: {
		displayName: 'Buffered download',
		name: 'bufferedDownload',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const url = this.getNodeParameter('url', 0) as string;
		const body = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
		})) as Buffer;
		const binary = await this.helpers.prepareBinaryData(
			Buffer.from(body),
			'video.mp4',
			'video/mp4',
		);
		return [[{ json: {}, binary: { data: binary } }]];
	},
};

function rssOf(field: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
		readFileSync('/proc/self/status', 'utf8'),
	);
	return match ? Number(match[1]) * 1024 : Number.NaN;
}

async function settle(): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	for (let i = 0; i < 3; i++) {
		gc?.();
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function videoUrl(args: ChildArgs, jobid: string): Promise<string> {
	const response = await fetch(`${args.simUrl}/v1/pika/jobs/?jobid=${encodeURIComponent(jobid)}`, {
		headers: { authorization: `Bearer ${args.token}` },
	});
	const job = (await response.json()) as { attachments?: Array<{ url: string }> };
	const url = job.attachments?.[0]?.url;
	if (!url) throw new Error(`job ${jobid} has no attachment`);
	return url;
}

async function main(): Promise<void> {
	const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
	const credentials = { apiToken: args.token, baseUrl: args.simUrl };
	await useBinaryMode('filesystem');

	let work: (real: boolean) => Promise<number>;
	if (args.mode === 'download-stream' || args.mode === 'download-buffered') {
		const run = async (jobid: string) => {
			const result =
				args.mode === 'download-stream'
					? await runPikaNode({
							nodeType: new Pika(),
							credentials,
							parameters: {
								resource: 'job',
								operation: 'get',
								jobId: jobid,
								options: { downloadVideo: true },
							},
						})
					: await runPikaNode({
							nodeType: bufferedDownload,
							credentials,
							parameters: { url: await videoUrl(args, jobid) },
						});
			if (result.error) throw new Error(result.error.message);
			return Number(result.items[0]?.binary?.data?.bytes ?? Number.NaN);
		};
		work = async (real) => await run(real ? String(args.jobid) : String(args.warmJobid));
	} else {
		const image = async (size: number) => {
			const bytes = Buffer.alloc(size);
			randomFillSync(bytes);
			return await binaryProperty(bytes, 'start.png', 'image/png', 'filesystem');
		};
		const warm = await image(4096);
		const big = await image(Number(args.bytes));
		work = async (real) => {
			const binary = real ? big : warm;
			if (args.mode === 'upload-read') return (await binaryBytes(binary)).length;
			const result = await runPikaNode({
				nodeType: new Pika(),
				credentials,
				parameters: {
					resource: 'job',
					operation: 'create',
					prompt: 'Bench upload',
					useImage: true,
					imageBinaryPropertyName: 'data',
				},
				items: [{ json: {}, binary: { data: binary } }],
			});
			if (result.error) throw new Error(result.error.message);
			return Number(
				(result.items[0]?.json.image as { size?: number } | undefined)?.size ?? Number.NaN,
			);
		};
	}

	await work(false);
	await settle();
	const baselineRss = rssOf('VmRSS');
	let hwmReset = true;
	try {
		writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
	} catch {
		hwmReset = false;
	}
	const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
	const gcTimer =
		args.gcEveryMs && gc ? setInterval(() => gc({ type: 'minor' }), args.gcEveryMs) : undefined;
	const startedAt = Date.now();
	const resultBytes = await work(true).finally(() => clearInterval(gcTimer));
	const endedAt = Date.now();
	const report: ChildReport = {
		mode: args.mode,
		node: process.version,
		baselineRss,
		peakRss: rssOf('VmHWM'),
		hwmReset,
		startedAt,
		endedAt,
		resultBytes,
	};
	process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stdout.write(
			`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`,
		);
		process.exit(1);
	},
);

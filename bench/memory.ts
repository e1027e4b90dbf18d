/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark code runs under plain Node, never inside n8n */
/**
 * Measure 4 — memory: peak RSS growth of a fresh Node process running n8n-core with filesystem
 * binary data (bench/memoryChild.ts) while the built Pika node downloads a 200 MiB video and
 * uploads a 50 MiB start image; baselines of the same run: buffering the same download, and
 * reading the same image into memory once. The simulator runs here, in the parent, so its own
 * memory is not counted. The parent samples the child's RSS every 2 ms as well.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createSimulator, type PikaSimulator } from '../tools/simulator';
import type { ChildArgs, ChildMode, ChildReport } from './memoryChild';
import { goal, goalText, log, mb, ratio, ratioOf, s, type MeasureResult } from './lib/report';
import { addAccounts, submitCreate } from './lib/sim';

const REPO = join(__dirname, '..');
const SAMPLE_EVERY_MS = 2;

interface Sample {
	growth: number;
	report: ChildReport;
	sampledPeak: number;
}

function rssOfPid(pid: number): number {
	try {
		const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0; // the process is gone
	}
}

/** Runs one child; its binary data store (TMPDIR) is a folder of its own, removed afterwards. */
async function runChild(node: string, args: ChildArgs): Promise<Sample> {
	const temp = mkdtempSync(join(tmpdir(), 'pika-bench-memory-'));
	try {
		return await runChildIn(node, args, temp);
	} finally {
		rmSync(temp, { recursive: true, force: true });
	}
}

async function runChildIn(node: string, args: ChildArgs, temp: string): Promise<Sample> {
	const child = spawn(
		node,
		['--expose-gc', '--import', 'tsx', join(__dirname, 'memoryChild.ts'), JSON.stringify(args)],
		{
			cwd: REPO,
			env: { ...process.env, TMPDIR: temp },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const samples: Array<[number, number]> = [];
	const timer = setInterval(
		() => child.pid && samples.push([Date.now(), rssOfPid(child.pid)]),
		SAMPLE_EVERY_MS,
	);
	const killTimer = setTimeout(() => child.kill('SIGKILL'), 300_000);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	clearInterval(timer);
	clearTimeout(killTimer);
	const lastLine = stdout.trim().split('\n').pop() ?? '{}';
	const report = JSON.parse(lastLine) as ChildReport;
	if (code !== 0 || report.error)
		throw new Error(
			`memory child ${args.mode} exited ${code}: ${report.error ?? ''}\n${stderr.slice(-2000)}`,
		);
	const inWindow = samples
		.filter(([t]) => t >= report.startedAt && t <= report.endedAt + SAMPLE_EVERY_MS)
		.map(([, rss]) => rss);
	const sampledPeak = Math.max(0, ...inWindow);
	const peak = Math.max(sampledPeak, report.hwmReset ? report.peakRss : 0);
	return { growth: peak - report.baselineRss, report, sampledPeak };
}

async function completedJob(sim: PikaSimulator, ch: string, videoSize: number): Promise<string> {
	sim.configure({ videoSize });
	const jobid = await submitCreate(sim, ch, `Bench memory ${videoSize}`);
	await sim.waitFor(() => sim.job(jobid)?.status === 'completed', 30_000, 10);
	return jobid;
}

export async function measureMemory(
	node: string,
	options: { downloadBytes: number; uploadBytes: number; reps: number },
): Promise<MeasureResult> {
	const sim = createSimulator({
		jobDurationMs: 1,
		progressAfterMs: 10_000,
		maxBodyBytes: options.uploadBytes + 8 * 2 ** 20,
	});
	try {
		const simUrl = await sim.start();
		const [ch] = addAccounts(sim, 1);
		const warmJobid = await completedJob(sim, ch, 64 * 1024);
		const jobid = await completedJob(sim, ch, options.downloadBytes);
		const doubleJobid = await completedJob(sim, ch, 2 * options.downloadBytes);
		const base = { simUrl, token: sim.token };
		/** `reps` fresh children; the one with the median growth, and the range of all. */
		const run = async (mode: ChildMode, extra: Partial<ChildArgs>, reps = 1) => {
			const all: Sample[] = [];
			for (let i = 0; i < reps; i++) {
				const sample = await runChild(node, { ...base, mode, ...extra });
				log(
					`memory: ${mode}: +${mb(sample.growth)} (baseline RSS ${mb(sample.report.baselineRss)}, ${s(sample.report.endedAt - sample.report.startedAt)})`,
				);
				all.push(sample);
			}
			all.sort((a, b) => a.growth - b.growth);
			return {
				...all[Math.floor((all.length - 1) / 2)],
				range: `${mb(all[0].growth)}–${mb(all[all.length - 1].growth)}`,
				all: all.map((x) => x.growth),
			};
		};
		const stream = await run('download-stream', { warmJobid, jobid }, options.reps);
		const buffered = await run('download-buffered', { warmJobid, jobid }, options.reps);
		// Diagnostics: the same download twice as large, and with a minor GC forced every 10 ms.
		const double = await run('download-stream', { warmJobid, jobid: doubleJobid });
		const live = await run('download-stream', { warmJobid, jobid, gcEveryMs: 10 });
		const upload = await run('upload', { bytes: options.uploadBytes }, options.reps);
		const uploadRead = await run('upload-read', { bytes: options.uploadBytes });
		for (const [name, sample, expected] of [
			['download', stream, options.downloadBytes],
			['buffered download', buffered, options.downloadBytes],
			['double download', double, 2 * options.downloadBytes],
			['upload', upload, options.uploadBytes],
		] as const) {
			if (sample.report.resultBytes !== expected)
				throw new Error(
					`memory: ${name} moved ${sample.report.resultBytes} bytes, expected ${expected}`,
				);
		}
		const uploadFactor = upload.growth / options.uploadBytes;
		const goals = [
			goal('download growth ≤ 64 MiB', stream.growth <= 64 * 2 ** 20),
			goal('upload growth ≤ 1.5× file size', uploadFactor <= 1.5),
			goal('upload growth ≤ 1.1× file size (stretch)', uploadFactor <= 1.1),
		];
		return {
			name: 'memory',
			line:
				`4 memory (n8n-core, filesystem binary mode, fresh Node ${stream.report.node} process each, median of ${options.reps}): ` +
				`Download Video of ${mb(options.downloadBytes, 0)}: peak RSS +${mb(stream.growth)} (${stream.range}) vs buffering the same download +${mb(buffered.growth)} ` +
				`(${ratio(stream.growth / buffered.growth)}× of buffered; ${ratio(stream.growth / options.downloadBytes, 3)}× file size); ` +
				`upload of a ${mb(options.uploadBytes, 0)} start image: +${mb(upload.growth)} (${upload.range}) = ${ratio(uploadFactor)}× file size (reading it into memory once: +${mb(uploadRead.growth)}); ${goalText(goals)}`,
			goals,
			ratios: [
				ratioOf(
					`Download Video of ${mb(options.downloadBytes, 0)}: peak RSS growth, streamed / buffered`,
					stream.growth,
					buffered.growth,
					'bytes',
				),
				ratioOf(
					`upload of a ${mb(options.uploadBytes, 0)} start image: peak RSS growth / file size`,
					upload.growth,
					options.uploadBytes,
					'bytes',
					1.5,
				),
			],
			notes: [
				`download growth does not follow the file size: ${mb(2 * options.downloadBytes, 0)} → +${mb(double.growth)}; with a minor GC forced every 10 ms it is +${mb(live.growth)}: ` +
					'the rest is garbage (64 KiB network chunks already written to disk) that V8 collects only once ~64 MiB of Buffer memory has been allocated since its last GC',
				`peak = max(kernel VmHWM reset before the work, parent's ${SAMPLE_EVERY_MS} ms samples); baselines after a warm-up run and GC: download ${mb(stream.report.baselineRss)}, buffered ${mb(buffered.report.baselineRss)}, upload ${mb(upload.report.baselineRss)}`,
			],
			data: {
				downloadBytes: options.downloadBytes,
				uploadBytes: options.uploadBytes,
				downloadGrowth: stream.growth,
				bufferedDownloadGrowth: buffered.growth,
				uploadGrowth: upload.growth,
				uploadReadGrowth: uploadRead.growth,
				doubleDownloadGrowth: double.growth,
				downloadGrowthWithForcedGc: live.growth,
				samples: { stream, buffered, double, live, upload, uploadRead },
				reps: options.reps,
			},
		};
	} finally {
		await sim.stop();
	}
}

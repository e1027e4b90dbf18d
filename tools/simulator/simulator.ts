/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * PikaSimulator: owns the HTTP server and exposes the typed control API tests use.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

import { sleep } from 'n8n-workflow';

import { validateAccount } from './accounts';
import { DEFAULT_RUNTIME_OPTIONS, stripUndefined, yymmdd } from './options';
import { FaultTable } from './faults';
import { finishJob, markProgress, toOutcomeSpec } from './jobs';
import { createRequestHandler } from './router';
import { emptyLogs, isExecuting, snapshot, type JobRecord, type SimState } from './state';
import type {
	AccountConfig,
	CallbackRecord,
	DownloadRecord,
	FaultHandle,
	FaultRecord,
	FaultRule,
	JobOutcome,
	PikaJob,
	RequestRecord,
	RuntimeOptions,
	SimulatorOptions,
	UploadedFile,
} from './types';
import { PLAYABLE_MP4, videoBytes, videoStream } from './video';

export { DEFAULT_TOKEN } from './options';

export class PikaSimulator {
	private readonly state: SimState;
	private readonly faults = new FaultTable();
	private readonly tasks = new Set<Promise<unknown>>();
	private readonly callbackTasks = new Set<Promise<unknown>>();
	private stopController = new AbortController();
	private server?: Server;
	private readonly host: string;
	private readonly port: number;

	constructor(options: SimulatorOptions = {}) {
		const { host, port, accounts, accountReplyUrl, ...runtime } = options;
		this.host = host ?? '127.0.0.1';
		this.port = port ?? 0;
		const now = new Date();
		this.state = {
			opts: { ...DEFAULT_RUNTIME_OPTIONS, ...stripUndefined(runtime) },
			secret: randomBytes(32),
			accounts: new Map(),
			v2Account: {
				email: 'simulator@useapi.local',
				created: now.toISOString(),
				name: 'Pika Simulator',
				verified: true,
				sub: yymmdd(now),
				...(accountReplyUrl ? { replyUrl: accountReplyUrl } : {}),
			},
			jobs: new Map(),
			logs: emptyLogs(),
			baseUrl: '',
			stopSignal: this.stopController.signal,
			track: (task, kind) => this.track(task, kind),
		};
		for (const account of accounts ?? []) this.addAccount(account);
	}

	/** Starts listening; resolves to the base URL (e.g. http://127.0.0.1:34567). */
	async start(): Promise<string> {
		if (this.server) throw new Error('simulator already started');
		this.stopController = new AbortController();
		this.state.stopSignal = this.stopController.signal;
		const handle = createRequestHandler(this.state, this.faults);
		const server = createServer((req, res) => this.track(handle(req, res)));
		this.server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, this.host, () => {
				server.off('error', reject);
				resolve();
			});
		});
		const { port } = server.address() as AddressInfo;
		const host = this.host.includes(':') ? `[${this.host}]` : this.host;
		this.state.baseUrl = `http://${host}:${port}`;
		return this.state.baseUrl;
	}

	/** Closes the server and every connection, cancels all timers, waits for background work. */
	async stop(): Promise<void> {
		const server = this.server;
		this.stopController.abort();
		if (server) {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await closed;
			this.server = undefined;
		}
		while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
	}

	get baseUrl(): string {
		if (!this.state.baseUrl) throw new Error('simulator not started');
		return this.state.baseUrl;
	}

	/** The first configured API token (what a client should send). */
	get token(): string {
		return this.state.opts.tokens[0];
	}

	get options(): Readonly<RuntimeOptions> {
		return { ...this.state.opts };
	}

	/** Changes runtime options; timing changes apply to jobs submitted afterwards. */
	configure(patch: Partial<RuntimeOptions>): void {
		Object.assign(this.state.opts, stripUndefined(patch));
	}

	/** Configures a Pika account (same rules as POST /v1/pika/account/<channel>). */
	addAccount(account: { discord: string; channel: string; maxJobs?: number }): void {
		const result = validateAccount(
			this.state,
			{ ...account, maxJobs: account.maxJobs ?? 10 },
			String(account.channel),
		);
		if (typeof result === 'string') throw new Error(result);
		this.state.accounts.set(result.channel, result);
	}

	removeAccount(channel: string): boolean {
		return this.state.accounts.delete(channel);
	}

	/** Configured Pika accounts, unmasked. */
	get accounts(): AccountConfig[] {
		return [...this.state.accounts.values()].map((a) => ({ ...a }));
	}

	/** The /v2/account default replyUrl (undefined = none). */
	get accountReplyUrl(): string | undefined {
		return this.state.v2Account.replyUrl;
	}

	set accountReplyUrl(url: string | undefined) {
		if (url) this.state.v2Account.replyUrl = url;
		else delete this.state.v2Account.replyUrl;
	}

	/** Snapshots of all jobs, in creation order. */
	get jobs(): PikaJob[] {
		return [...this.state.jobs.values()].map(snapshot);
	}

	job(jobid: string): PikaJob | undefined {
		const job = this.state.jobs.get(jobid);
		return job && snapshot(job);
	}

	/** Files uploaded with the submit that created the job. */
	uploadsOf(jobid: string): UploadedFile[] {
		return this.record(jobid).uploads;
	}

	/** Changes how an executing job will end. */
	setJobOutcome(jobid: string, outcome: JobOutcome): void {
		const job = this.record(jobid);
		if (!isExecuting(job)) throw new Error(`job ${jobid} is already ${job.view.status}`);
		job.outcome = toOutcomeSpec(outcome);
	}

	/** Forces started → progress now. */
	markProgress(jobid: string): PikaJob {
		markProgress(this.state, this.record(jobid));
		return this.job(jobid) as PikaJob;
	}

	/** Completes an executing job now (fires its callback). */
	completeJob(jobid: string): PikaJob {
		return this.finishNow(jobid, 'completed');
	}

	/** Ends an executing job now with the given status (default: its planned outcome). */
	finishNow(
		jobid: string,
		status?: 'completed' | 'failed' | 'moderated' | 'cancelled',
		detail: { error?: string; errorDetails?: string; videoSize?: number } = {},
	): PikaJob {
		const job = this.record(jobid);
		const planned = job.outcome;
		const final = status ?? planned.status;
		const merged = final === planned.status ? { ...planned, ...detail } : detail;
		if (!finishJob(this.state, job, final, merged)) {
			throw new Error(`job ${jobid} is already ${job.view.status}`);
		}
		return snapshot(job);
	}

	/** Per-job override of the expireAttachments toggle (null = follow the toggle again). */
	expireAttachment(jobid: string, expired: boolean | null = true): void {
		this.record(jobid).attachmentExpired = expired ?? undefined;
	}

	/** The exact bytes the CDN serves for a completed job (small sizes only). */
	videoBytesFor(jobid: string): Buffer {
		return this.record(jobid).playable
			? PLAYABLE_MP4.bytes
			: videoBytes(jobid, this.videoSizeOf(jobid));
	}

	/** The same bytes as a stream (for large sizes). */
	videoStreamFor(jobid: string): Readable {
		return this.record(jobid).playable
			? Readable.from([PLAYABLE_MP4.bytes])
			: videoStream(jobid, this.videoSizeOf(jobid));
	}

	get requests(): readonly RequestRecord[] {
		return this.state.logs.requests;
	}

	get callbacks(): readonly CallbackRecord[] {
		return this.state.logs.callbacks;
	}

	get downloads(): readonly DownloadRecord[] {
		return this.state.logs.downloads;
	}

	get faultsServed(): readonly FaultRecord[] {
		return this.state.logs.faultsServed;
	}

	/** Jobs created by submit endpoints since start / the last clearLogs() (422 moderated ones included). */
	get createdJobCount(): number {
		return this.state.logs.createdJobCount;
	}

	/** Empties requests, callbacks, downloads, faultsServed and resets createdJobCount. */
	clearLogs(): void {
		Object.assign(this.state.logs, emptyLogs());
	}

	injectFault(rule: FaultRule): FaultHandle {
		return this.faults.add(rule);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	/** Resolves when every callback delivery in flight (including its retries) has settled. */
	async flushCallbacks(): Promise<void> {
		while (this.callbackTasks.size > 0) await Promise.allSettled([...this.callbackTasks]);
	}

	/** Polls `predicate` until it returns a truthy value (returned), or throws after timeoutMs. */
	async waitFor<T>(
		predicate: () => T | Promise<T>,
		timeoutMs = 2000,
		intervalMs = 5,
	): Promise<NonNullable<T>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await predicate();
			if (value) return value as NonNullable<T>;
			if (Date.now() >= deadline)
				throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
			await sleep(intervalMs);
		}
	}

	private record(jobid: string): JobRecord {
		const job = this.state.jobs.get(jobid);
		if (!job) throw new Error(`unknown job ${jobid}`);
		return job;
	}

	private videoSizeOf(jobid: string): number {
		const size = this.record(jobid).videoSize;
		if (size === undefined) throw new Error(`job ${jobid} has no video (not completed)`);
		return size;
	}

	private track(task: Promise<unknown>, kind?: 'callback'): void {
		const settled = task.then(
			() => undefined,
			() => undefined,
		);
		this.tasks.add(settled);
		if (kind === 'callback') this.callbackTasks.add(settled);
		void settled.then(() => {
			this.tasks.delete(settled);
			this.callbackTasks.delete(settled);
		});
	}
}

export function createSimulator(options?: SimulatorOptions): PikaSimulator {
	return new PikaSimulator(options);
}

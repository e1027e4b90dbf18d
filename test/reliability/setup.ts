/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Shared pieces of the reliability suite: a simulator per test (nothing is shared between the
 * fault matrix's rows), a port where nothing listens,
 * a Pika node whose HTTP timeouts the test shortens, and the endpoints the node calls.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

import { Pika } from '../../nodes/Pika/Pika.node';
import type { RunNodeResult } from '../../tools/n8n-core/runNode';
import { binaryProperty, runPikaNode, useBinaryMode } from '../../tools/n8n-core/runNode';
import { ACCOUNT, CREDENTIAL_DISCORD } from '../nodes/Pika/setup';
import { createSimulator } from '../../tools/simulator';
import type { PikaSimulator, SimulatorOptions } from '../../tools/simulator';

/**
 * n8n-core's binary data service, set up once for the file. A promise rather than a
 * beforeAll hook, so every helper that runs the node can await it itself.
 */
export const ready: Promise<void> = useBinaryMode('default');

/** A second configured account, so Delete and Cancel have two things to act on. */
export const OTHER_ACCOUNT = {
	discord: 'MTMz.second-configured-account-token.Wd7e',
	channel: '1190000000000000002',
	maxJobs: 10,
};

/** A channel no account uses yet (Create or Update). */
export const NEW_CHANNEL = '1190000000000000999';

/** A small PNG (signature and a few bytes): enough for the image checks and the upload. */
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

export async function imageItem(
	json: INodeExecutionData['json'] = {},
	property = 'data',
): Promise<INodeExecutionData> {
	return { json, binary: { [property]: await binaryProperty(PNG, 'start.png', 'image/png') } };
}

/** A started simulator whose jobs run until the test finishes them (nothing depends on timing). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<PikaSimulator> {
	await ready;
	const sim = createSimulator({
		jobDurationMs: Infinity,
		progressAfterMs: Infinity,
		accounts: [ACCOUNT, OTHER_ACCOUNT],
		...options,
	});
	await sim.start();
	return sim;
}

export function credentialsFor(
	sim: PikaSimulator,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { apiToken: sim.token, baseUrl: sim.baseUrl, ...extra };
}

/** A loopback port with nothing listening: connecting to it is refused. */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/**
 * The Pika node with every HTTP timeout cut to `ms`, for the "response timeout" faults. The
 * production defaults (120 s per API request, 10 min per download) stay untouched: the test
 * wraps n8n's own HTTP helpers for this one execution, the node code is the real one.
 */
export function pikaWithTimeout(ms: number): INodeType {
	const pika = new Pika();
	return {
		description: pika.description,
		methods: pika.methods,
		async execute(this: IExecuteFunctions) {
			const { httpRequest, httpRequestWithAuthentication } = this.helpers;
			this.helpers.httpRequest = async function (options) {
				return await httpRequest.call(this, { ...options, timeout: ms });
			};
			this.helpers.httpRequestWithAuthentication = async function (type, options, ...rest) {
				return await httpRequestWithAuthentication.call(
					this,
					type,
					{ ...options, timeout: ms },
					...rest,
				);
			};
			return await pika.execute.call(this);
		},
	};
}

/**
 * Resolves once the simulator has handled every request it received: answered it (its status
 * is known before the answer is written, even to a client that already gave up), reset it or
 * dropped it. A submit answered late has created its job by then.
 */
export async function settled(sim: PikaSimulator): Promise<void> {
	await sim.waitFor(
		() =>
			sim.requests.every(
				(record) => record.status !== undefined || record.durationMs !== undefined,
			),
		10_000,
	);
}

/** Starts a job through the node and returns its jobid (it runs until finished by the test). */
export async function startJob(sim: PikaSimulator, prompt = 'setup job'): Promise<string> {
	const result = await runPikaNode({
		parameters: { resource: 'job', operation: 'create', prompt },
		credentials: credentialsFor(sim),
	});
	const jobid = result.items[0]?.json.jobid;
	if (typeof jobid !== 'string')
		throw new Error(`setup: no job started (${result.error?.message})`);
	return jobid;
}

export async function completedJob(sim: PikaSimulator, prompt = 'setup job'): Promise<string> {
	const jobid = await startJob(sim, prompt);
	sim.completeJob(jobid);
	return jobid;
}

/** submit: may create a paid job; read: safe to repeat (the account updates too); download: the CDN. */
export type EndpointKind = 'submit' | 'read' | 'download';

/** What one operation needs to run: its parameters, input items and credential extras. */
export interface Arranged {
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	credentials?: ICredentialDataDecryptedObject;
	/** The job the run is about (Get, Cancel, the download). */
	jobid?: string;
}

export interface Endpoint {
	/** The operation, as the node's UI names it. */
	operation: string;
	method: string;
	/** The route as the README names it. */
	route: string;
	/** Matches the pathname of this endpoint's requests (and where faults are injected). */
	path: RegExp;
	kind: EndpointKind;
	/** Puts the simulator in the state the operation needs (requests made here are cleared). */
	arrange(sim: PikaSimulator): Promise<Arranged>;
	/** Expectations on the output of a run that succeeded. */
	expectSuccess(items: INodeExecutionData[], arranged: Arranged): void;
}

const job = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'job',
	operation,
	...extra,
});
const account = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'account',
	operation,
	...extra,
});
/** The fastest the node may resubmit after a full queue (the API asks for 10–30 s). */
const submitOptions = { queueRetryInterval: 10 };

/** Every endpoint the Pika node calls: two submit routes, the reads, the account writes, the CDN. */
export const ENDPOINTS: Endpoint[] = [
	{
		operation: 'Create',
		method: 'POST',
		route: 'POST /v1/pika/create',
		path: /^\/v1\/pika\/create$/,
		kind: 'submit',
		arrange: async () => ({
			parameters: job('create', { prompt: 'a fox in the snow', options: submitOptions }),
		}),
		expectSuccess: (items) =>
			expect(items[0].json).toMatchObject({ verb: 'pika-create', status: 'started' }),
	},
	{
		operation: 'Animate',
		method: 'POST',
		route: 'POST /v1/pika/animate',
		path: /^\/v1\/pika\/animate$/,
		kind: 'submit',
		arrange: async () => ({
			parameters: job('animate', {
				imageBinaryPropertyName: 'data',
				prompt: 'blinking',
				options: submitOptions,
			}),
			items: [await imageItem()],
		}),
		expectSuccess: (items) =>
			expect(items[0].json).toMatchObject({ verb: 'pika-animate', status: 'started' }),
	},
	{
		operation: 'Get',
		method: 'GET',
		route: 'GET /v1/pika/jobs/?jobid=',
		path: /^\/v1\/pika\/jobs\/?$/,
		kind: 'read',
		arrange: async (sim) => {
			const jobid = await startJob(sim);
			return { parameters: job('get', { jobId: jobid }), jobid };
		},
		expectSuccess: (items, { jobid }) =>
			expect(items[0].json).toMatchObject({ jobid, status: 'started' }),
	},
	{
		operation: 'Cancel',
		method: 'GET',
		route: 'GET /v1/pika/jobs/cancel/?jobid=',
		path: /^\/v1\/pika\/jobs\/cancel\/?$/,
		kind: 'read',
		arrange: async (sim) => {
			const jobid = await startJob(sim);
			return { parameters: job('cancel', { jobId: jobid }), jobid };
		},
		expectSuccess: (items, { jobid }) =>
			expect(items[0].json).toMatchObject({ jobid, status: 'cancelled' }),
	},
	{
		operation: 'Get Many (accounts)',
		method: 'GET',
		route: 'GET /v1/pika/account',
		path: /^\/v1\/pika\/account\/?$/,
		kind: 'read',
		arrange: async () => ({ parameters: account('getAll') }),
		expectSuccess: (items) =>
			expect(items.map((item) => item.json.channel)).toEqual([
				ACCOUNT.channel,
				OTHER_ACCOUNT.channel,
			]),
	},
	{
		operation: 'Create or Update (account)',
		method: 'POST',
		route: 'POST /v1/pika/account/<channel>',
		path: /^\/v1\/pika\/account\/\d+$/,
		kind: 'read',
		arrange: async () => ({
			parameters: account('upsert', { channel: NEW_CHANNEL, maxJobs: 3 }),
			credentials: { discordToken: CREDENTIAL_DISCORD },
		}),
		expectSuccess: (items) =>
			expect(items[0].json).toEqual({ channel: NEW_CHANNEL, maxJobs: 3, saved: true }),
	},
	{
		operation: 'Delete (account)',
		method: 'DELETE',
		route: 'DELETE /v1/pika/account/<channel>',
		path: /^\/v1\/pika\/account\/\d+$/,
		kind: 'read',
		arrange: async () => ({ parameters: account('delete', { channel: OTHER_ACCOUNT.channel }) }),
		expectSuccess: (items) =>
			expect(items[0].json).toEqual({ channel: OTHER_ACCOUNT.channel, deleted: true }),
	},
	{
		operation: 'Download Video',
		method: 'GET',
		route: 'GET <attachment url> (Discord CDN)',
		path: /^\/cdn\/attachments\//,
		kind: 'download',
		arrange: async (sim) => {
			const jobid = await completedJob(sim);
			return { parameters: job('get', { jobId: jobid, options: { downloadVideo: true } }), jobid };
		},
		expectSuccess: (items) => expect(items[0].binary?.data?.mimeType).toBe('video/mp4'),
	},
];

export type { RunNodeResult };

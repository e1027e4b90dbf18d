/**
 * Every case of the bad-input catalogue (badInputs.cases.ts), twice:
 * - alone: the run fails with a NodeOperationError naming item 0 and the field, and the
 *   simulator sees no request at all (a bad item never costs a paid job);
 * - between two good items, with continue-on-fail: the good items succeed in their places,
 *   the bad one becomes an error item naming item 1 and the field, and the only requests are
 *   the good items', each on the operation's own endpoint — no input reaches another one.
 */
import type {
	IBinaryKeyData,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { useBinaryMode } from '../../tools/n8n-core/runNode';
import { ACCOUNT, CREDENTIAL_DISCORD, useSimulator } from '../nodes/Pika/setup';
import type { PikaSimulator } from '../../tools/simulator';
import type { BadInput, OperationName } from './badInputs.cases';
import { BAD_INPUTS, EXISTING } from './badInputs.cases';
import { NEW_CHANNEL, OTHER_ACCOUNT, PNG, completedJob, imageItem, startJob } from './setup';

const fx = useSimulator({ accounts: [ACCOUNT, OTHER_ACCOUNT] });

beforeAll(async () => await useBinaryMode('default'));

interface OperationSpec {
	/** Valid parameters; `$json.existing` is a real jobid or channel where one is needed. */
	parameters: INodeParameters;
	method: string;
	path: RegExp;
	binary?: () => Promise<IBinaryKeyData>;
	/** A real jobid (of a job in the right state) or channel for the good item `index`. */
	existing?: (sim: PikaSimulator, index: number) => Promise<string>;
	succeeded(json: IDataObject, existing?: string): void;
}

const png = async () => (await imageItem()).binary!;
const started = (json: IDataObject) =>
	expect(json).toMatchObject({ jobid: expect.any(String), status: 'started' });
const submit = (
	operation: string,
	route: string,
	parameters: INodeParameters,
	binary?: () => Promise<IBinaryKeyData>,
): OperationSpec => ({
	parameters: { resource: 'job', operation, ...parameters },
	method: 'POST',
	path: new RegExp(`^/v1/pika/${route}$`),
	binary,
	succeeded: started,
});

const OPERATIONS: Record<OperationName, OperationSpec> = {
	create: submit('create', 'create', { prompt: 'a fox in the snow' }),
	animate: submit(
		'animate',
		'animate',
		{ imageBinaryPropertyName: 'data', prompt: 'blinking' },
		png,
	),
	encryptText: submit('encryptText', 'encrypt_text', {
		message: 'HELLO',
		prompt: 'waves',
		font: '',
	}),
	encryptImage: submit(
		'encryptImage',
		'encrypt_image',
		{ messageBinaryPropertyName: 'data', prompt: 'waves' },
		png,
	),
	retry: {
		...submit('retry', 'button', { jobId: '={{ $json.existing }}', button: 'retry' }),
		existing: async (sim) => await completedJob(sim),
	},
	get: {
		parameters: { resource: 'job', operation: 'get', jobId: '={{ $json.existing }}' },
		method: 'GET',
		path: /^\/v1\/pika\/jobs\/$/,
		existing: async (sim) => await completedJob(sim),
		succeeded: (json, existing) =>
			expect(json).toMatchObject({ jobid: existing, status: 'completed' }),
	},
	cancel: {
		parameters: { resource: 'job', operation: 'cancel', jobId: '={{ $json.existing }}' },
		method: 'GET',
		path: /^\/v1\/pika\/jobs\/cancel\/$/,
		existing: async (sim) => await startJob(sim),
		succeeded: (json, existing) =>
			expect(json).toMatchObject({ jobid: existing, status: 'cancelled' }),
	},
	upsert: {
		parameters: { resource: 'account', operation: 'upsert', channel: NEW_CHANNEL, maxJobs: 3 },
		method: 'POST',
		path: /^\/v1\/pika\/account\/\d+$/,
		succeeded: (json) => expect(json).toMatchObject({ saved: true }),
	},
	delete: {
		parameters: { resource: 'account', operation: 'delete', channel: '={{ $json.existing }}' },
		method: 'DELETE',
		path: /^\/v1\/pika\/account\/\d+$/,
		existing: async (_sim, index) => [ACCOUNT.channel, OTHER_ACCOUNT.channel][index],
		succeeded: (json, existing) => expect(json).toEqual({ channel: existing, deleted: true }),
	},
};

async function itemFor(
	testCase: BadInput,
	which: 'bad' | 'good',
	existing = 'j-unused-by-this-item',
): Promise<INodeExecutionData> {
	const spec = OPERATIONS[testCase.operation];
	const value = which === 'bad' ? testCase.bad : testCase.good;
	const json = { existing, v: (value === EXISTING ? existing : value) as IDataObject[string] };
	const binaryOf = which === 'bad' ? testCase.badBinary : testCase.goodBinary;
	const binary = binaryOf ? await binaryOf() : await spec.binary?.();
	return binary ? { json, binary } : { json };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Create or Update takes the Discord token from the credential by default. */
const credentials = (operation?: OperationName) =>
	fx.credentials(operation === 'upsert' ? { discordToken: CREDENTIAL_DISCORD } : {});

describe('bad inputs: refused before any request, named by item and field', () => {
	it('the catalogue covers every operation that takes input, 30 cases or more', () => {
		expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
		expect(new Set(BAD_INPUTS.map((testCase) => testCase.operation)).size).toBe(
			Object.keys(OPERATIONS).length,
		);
	});

	it.each(
		BAD_INPUTS.map((testCase) => ({
			...testCase,
			title: `${testCase.operation}: ${testCase.name}`,
		})),
	)('$title', async (testCase) => {
		const spec = OPERATIONS[testCase.operation];
		const parameters = { ...spec.parameters, ...testCase.parameters };
		const prefix = (item: number) =>
			new RegExp(`^Invalid "${escape(testCase.field)}" in item ${item}: `);

		const alone = await fx.run({
			parameters,
			items: [await itemFor(testCase, 'bad')],
			credentials: credentials(testCase.operation),
		});
		expect(alone.error?.name).toBe('NodeOperationError');
		expect(alone.error?.message).toMatch(prefix(0));
		expect(alone.error?.message).toMatch(testCase.problem);
		expect(alone.items).toEqual([]);
		expect(fx.sim.requests).toHaveLength(0);

		const existing = spec.existing
			? [await spec.existing(fx.sim, 0), await spec.existing(fx.sim, 1)]
			: [];
		fx.sim.clearLogs();
		const items = [
			await itemFor(testCase, 'good', existing[0]),
			await itemFor(testCase, 'bad'),
			await itemFor(testCase, 'good', existing[1]),
		];
		const result = await fx.run({
			parameters,
			items,
			continueOnFail: true,
			credentials: credentials(testCase.operation),
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		spec.succeeded(result.items[0].json, existing[0]);
		spec.succeeded(result.items[2].json, existing[1]);
		expect(result.items[1].json.error).toMatch(prefix(1));
		expect(result.items[1].json.error).toMatch(testCase.problem);
		const sent = fx.sim.requests.map((request) => [request.method, request.path]);
		expect(sent).toHaveLength(2);
		for (const [method, path] of sent)
			expect(`${method} ${path}`).toMatch(
				new RegExp(`^${spec.method} ${spec.path.source.slice(1)}`),
			);
		expect(fx.sim.createdJobCount).toBe(spec.succeeded === started ? 2 : 0);
	});
});

describe('values that pass the checks travel encoded, to the right endpoint only', () => {
	// Job IDs may hold ":", "@", "+", "=" and "."; in a query string "+" would read as a space.
	const oddJobId = 'j1+a=b@c:d.e_f-g';

	it.each([
		['Get', 'get', '/v1/pika/jobs/'],
		['Cancel', 'cancel', '/v1/pika/jobs/cancel/'],
	])('%s sends the jobid as one exact query value', async (_label, operation, path) => {
		const result = await fx.run({
			parameters: { resource: 'job', operation, jobId: oddJobId },
			credentials: credentials(),
		});

		expect(result.error?.message).toBe(`Unable to locate job ${oddJobId}`);
		expect(fx.sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', path, { jobid: oddJobId }],
		]);
	});

	it('Retry sends the jobid as a multipart field, not in the URL', async () => {
		await fx.run({
			parameters: { resource: 'job', operation: 'retry', jobId: oddJobId, button: 'retry' },
			credentials: credentials(),
		});

		expect(fx.sim.requests.map((r) => [r.method, r.path, r.query, r.fields.jobid])).toEqual([
			['POST', '/v1/pika/button', {}, oddJobId],
		]);
	});

	it('an image upload keeps its bytes and name; text fields cannot add multipart parts', async () => {
		const prompt = 'a fox\r\n--boundary\r\nContent-Disposition: form-data; name="channel"\r\n\r\n1';
		const result = await fx.run({
			parameters: {
				resource: 'job',
				operation: 'create',
				prompt: '={{ $json.prompt }}',
				useImage: true,
				imageBinaryPropertyName: 'data',
			},
			items: [await imageItem({ prompt })],
			credentials: credentials(),
		});

		expect(result.error).toBeUndefined();
		const [request] = fx.sim.requests;
		expect(Object.keys(request.fields).sort()).toEqual(['prompt']);
		expect(request.fields.prompt).toBe(prompt);
		expect(
			request.files.map((file) => [file.field, file.filename, file.bytes.equals(PNG)]),
		).toEqual([['image', 'start.png', true]]);
	});
});

/**
 * Simplify (node version 1.1): new nodes output the ten-odd fields a workflow needs next,
 * nodes saved at version 1 (which have no such parameter) output exactly what they did
 * before — the API's job JSON, byte for byte.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Pika } from '../../../nodes/Pika/Pika.node';
import { runPikaAsTool } from '../../../tools/n8n-core/runAsTool';
import { binaryProperty, useBinaryMode } from '../../../tools/n8n-core/runNode';
import {
	apiJob,
	createParameters,
	getParameters,
	retryParameters,
	useSimulator,
} from '../Pika/setup';

const fx = useSimulator();
beforeAll(async () => await useBinaryMode('default'));

const SIMPLE_KEYS = ['jobid', 'status', 'verb', 'prompt', 'created', 'updated'];
const VIDEO_KEYS = ['videoUrl', 'videoFileName', 'videoSize'];

/** The job's body exactly as GET /v1/pika/jobs/ answers it, as text. */
async function rawApiJob(jobid: string): Promise<string> {
	const response = await fetch(`${fx.baseUrl}/v1/pika/jobs/?jobid=${encodeURIComponent(jobid)}`, {
		headers: { authorization: `Bearer ${fx.sim.token}` },
	});
	return await response.text();
}

/** The simplified form, computed here from the API's job by the documented rule. */
function expectedSimple(job: IDataObject): IDataObject {
	const video = (job.attachments as IDataObject[] | undefined)?.[0];
	const simple: IDataObject = {};
	for (const key of [...SIMPLE_KEYS, 'replyRef'])
		if (job[key] !== undefined) simple[key] = job[key];
	if (video)
		Object.assign(simple, {
			videoUrl: video.url,
			videoFileName: video.filename,
			videoSize: video.size,
		});
	for (const key of ['error', 'errorDetails']) if (job[key]) simple[key] = job[key];
	return simple;
}

async function completedJob(prompt: string, typeVersion = 1): Promise<string> {
	const result = await fx.run({ parameters: createParameters(prompt), typeVersion });
	const jobid = String(result.items[0].json.jobid);
	fx.sim.completeJob(jobid);
	return jobid;
}

describe('a workflow saved before Simplify (node version 1, no simplify parameter)', () => {
	it('Create outputs the submit answer unchanged', async () => {
		const result = await fx.run({
			parameters: createParameters('a lighthouse in fog', { options: { replyRef: 'r-1' } }),
		});
		const json = result.items[0].json;
		expect(json).toEqual(apiJob(fx.sim, String(json.jobid)));
		expect(json.replyRef).toBe('r-1');
		expect(json.videoUrl).toBeUndefined();
	});

	it('Get of a completed job outputs the API body byte for byte, with the video downloaded', async () => {
		const jobid = await completedJob('a red kite');
		const result = await fx.run({
			parameters: { ...getParameters(jobid), options: { downloadVideo: true } },
		});
		expect(result.error).toBeUndefined();
		expect(JSON.stringify(result.items[0].json)).toBe(await rawApiJob(jobid));
		expect(result.items[0].binary?.data).toBeDefined();
	});

	it('Retry outputs the new job as the API has it', async () => {
		const parent = await completedJob('a paper boat');
		const result = await fx.run({ parameters: retryParameters(parent) });
		const jobid = String(result.items[0].json.jobid);
		expect(JSON.stringify(result.items[0].json)).toBe(await rawApiJob(jobid));
	});

	it('as an AI tool it still returns the full job plus videoUrl', async () => {
		const jobid = await completedJob('a tiger');
		const { output } = await runPikaAsTool(getParameters(jobid), fx.credentials());
		const job = JSON.parse(await rawApiJob(jobid)) as IDataObject;
		expect(output[0][0].json).toEqual({
			...job,
			videoUrl: (job.attachments as IDataObject[])[0].url,
		});
	});

	it('the editor shows no Simplify parameter at version 1', () => {
		const description = new Pika().description;
		const shown = (version: number) =>
			description.properties
				.filter((property) => property.name === 'simplify')
				.some((property) =>
					NodeHelpers.displayParameter(
						{ resource: 'job', operation: 'get' },
						property,
						{ typeVersion: version } as never,
						description,
					),
				);
		expect(shown(1)).toBe(false);
		expect(shown(1.1)).toBe(true);
	});
});

describe('a new node (version 1.1, the default): Simplify on', () => {
	it('is the default version, and Simplify defaults to true', () => {
		const description = new Pika().description;
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		const params = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource: 'job', operation: 'create' },
			true,
			false,
			{ typeVersion: 1.1 } as never,
			description,
		);
		expect(params?.simplify).toBe(true);
	});

	it('Get of a completed job gives the short form, with the video flattened; the binary stays', async () => {
		const jobid = await completedJob('a red kite', 1.1);
		const result = await fx.run({
			parameters: { ...getParameters(jobid), options: { downloadVideo: true } },
			typeVersion: 1.1,
		});
		const job = JSON.parse(await rawApiJob(jobid)) as IDataObject;
		const { json, binary } = result.items[0];
		expect(json).toEqual(expectedSimple(job));
		expect(Object.keys(json)).toEqual([...SIMPLE_KEYS, ...VIDEO_KEYS]);
		expect(json.videoUrl).toMatch(/^http/);
		expect(binary?.data?.fileName).toBe(json.videoFileName);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('keeps replyRef, and the error of a failed job', async () => {
		const created = await fx.run({
			parameters: createParameters('a storm', { options: { replyRef: 'order-7' } }),
			typeVersion: 1.1,
		});
		const jobid = String(created.items[0].json.jobid);
		expect(created.items[0].json).toEqual(expectedSimple(apiJob(fx.sim, jobid)));
		expect(created.items[0].json.replyRef).toBe('order-7');
		fx.sim.finishNow(jobid, 'failed', { error: 'Pika failed', errorDetails: 'seed rejected' });
		const result = await fx.run({ parameters: getParameters(jobid), typeVersion: 1.1 });
		expect(result.items[0].json).toMatchObject({
			status: 'failed',
			replyRef: 'order-7',
			error: 'Pika failed',
			errorDetails: 'seed rejected',
		});
		expect(result.items[0].json.videoUrl).toBeUndefined();
	});

	it('applies to every operation that returns a job', async () => {
		const image = {
			json: {},
			binary: { data: await binaryProperty(Buffer.from([1, 2, 3]), 'a.png', 'image/png') },
		};
		const parent = await completedJob('a parent');
		const runs: Array<{ parameters: INodeParameters; items?: (typeof image)[] }> = [
			{ parameters: createParameters('a fox') },
			{
				parameters: {
					resource: 'job',
					operation: 'animate',
					imageBinaryPropertyName: 'data',
					prompt: 'blink',
				},
				items: [image],
			},
			{ parameters: { resource: 'job', operation: 'encryptText', message: 'HI', prompt: 'waves' } },
			{
				parameters: {
					resource: 'job',
					operation: 'encryptImage',
					messageBinaryPropertyName: 'data',
					prompt: 'waves',
				},
				items: [image],
			},
			{ parameters: retryParameters(parent) },
			{ parameters: getParameters(parent) },
		];
		for (const run of runs) {
			const result = await fx.run({ ...run, typeVersion: 1.1 });
			expect(result.error).toBeUndefined();
			const json = result.items[0].json;
			expect(json).toEqual(expectedSimple(apiJob(fx.sim, String(json.jobid))));
			expect(Object.keys(json).length).toBeLessThanOrEqual(
				SIMPLE_KEYS.length + VIDEO_KEYS.length + 3,
			);
		}
	});

	it('Simplify off gives the full job, as version 1 does', async () => {
		const jobid = await completedJob('a kite', 1.1);
		const result = await fx.run({
			parameters: { ...getParameters(jobid), simplify: false },
			typeVersion: 1.1,
		});
		expect(JSON.stringify(result.items[0].json)).toBe(await rawApiJob(jobid));
	});

	it('Cancel is unchanged: its answer is already short', async () => {
		const created = await fx.run({ parameters: createParameters('a snail'), typeVersion: 1.1 });
		const jobid = String(created.items[0].json.jobid);
		const result = await fx.run({
			parameters: { resource: 'job', operation: 'cancel', jobId: jobid },
			typeVersion: 1.1,
		});
		expect(result.items[0].json).toEqual({ jobid, status: 'cancelled', code: 200 });
	});

	it('as an AI tool the model sees the short form', async () => {
		const jobid = await completedJob('a tiger', 1.1);
		const { output } = await runPikaAsTool(getParameters(jobid), fx.credentials(), {}, 1.1);
		const job = JSON.parse(await rawApiJob(jobid)) as IDataObject;
		expect(output[0][0].json).toEqual(expectedSimple(job));
		expect(output[0][0].binary).toBeUndefined();
	});
});

/**
 * Retry (POST /v1/pika/button) of a completed job and Get Job (GET /v1/pika/jobs/?jobid=):
 * happy paths, what the simulator received, one output item per input item.
 */
import { useBinaryMode } from '../../../../../tools/n8n-core/run-node';
import {
	apiJob,
	createParameters,
	getParameters,
	requestsTo,
	retryParameters,
	useSimulator,
} from '../../setup';

const fx = useSimulator();

beforeAll(async () => await useBinaryMode('default'));

/** A job that went through Create and was then completed by the simulator. */
async function completedJob(prompt: string): Promise<string> {
	const result = await fx.run({ parameters: createParameters(prompt) });
	expect(result.error).toBeUndefined();
	const jobid = String(result.items[0].json.jobid);
	fx.sim.completeJob(jobid);
	return jobid;
}

describe('Retry', () => {
	it('re-runs a completed job: POSTs jobid and button, outputs the new job JSON paired with the item', async () => {
		const parent = await completedJob('a paper boat on a river');
		fx.sim.clearLogs();
		const result = await fx.run({ parameters: retryParameters(parent) });

		expect(result.error).toBeUndefined();
		const [request] = requestsTo(fx.sim, 'POST', '/v1/pika/button');
		expect(fx.sim.requests).toHaveLength(1);
		expect(request.auth).toBe('valid');
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.fields).toEqual({ jobid: parent, button: 'retry' });
		expect(request.files).toEqual([]);

		expect(result.items).toHaveLength(1);
		const job = result.items[0].json;
		expect(result.items[0]).toEqual({
			json: apiJob(fx.sim, String(job.jobid)),
			pairedItem: { item: 0 },
		});
		expect(job).toMatchObject({
			verb: 'pika-button',
			status: 'started',
			button: 'retry',
			parentJobId: parent,
		});
		expect(job.jobid).not.toBe(parent);
		expect(fx.sim.createdJobCount).toBe(1);
	});

	it('sends maxJobs, replyUrl and replyRef as fields, and the new job carries them', async () => {
		const parent = await completedJob('a kite');
		fx.sim.clearLogs();
		const replyUrl = 'https://example.com/hooks/retry';
		const result = await fx.run({
			parameters: retryParameters(parent, {
				options: { maxJobs: 4, replyUrl, replyRef: 'retry-ref' },
			}),
		});

		expect(result.error).toBeUndefined();
		expect(requestsTo(fx.sim, 'POST', '/v1/pika/button')[0].fields).toEqual({
			jobid: parent,
			button: 'retry',
			maxJobs: '4',
			replyUrl,
			replyRef: 'retry-ref',
		});
		expect(result.items[0].json).toMatchObject({ maxJobs: 4, replyUrl, replyRef: 'retry-ref' });
	});

	it('retries each item’s own job, output in input order', async () => {
		const parents = [
			await completedJob('one'),
			await completedJob('two'),
			await completedJob('three'),
		];
		fx.sim.clearLogs();
		const result = await fx.run({
			parameters: retryParameters('={{ $json.jobid }}'),
			items: parents.map((jobid) => ({ json: { jobid } })),
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.parentJobId)).toEqual(parents);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(
			requestsTo(fx.sim, 'POST', '/v1/pika/button')
				.map((r) => r.fields.jobid)
				.sort(),
		).toEqual([...parents].sort());
		expect(fx.sim.createdJobCount).toBe(3);
	});
});

describe('Get Job', () => {
	it('outputs the API job JSON of a completed job (video attachment included), paired with the item', async () => {
		const jobid = await completedJob('a glass of water');
		fx.sim.clearLogs();
		const result = await fx.run({ parameters: getParameters(jobid) });

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([{ json: apiJob(fx.sim, jobid), pairedItem: { item: 0 } }]);
		expect(result.items[0].json).toMatchObject({ jobid, status: 'completed', buttons: ['retry'] });
		expect(result.items[0].json.attachments).toEqual([
			expect.objectContaining({
				content_type: 'video/mp4',
				url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
			}),
		]);

		expect(fx.sim.requests).toHaveLength(1);
		const [request] = requestsTo(fx.sim, 'GET', '/v1/pika/jobs/');
		expect(request.auth).toBe('valid');
		expect(request.query).toEqual({ jobid });
		expect(request.bodySize).toBe(0);
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('reads each item’s job: one request and one output item per input item, in input order', async () => {
		const done = await completedJob('done');
		const running = String(
			(await fx.run({ parameters: createParameters('running') })).items[0].json.jobid,
		);
		const failed = String(
			(await fx.run({ parameters: createParameters('fails') })).items[0].json.jobid,
		);
		fx.sim.finishNow(failed, 'failed', { error: 'Pika failed', errorDetails: 'GPU on fire' });
		fx.sim.clearLogs();

		const ids = [running, done, failed, done];
		const result = await fx.run({
			parameters: getParameters('={{ $json.id }}'),
			items: ids.map((id) => ({ json: { id } })),
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.jobid, item.json.status])).toEqual([
			[running, 'started'],
			[done, 'completed'],
			[failed, 'failed'],
			[done, 'completed'],
		]);
		expect(result.items[2].json).toMatchObject({
			error: 'Pika failed',
			errorDetails: 'GPU on fire',
		});
		expect(result.items.map((item) => item.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
		expect(
			requestsTo(fx.sim, 'GET', '/v1/pika/jobs/')
				.map((r) => r.query.jobid)
				.sort(),
		).toEqual([...ids].sort());
		expect(fx.sim.requests).toHaveLength(4);
	});
});

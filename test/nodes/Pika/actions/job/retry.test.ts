/**
 * Retry (POST /v1/pika/button) of a completed job: what the simulator received, the new job
 * paired with its item, one output item per input item.
 */
import { useBinaryMode } from '../../../../../tools/n8n-core/runNode';
import { apiJob, completedJob, requestsTo, retryParameters, useSimulator } from '../../setup';

const fx = useSimulator();

beforeAll(async () => await useBinaryMode('default'));

describe('Retry', () => {
	it('re-runs a completed job: POSTs jobid and button, outputs the new job JSON paired with the item', async () => {
		const parent = await completedJob(fx, 'a paper boat on a river');
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
		const parent = await completedJob(fx, 'a kite');
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
			await completedJob(fx, 'one'),
			await completedJob(fx, 'two'),
			await completedJob(fx, 'three'),
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

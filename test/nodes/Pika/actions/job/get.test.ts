/**
 * Get Job (GET /v1/pika/jobs/?jobid=): the API's job JSON paired with its item, one request and
 * one output item per input item.
 */
import { useBinaryMode } from '../../../../../tools/n8n-core/runNode';
import {
	apiJob,
	completedJob,
	createParameters,
	getParameters,
	requestsTo,
	useSimulator,
} from '../../setup';

const fx = useSimulator();

beforeAll(async () => await useBinaryMode('default'));

describe('Get Job', () => {
	it('outputs the API job JSON of a completed job (video attachment included), paired with the item', async () => {
		const jobid = await completedJob(fx, 'a glass of water');
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
		const done = await completedJob(fx, 'done');
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

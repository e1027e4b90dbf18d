/**
 * Cancel (GET /v1/pika/jobs/cancel/?jobid=): the API's answer, and job IDs refused before any request.
 */
import { useBinaryMode } from '../../../../../tools/n8n-core/runNode';
import { requestsTo, useSimulator } from '../../setup';

describe('Cancel', () => {
	const fixture = useSimulator();
	beforeAll(async () => await useBinaryMode('default'));

	it('Cancel stops a running job and returns the API answer', async () => {
		const created = await fixture.run({
			parameters: { resource: 'job', operation: 'create', prompt: 'to cancel' },
		});
		const jobid = String(created.items[0].json.jobid);
		const result = await fixture.run({
			parameters: { resource: 'job', operation: 'cancel', jobId: jobid },
		});
		expect(result.items[0].json).toMatchObject({ jobid, status: 'cancelled' });
		expect(fixture.sim.job(jobid)?.status).toBe('cancelled');
		const [request] = requestsTo(fixture.sim, 'GET', '/v1/pika/jobs/cancel');
		expect(request.query).toEqual({ jobid });
	});

	it.each(['a/b', 'a?b=c', '../account', 'with space', 'tab\there'])(
		'refuses the job ID %j before any request',
		async (jobId) => {
			const result = await fixture.run({
				parameters: { resource: 'job', operation: 'cancel', jobId },
			});
			expect(result.error?.message).toMatch(
				/^Invalid "Job ID" in item 0: ".*" is not a valid Job ID$/,
			);
			expect(fixture.sim.requests).toHaveLength(0);
		},
	);
});

/**
 * Wait for Completion and Download Video, through n8n-core's engine against the simulator.
 * Polling is at its floor (10 s, as the API asks). On the unit tier's virtual clock
 * (test/useVirtualClock.ts) a poll interval costs milliseconds; the gaps the tests assert are the
 * simulator's records, in that clock's time.
 */
import { binaryBytes, useBinaryMode } from '../../../../tools/n8n-core/runNode';
import type { BinaryMode } from '../../../../tools/n8n-core/runNode';
import {
	createParameters,
	emptyItems,
	getParameters,
	requestsTo,
	useSimulator,
	visibleText,
} from '../setup';

const JOB_MS = 300;
const waitOptions = { waitForCompletion: true, pollInterval: 10, maxWait: 1 };

describe.each<BinaryMode>(['default', 'filesystem'])('in %s binary mode', (mode) => {
	const fixture = useSimulator({
		jobDurationMs: JOB_MS,
		progressAfterMs: 100,
		videoSize: 256 * 1024,
	});
	beforeAll(async () => await useBinaryMode(mode));

	it('Create → wait → download: the output binary is the simulator video, byte for byte', async () => {
		const result = await fixture.run({
			parameters: createParameters('a cat surfing', {
				options: { ...waitOptions, downloadVideo: true, binaryPropertyName: 'video' },
			}),
		});
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json.status).toBe('completed');
		const jobid = String(item.json.jobid);
		const binary = item.binary?.video;
		expect(binary).toBeDefined();
		expect(binary?.mimeType).toBe('video/mp4');
		expect(binary?.fileName).toMatch(/\.mp4$/);
		if (mode === 'filesystem') expect(binary?.id).toBeTruthy();
		expect((await binaryBytes(binary!)).equals(fixture.sim.videoBytesFor(jobid))).toBe(true);
		// The CDN never sees the API token.
		expect(fixture.sim.downloads).toHaveLength(1);
		expect(fixture.sim.downloads[0].authorizationSent).toBe(false);
		expect(visibleText(result)).not.toContain(fixture.sim.token);
	});
});

describe('waiting', () => {
	const fixture = useSimulator({ jobDurationMs: JOB_MS, progressAfterMs: 100 });
	beforeAll(async () => await useBinaryMode('default'));

	it('without Wait for Completion, Create returns the started job at once and polls nothing', async () => {
		const result = await fixture.run({ parameters: createParameters('fire and forget') });
		expect(result.items[0].json.status).toBe('started');
		expect(requestsTo(fixture.sim, 'GET', '/v1/pika/jobs')).toHaveLength(0);
	});

	it('items wait concurrently: 10 jobs are all submitted before the first one finishes', async () => {
		const result = await fixture.run({
			parameters: createParameters('={{ "clip " + $itemIndex }}', { options: waitOptions }),
			items: emptyItems(10),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(Array(10).fill('completed'));
		expect(result.items.map((item) => item.json.prompt)).toEqual(
			Array.from({ length: 10 }, (_, i) => `clip ${i}`),
		);
		const submits = requestsTo(fixture.sim, 'POST', '/v1/pika/create').map((r) =>
			Date.parse(r.receivedAt),
		);
		const finishes = fixture.sim.jobs.map((job) => Date.parse(job.updated));
		// All submits land before any job can have finished: they ran side by side.
		expect(Math.max(...submits)).toBeLessThan(Math.min(...finishes));
		// One poll each: every item woke once, after one interval, and found its job done.
		expect(requestsTo(fixture.sim, 'GET', '/v1/pika/jobs')).toHaveLength(10);
	});

	it('a failed job ends in an error naming the job and carrying the API message', async () => {
		fixture.sim.configure({
			outcome: () => ({ status: 'failed', error: 'Pika could not render' }),
		});
		const result = await fixture.run({
			parameters: createParameters('doomed', { options: waitOptions }),
		});
		const jobid = fixture.sim.jobs[0].jobid;
		expect(result.error?.message).toContain(jobid);
		expect(result.error?.message).toContain('failed');
		expect(result.error?.message).toContain('Pika could not render');
	});

	it('a moderated job with continue-on-fail becomes an error item in place', async () => {
		fixture.sim.configure({
			outcome: (submission) => (submission.fields.prompt === 'bad' ? 'moderated' : 'completed'),
		});
		const result = await fixture.run({
			parameters: createParameters('={{ $json.prompt }}', { options: waitOptions }),
			items: [{ json: { prompt: 'good' } }, { json: { prompt: 'bad' } }],
			continueOnFail: true,
		});
		expect(result.items[0].json.status).toBe('completed');
		expect(String(result.items[1].json.error)).toContain('moderated');
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a job that outlives Max Wait ends in an error naming the jobid and the last status', async () => {
		fixture.sim.configure({ jobDurationMs: Infinity, progressAfterMs: 50 });
		const result = await fixture.run({
			parameters: createParameters('slow', { options: { ...waitOptions, maxWait: 0.25 } }),
		});
		const jobid = fixture.sim.jobs[0].jobid;
		expect(result.error?.message).toBe(
			`Job ${jobid} did not finish within 0.25 minutes (last status: progress)`,
		);
		expect(result.error?.description).toContain('may still finish');
		// 15 s of Max Wait hold one check at 10 s; a second one would come only 5 s later,
		// closer than the documented 10 s, so the wait ends without it.
		const submitted = Date.parse(requestsTo(fixture.sim, 'POST', '/v1/pika/create')[0].receivedAt);
		const checks = requestsTo(fixture.sim, 'GET', '/v1/pika/jobs').map((r) =>
			Date.parse(r.receivedAt),
		);
		expect(checks).toHaveLength(1);
		expect(checks[0] - submitted).toBeGreaterThanOrEqual(10_000);
	}, 30_000);

	it('Wait for Completion saved with a Poll Interval under 10 s is refused before anything is sent', async () => {
		const result = await fixture.run({
			parameters: createParameters('too eager', { options: { ...waitOptions, pollInterval: 5 } }),
		});
		expect(result.error?.message).toBe(
			'Invalid "Poll Interval (Seconds)" in item 0: must be at least 10, got 5',
		);
		expect(result.error?.description).toContain('at least 10 seconds between two status checks');
		expect(fixture.sim.requests).toHaveLength(0);
	});

	it('two status checks of a job are never closer than the Poll Interval', async () => {
		fixture.sim.configure({ jobDurationMs: 12_000, progressAfterMs: 50 });
		const result = await fixture.run({
			parameters: createParameters('twice', { options: waitOptions }),
		});
		expect(result.items[0].json.status).toBe('completed');
		const submitted = Date.parse(requestsTo(fixture.sim, 'POST', '/v1/pika/create')[0].receivedAt);
		const times = [
			submitted,
			...requestsTo(fixture.sim, 'GET', '/v1/pika/jobs').map((r) => Date.parse(r.receivedAt)),
		];
		expect(times).toHaveLength(3);
		for (let i = 1; i < times.length; i++)
			expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(10_000);
	}, 40_000);

	it('Get Job with Wait Until Finished waits for a running job; Download Video attaches it', async () => {
		fixture.sim.configure({ jobDurationMs: Infinity });
		const created = await fixture.run({ parameters: createParameters('later') });
		const jobid = String(created.items[0].json.jobid);
		const finishing = fixture.sim
			.waitFor(() => requestsTo(fixture.sim, 'GET', '/v1/pika/jobs').length >= 1, 10_000)
			.then(() => fixture.sim.completeJob(jobid));
		const result = await fixture.run({
			parameters: { ...getParameters(jobid), options: { ...waitOptions, downloadVideo: true } },
		});
		await finishing;
		expect(result.items[0].json.status).toBe('completed');
		expect(
			(await binaryBytes(result.items[0].binary!.data)).equals(fixture.sim.videoBytesFor(jobid)),
		).toBe(true);
	});

	it('Get Job with Download Video on a job still running returns the job without binary', async () => {
		fixture.sim.configure({ jobDurationMs: Infinity });
		const created = await fixture.run({ parameters: createParameters('still going') });
		const jobid = String(created.items[0].json.jobid);
		const result = await fixture.run({
			parameters: { ...getParameters(jobid), options: { downloadVideo: true } },
		});
		expect(result.items[0].json.status).toBe('started');
		expect(result.items[0].binary).toBeUndefined();
		expect(fixture.sim.downloads).toHaveLength(0);
	});

	it('an expired attachment gives a clear error that suggests running Get Job again', async () => {
		const created = await fixture.run({
			parameters: createParameters('expiring', { options: waitOptions }),
		});
		const jobid = String(created.items[0].json.jobid);
		fixture.sim.expireAttachment(jobid);
		const result = await fixture.run({
			parameters: { ...getParameters(jobid), options: { downloadVideo: true } },
		});
		expect(result.error?.message).toBe(`Could not download the video of job ${jobid} (HTTP 404)`);
		expect(result.error?.description).toContain('Run Get Job');
	});
});

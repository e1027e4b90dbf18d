/**
 * Every documented error status of Create and Retry, and the errors all operations share,
 * surfaces as a NodeApiError with the API's own message, its errorDetails in the description and the HTTP code, and no request is
 * ever sent twice (the simulator counts requests and created jobs).
 */
import type { ExecutionError, INodeParameters } from 'n8n-workflow';

import type { RunNodeResult } from '../../../../tools/n8n-core/runNode';
import { useBinaryMode } from '../../../../tools/n8n-core/runNode';
import { FaultPresets } from '../../../../tools/simulator';
import {
	ACCOUNT,
	channelById,
	createParameters,
	getParameters,
	requestsTo,
	retryParameters,
	useSimulator,
} from '../../Pika/setup';

const fx = useSimulator();

beforeAll(async () => await useBinaryMode('default'));

type ApiErrorFields = ExecutionError & {
	httpCode?: string | null;
	context?: { itemIndex?: number };
};

function expectApiError(
	result: RunNodeResult,
	httpCode: string,
	message: string,
	details?: string,
): void {
	const error = result.error as ApiErrorFields | undefined;
	expect(error?.name).toBe('NodeApiError');
	expect(error?.message).toBe(message);
	expect(error?.httpCode).toBe(httpCode);
	expect(error?.context?.itemIndex).toBe(0);
	if (details !== undefined) expect(error?.description).toContain(details);
	expect(result.items).toEqual([]);
}

/** A job that went through Create and was then completed by the simulator. */
async function completedJob(prompt: string): Promise<string> {
	const result = await fx.run({ parameters: createParameters(prompt) });
	const jobid = String(result.items[0]?.json.jobid);
	fx.sim.completeJob(jobid);
	return jobid;
}

describe('Create: API errors', () => {
	it('400 (channel that is not configured, no Discord token) → the API message, sent once', async () => {
		const result = await fx.run({
			parameters: createParameters('go', {
				options: { channel: channelById('1190000000000000999') },
			}),
		});

		expectApiError(result, '400', 'prompt, discord or channel value is missing');
		expect(fx.sim.requests).toHaveLength(1);
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('422 moderated at submit → the API message, sent once, only the moderated job the API records', async () => {
		fx.sim.configure({ outcome: () => 'moderated-at-submit' });
		const result = await fx.run({ parameters: createParameters('something Pika refuses') });

		expectApiError(result, '422', 'Sorry, your input may be inconsistent with server rules.');
		expect(fx.sim.requests).toHaveLength(1);
		expect(fx.sim.jobs.map((job) => job.status)).toEqual(['moderated']);
	});

	it('422 invalid prompt parameter → "Invalid parameter", errorDetails in the description', async () => {
		const result = await fx.run({ parameters: createParameters('waves on a beach --size 100') });

		expectApiError(result, '422', 'Invalid parameter', 'Unrecognized parameter(s): `size`');
		expect(fx.sim.requests).toHaveLength(1);
		expect(fx.sim.createdJobCount).toBe(1);
	});

	// By default a 429 waits and resubmits (README: Wait When Queue Is Full, covered in
	// test/nodes/shared/transport/request.test.ts); switched off, it is an error at once.
	it('429 queue full, waiting off → the API message, sent once (a resubmission would now succeed)', async () => {
		const first = await fx.run({ parameters: createParameters('holds the only slot') });
		const busy = String(first.items[0].json.jobid);
		fx.sim.clearLogs();
		// The moment the 429 is answered the slot frees: a resubmission would create a job.
		fx.sim.configure({ onRequest: (record) => record.status === 429 && fx.sim.completeJob(busy) });

		const result = await fx.run({
			parameters: createParameters('wants a slot', {
				options: { channel: channelById(ACCOUNT.channel), maxJobs: 1, waitWhenQueueFull: false },
			}),
		});

		expect(requestsTo(fx.sim, 'POST', '/v1/pika/create').map((r) => r.status)).toEqual([429]);
		expect(fx.sim.createdJobCount).toBe(0);
		expectApiError(result, '429', 'Maximum of 1 jobs executing in parallel supported');
	});

	it('429 from Discord, waiting off → the API message and errorDetails, sent once (even with retry_after 0)', async () => {
		fx.sim.injectFault({
			method: 'POST',
			path: '/v1/pika/create',
			fault: FaultPresets.discordRateLimit(0),
		});
		const result = await fx.run({
			parameters: createParameters('go', { options: { waitWhenQueueFull: false } }),
		});

		expect(fx.sim.requests.map((r) => r.status)).toEqual([429]);
		expect(fx.sim.createdJobCount).toBe(0);
		expectApiError(
			result,
			'429',
			'Discord /interactions failed with HTTP status 429',
			'{"global":true,"message":"You are being rate limited.","retry_after":0}',
		);
	});
});

describe('Create: no answer', () => {
	it('connection lost after the API took the submit → says the job may exist, not sent again', async () => {
		fx.sim.injectFault({ method: 'POST', path: '/v1/pika/create', fault: 'reset-after-body' });
		const result = await fx.run({ parameters: createParameters('go') });

		expect(fx.sim.requests).toHaveLength(1);
		expect(fx.sim.createdJobCount).toBe(1);
		const error = result.error as ApiErrorFields | undefined;
		expect(error?.name).toBe('NodeApiError');
		// Not n8n's generic "…You can retry the request immediately…" for ECONNRESET.
		expect(error?.message).toMatch(
			/^No answer from useapi\.net for POST \/v1\/pika\/create\b.*the job may exist$/,
		);
		expect(error?.description).toMatch(/may have reached useapi\.net and started a paid job/);
	});
});

describe('Retry: API errors', () => {
	it('400 for a job that is not completed → the API message, sent once', async () => {
		const created = await fx.run({ parameters: createParameters('still running') });
		fx.sim.clearLogs();
		const result = await fx.run({
			parameters: retryParameters(String(created.items[0].json.jobid)),
		});

		expectApiError(result, '400', 'button retry not supported>');
		expect(fx.sim.requests).toHaveLength(1);
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('404 for an unknown job → the API message, sent once', async () => {
		const result = await fx.run({
			parameters: retryParameters('j0000000000000000000-u1-c1-bot:pika'),
		});

		expectApiError(result, '404', 'Unable to locate job j0000000000000000000-u1-c1-bot:pika');
		expect(fx.sim.requests).toHaveLength(1);
	});

	it('429 when the job’s channel is full, waiting off → the API message, sent once', async () => {
		const parent = await completedJob('to be retried');
		const running = await fx.run({ parameters: createParameters('occupies the channel') });
		fx.sim.clearLogs();
		const busy = String(running.items[0].json.jobid);
		fx.sim.configure({ onRequest: (record) => record.status === 429 && fx.sim.completeJob(busy) });

		const result = await fx.run({
			parameters: retryParameters(parent, { options: { maxJobs: 1, waitWhenQueueFull: false } }),
		});

		expect(requestsTo(fx.sim, 'POST', '/v1/pika/button').map((r) => r.status)).toEqual([429]);
		expect(fx.sim.createdJobCount).toBe(0);
		expectApiError(result, '429', 'Maximum of 1 jobs executing in parallel supported');
	});
});

describe('errors every operation shares', () => {
	const operations: Array<[string, string, () => Promise<INodeParameters>]> = [
		['Create', '/v1/pika/create', async () => createParameters('go')],
		['Retry', '/v1/pika/button', async () => retryParameters(await completedJob('parent'))],
		['Get', '/v1/pika/jobs/', async () => getParameters(await completedJob('existing'))],
	];

	it.each(operations)(
		'%s: 401 with a bad API token → "Unauthorized", sent once',
		async (_name, path, parameters) => {
			const params = await parameters();
			fx.sim.clearLogs();
			const result = await fx.run({
				parameters: params,
				credentials: fx.credentials({ apiToken: 'user:1-wrong' }),
			});

			expectApiError(result, '401', 'Unauthorized');
			expect(fx.sim.requests.map((r) => [r.path, r.auth, r.status])).toEqual([
				[path, 'invalid', 401],
			]);
			expect(fx.sim.createdJobCount).toBe(0);
		},
	);

	it.each(operations)(
		'%s: 402 without a subscription → the API message, sent once',
		async (_name, path, parameters) => {
			const params = await parameters();
			fx.sim.clearLogs();
			fx.sim.configure({ subscriptionActive: false });
			const result = await fx.run({ parameters: params });

			expectApiError(result, '402', 'Account has no subscription or subscription expired');
			expect(fx.sim.requests.map((r) => [r.path, r.status])).toEqual([[path, 402]]);
			expect(fx.sim.createdJobCount).toBe(0);
		},
	);

	it('Get: 404 for an unknown job → the API message, sent once', async () => {
		const result = await fx.run({
			parameters: getParameters('j0000000000000000000-u1-c1-bot:pika'),
		});

		expectApiError(result, '404', 'Unable to locate job j0000000000000000000-u1-c1-bot:pika');
		expect(fx.sim.requests).toHaveLength(1);
	});

	it('the error names the failing item: an API error on item 2 of 3 carries itemIndex 2', async () => {
		const result = await fx.run({
			parameters: createParameters('={{ $json.prompt }}'),
			items: [
				{ json: { prompt: 'fine' } },
				{ json: { prompt: 'fine too' } },
				{ json: { prompt: 'bad --size 9' } },
			],
		});

		const error = result.error as ApiErrorFields | undefined;
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('Invalid parameter');
		expect(error?.context?.itemIndex).toBe(2);
		expect(requestsTo(fx.sim, 'POST', '/v1/pika/create')).toHaveLength(3);
	});
});

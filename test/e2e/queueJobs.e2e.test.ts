/**
 * The Pika node on n8n's queue-mode workers (tools/n8n-server/queueCluster.ts), with n8n's default binary
 * data mode for queue mode (`database`: binaries live in PostgreSQL, so any process can read
 * what another wrote): Create with Wait for Completion and Download Video; the Wait-node
 * pattern (examples/wait-for-callback.json), resumed through the webhook processor; and a
 * worker killed while it waits for a paid job, with the way to still get that job's video.
 * Manual runs on workers: queueOffload.e2e.test.ts.
 */
import { createSimulator } from '../../tools/simulator';
import { triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { exampleCopy, exampleNode } from '../../tools/n8n-server/examples';
import { editorExecutions, waitForExecution } from '../../tools/n8n-server/n8nApi';
import { sampleGroupMemory, peakRss } from '../../tools/n8n-server/processMemory';
import { sql } from '../../tools/n8n-server/queueServices';
import { executionOutput } from '../../tools/n8n-server/runData';
import {
	chain,
	pikaNode,
	waitDownloadWorkflow,
	webhookNode,
	WEBHOOK_PATHS,
	WORKFLOW_IDS,
} from '../../tools/n8n-server/workflows';

import { useQueueCluster } from './setup';

const VIDEO_BYTES = 16 * 1024 * 1024;
const KILL = {
	workflowId: 'pikaQueueKillWkr',
	path: 'pika-queue-kill',
	triggerId: 'pikaQueueOrphans',
};
const ORPHAN_TRIGGER_WEBHOOK = 'e0d7f4a5-9b62-4d8e-9f20-3b4c5d6e7f80';
/** 1×1 PNG: the start image of the Create in waitDownloadWorkflow. */
const PNG_BASE64 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const waitExample = exampleCopy('wait-for-callback', 'pikaQueueWaitEx1');

/** Webhook (answers at once) → Create, waiting for completion, Reply Reference = execution and item. */
const killWorkflow = () => {
	const webhook = webhookNode(KILL.path);
	webhook.parameters = {
		httpMethod: 'POST',
		path: KILL.path,
		responseMode: 'onReceived',
		options: {},
	};
	return chain(KILL.workflowId, 'e2e: queue, worker killed while waiting', [
		webhook,
		pikaNode('Create', {
			operation: 'create',
			prompt: '={{ $json.body.prompt }}',
			options: {
				waitForCompletion: true,
				pollInterval: 10, // the documented floor
				maxWait: 10,
				downloadVideo: true,
				replyRef: '={{ $execution.id }}-{{ $itemIndex }}',
			},
		}),
	]);
};

// One configured Pika account: jobs that name no channel run on it, as on useapi.net.
const sim = createSimulator({
	jobDurationMs: 3_000,
	progressAfterMs: 1_000,
	videoSize: VIDEO_BYTES,
	accounts: [
		{
			discord: 'MTE4e2eQueueJobs.discord.token.V4w5X6',
			channel: '1190000000000000031',
			maxJobs: 10,
		},
	],
});
const fx = useQueueCluster(sim, {
	// Bull's lock shortened (n8n's defaults: 60 s lock, 30 s stalled check) so that a killed
	// worker's job is declared stalled in about 15 s instead of about 80 s.
	env: {
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
	},
	workflows: () => [
		waitDownloadWorkflow(),
		waitExample,
		killWorkflow(),
		triggerWorkflow(
			KILL.triggerId,
			'e2e: queue, jobs whose execution died',
			ORPHAN_TRIGGER_WEBHOOK,
		),
	],
	activate: [WORKFLOW_IDS.waitDownload, waitExample.id, KILL.workflowId],
});

async function postToWebhookProcessor(path: string, body: unknown): Promise<Response> {
	return await fetch(`${fx.cluster.webhookBaseUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(240_000),
	});
}

/** Why the newest execution of a workflow failed (for assertion messages). */
async function lastError(workflowId: string): Promise<string> {
	const execution = await fx.cluster.main.lastExecution(workflowId, 0, 60_000);
	const nodeErrors = Object.entries(execution.data.resultData.runData).flatMap(([node, runs]) =>
		runs
			.filter((r) => r.error)
			.map((r) => `${node}: ${r.error?.message} ${r.error?.description ?? ''}`),
	);
	return `execution ${execution.id} ${execution.status}: ${execution.data.resultData.error?.message ?? ''} ${nodeErrors.join('; ')}`;
}

const mb = (n: number) => `${n.toFixed(0)} MB`;

describe('Pika node on queue-mode workers (binary data mode: database, n8n’s queue-mode default)', () => {
	test('Create → Wait for Completion → Download Video on a worker: the next node gets the bytes intact', async () => {
		const samplers = fx.cluster.workers.map((w) => sampleGroupMemory(w.spawned?.pid ?? 0));
		const answer = await postToWebhookProcessor(WEBHOOK_PATHS.waitDownload, {
			prompt: 'A lighthouse in fog',
			image: PNG_BASE64,
			fileName: 'start.png',
			mimeType: 'image/png',
		});
		const peaks = samplers.map((s) => s.stop());
		if (answer.status !== 200)
			throw new Error(
				`${answer.status} ${await answer.text()}; ${await lastError(WORKFLOW_IDS.waitDownload)}`,
			);
		const [item] = (await answer.json()) as Array<{ jobid: string; videoBase64: string }>;
		const video = Buffer.from(item.videoBase64, 'base64');
		expect(video.length).toBe(VIDEO_BYTES);
		expect(video.equals(sim.videoBytesFor(item.jobid))).toBe(true);
		expect(sim.createdJobCount).toBe(1);

		const execution = await fx.cluster.main.lastExecution(WORKFLOW_IDS.waitDownload);
		expect(execution.status).toBe('success');
		const ranOn = fx.cluster.executionsByWorker().get(execution.id) ?? [];
		expect(ranOn).toHaveLength(1);
		// The video went through PostgreSQL (binary_data), not through a folder of the worker.
		const stored = await sql(
			fx.cluster.database,
			`select "fileSize" from binary_data where "sourceId" = '${execution.id}'`,
		);
		expect(stored.map(Number)).toContain(VIDEO_BYTES);
		const k = fx.cluster.workers.findIndex((w) => w.name === ranOn[0]);
		fx.cluster.main.note(
			`queue mode, ${VIDEO_BYTES / 1024 / 1024} MiB video, binary mode database: ran on ${ranOn[0]}; ` +
				`its peak RSS during the run ${mb(peaks[k].leaderMb)} (worker) / ${mb(peaks[k].groupMb)} ` +
				`(worker + task runner); worker VmHWM since start ${mb(peakRss(fx.cluster.workers[k].spawned?.pid ?? 0))}`,
		);
	});

	test('examples/wait-for-callback.json: the callback reaches the webhook processor, the execution resumes on a worker', async () => {
		const path = String(exampleNode(waitExample, 'Webhook').parameters.path);
		sim.configure({
			jobDurationMs: Number.POSITIVE_INFINITY,
			progressAfterMs: Number.POSITIVE_INFINITY,
		});
		expect((await postToWebhookProcessor(path, { prompt: 'A glass whale at dawn' })).status).toBe(
			200,
		);
		const waiting = await sim.waitFor(
			async () =>
				(await editorExecutions(fx.cluster.main, waitExample.id)).find(
					(e) => e.status === 'waiting',
				),
			60_000,
			250,
		);
		const job = sim.jobs.find((j) => j.prompt === 'A glass whale at dawn');
		expect(
			job?.replyUrl?.startsWith(`${fx.cluster.webhookBaseUrl}/webhook-waiting/${waiting.id}`),
		).toBe(true);

		sim.completeJob(job?.jobid ?? '');
		await sim.flushCallbacks();
		const [callback] = sim.callbacks.filter((c) => c.jobid === job?.jobid);
		expect(callback).toMatchObject({ url: job?.replyUrl, responseStatus: 200 });
		const finished = await waitForExecution(
			fx.cluster.main,
			waitExample.id,
			(e) => e.id === waiting.id && e.status === 'success',
		);
		const [video] = executionOutput(finished, 'Get Video');
		expect(video.json).toMatchObject({ jobid: job?.jobid, status: 'completed' });
		expect(video.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		expect(sim.downloads.filter((d) => d.jobid === job?.jobid).map((d) => d.bytes)).toEqual([
			VIDEO_BYTES,
		]);
		// Started on a worker, resumed on a worker (the same or the other one).
		const ranOn = fx.cluster.executionsByWorker().get(waiting.id) ?? [];
		expect(ranOn).toHaveLength(2);
		fx.cluster.main.note(
			`queue mode, Wait-node resume: execution ${waiting.id} ran on ${ranOn.join(', then ')}`,
		);
	});
});

describe('a worker killed (SIGKILL) while it waits for a paid job', () => {
	test('one job, no duplicate; the execution ends in error; the Pika Trigger still receives the job with its Reply Reference', async () => {
		await fx.cluster.setActive(KILL.triggerId, true);
		sim.clearLogs();
		const jobsBefore = sim.createdJobCount;
		const prompt = 'A paid job whose worker dies';
		expect((await postToWebhookProcessor(KILL.path, { prompt })).status).toBe(200);
		const job = await sim.waitFor(() => sim.jobs.find((j) => j.prompt === prompt), 60_000, 100);
		const [executionId, itemIndex] = String(job.replyRef).split('-');
		expect(itemIndex).toBe('0');
		const workerName = await sim.waitFor(
			() => fx.cluster.executionsByWorker().get(executionId)?.[0],
			30_000,
			100,
		);
		const worker = fx.cluster.workers.find((w) => w.name === workerName);
		if (!worker) throw new Error(`execution ${executionId} ran on no known worker`);
		const killedAt = Date.now();
		await fx.cluster.kill(worker);

		const failed = await waitForExecution(
			fx.cluster.main,
			KILL.workflowId,
			(e) => e.id === executionId && e.status === 'error',
			240_000,
		);
		const secondsToError = (Date.parse(failed.stoppedAt ?? '') - killedAt) / 1000;
		const message = failed.data?.resultData.error?.message ?? '';
		expect(message).toMatch(/failed to be processed too many times/);
		// n8n re-ran nothing: still the one paid job, and it is still running at useapi.net.
		const creates = sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/pika/create');
		expect({ jobs: sim.createdJobCount - jobsBefore, creates: creates.length }).toEqual({
			jobs: 1,
			creates: 1,
		});
		expect(sim.job(job.jobid)?.status).not.toBe('completed');

		// The job finishes later: it calls the account's Reply URL, where the Pika Trigger is.
		sim.completeJob(job.jobid);
		await sim.flushCallbacks();
		const delivered = await waitForExecution(
			fx.cluster.main,
			KILL.triggerId,
			(e) => e.status === 'success',
		);
		const [orphan] = executionOutput(delivered, 'Pika Trigger');
		expect(orphan.json).toMatchObject({
			jobid: job.jobid,
			status: 'completed',
			replyRef: `${executionId}-0`,
		});
		const survivor = fx.cluster.executionsByWorker().get(delivered.id) ?? [];
		expect(survivor).toEqual([fx.cluster.workers.find((w) => w !== worker)?.name]);
		expect(sim.createdJobCount - jobsBefore).toBe(1);
		fx.cluster.main.note(
			`queue mode, ${worker.name} SIGKILLed while waiting for job ${job.jobid}: execution ${executionId} ` +
				`ended in error ${secondsToError.toFixed(0)} s later ("${message.slice(0, 60)}…"); 1 paid job, ` +
				`0 duplicates; its callback reached the Pika Trigger (replyRef ${orphan.json.replyRef}) on ${survivor[0]}`,
		);
	});

	test('stopping the cluster leaves no process, database or Redis key behind', async () => {
		await fx.cluster.stop();
		expect(await fx.cluster.leftovers()).toEqual({ processes: [], databases: [], redisKeys: [] });
	});
});

/**
 * The Pika node on n8n's queue-mode workers (tools/n8n-server/queueCluster.ts), with n8n's default binary
 * data mode for queue mode (`database`: binaries live in PostgreSQL, so any process can read
 * what another wrote): Create with Wait for Completion and Download Video; the Wait-node
 * pattern (examples/wait-for-callback.json), resumed through the webhook processor; and a
 * worker killed while it waits for a paid job, with the way to still get that job's video.
 */
import { createSimulator } from '../../tools/simulator';
import { triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { submitCreate } from '../../tools/n8n-server/simJobs';
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
const LISTEN = { triggerId: 'pikaQueueListen1', webhookId: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5e' };
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
		// What n8n 3.0 makes the only way: manual executions (the editor's Execute workflow / step)
		// run on workers too, which then need the package as well.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
	},
	workflows: () => [
		manualWorkflow,
		waitDownloadWorkflow(),
		waitExample,
		killWorkflow(),
		triggerWorkflow(LISTEN.triggerId, 'e2e: queue, test listen', LISTEN.webhookId),
		triggerWorkflow(
			KILL.triggerId,
			'e2e: queue, jobs whose execution died',
			ORPHAN_TRIGGER_WEBHOOK,
		),
	],
	activate: [WORKFLOW_IDS.waitDownload, waitExample.id, KILL.workflowId],
});

/** Manual Trigger → Create with Wait for Completion and Download Video: run from the editor. */
const manualWorkflow = chain('pikaQueueManual01', 'e2e: queue, manual run on a worker', [
	{ name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
	pikaNode('Create', {
		operation: 'create',
		prompt: 'A paper lantern rising, run by hand',
		options: { waitForCompletion: true, pollInterval: 10, maxWait: 2, downloadVideo: true },
	}),
]);

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

	test('OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: a manual run of Create → Wait → Download runs on a worker; the editor gets the video', async () => {
		const main = fx.cluster.main;
		// What the editor's Execute workflow sends (n8n 2.x reads the workflow from the database).
		const editor = await main.http<{ data: unknown }>(
			'GET',
			`/rest/workflows/${manualWorkflow.id}`,
		);
		const run = await main.http<{ data?: { executionId?: string } }>(
			'POST',
			`/rest/workflows/${manualWorkflow.id}/run`,
			{ body: { workflowData: editor.body.data, triggerToStartFrom: { name: 'Manual' } } },
		);
		expect(run.status).toBe(200);
		const executionId = run.body.data?.executionId ?? '';
		const execution = await waitForExecution(
			main,
			manualWorkflow.id,
			(e) => e.id === executionId && Boolean(e.stoppedAt),
			120_000,
		);
		expect({ status: execution.status, mode: execution.mode }).toEqual({
			status: 'success',
			mode: 'manual',
		});
		const ranOn = fx.cluster.executionsByWorker().get(executionId) ?? [];
		expect(ranOn).toHaveLength(1);
		// The output panel shows the video from n8n's binary-data route.
		const [item] = executionOutput(execution, 'Create');
		const binary = item.binary?.data;
		expect(binary).toMatchObject({ mimeType: 'video/mp4' });
		const shown = await fetch(
			`${main.baseUrl}/rest/binary-data?id=${encodeURIComponent(binary?.id ?? '')}&action=view&mimeType=video%2Fmp4`,
			{ headers: { cookie: main.sessionCookie } },
		);
		expect(shown.status).toBe(200);
		const bytes = Buffer.from(await shown.arrayBuffer());
		expect(bytes.equals(sim.videoBytesFor(String(item.json.jobid)))).toBe(true);
		main.note(
			`queue mode, OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: manual run ${executionId} on ${ranOn[0]}`,
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

describe('the Pika Trigger’s test listen with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS', () => {
	test('the account points at the test URL while listening; the test event runs on a worker; the account is handed back', async () => {
		const main = fx.cluster.main;
		const before = sim.accountReplyUrl;
		// What the editor's "Test this trigger" sends (n8n 2.x reads the workflow from the database).
		const editor = await main.http<{ data: unknown }>('GET', `/rest/workflows/${LISTEN.triggerId}`);
		const run = await main.http<{ data?: { waitingForWebhook?: boolean } }>(
			'POST',
			`/rest/workflows/${LISTEN.triggerId}/run`,
			{ body: { workflowData: editor.body.data, triggerToStartFrom: { name: 'Pika Trigger' } } },
		);
		expect({ status: run.status, waiting: run.body.data?.waitingForWebhook }).toEqual({
			status: 200,
			waiting: true,
		});
		// The test URL is built on WEBHOOK_URL (the webhook processor's); main serves test webhooks,
		// so a deployment routes /webhook-test/ to main (n8n's queue-mode docs). The job names
		// main's address of that URL as its Reply URL, which is what that routing does.
		const testUrl = sim.accountReplyUrl ?? '';
		const prefix = `${fx.cluster.webhookBaseUrl}/webhook-test/${LISTEN.webhookId}/webhook?token=`;
		expect(testUrl.startsWith(prefix)).toBe(true);
		const onMain = testUrl.replace(fx.cluster.webhookBaseUrl, main.baseUrl);
		const jobid = await submitCreate(sim, 'A test event in queue mode', { replyUrl: onMain });
		sim.completeJob(jobid);
		await sim.flushCallbacks();
		expect(sim.callbacks.find((c) => c.jobid === jobid)?.responseStatus).toBe(200);
		const execution = await waitForExecution(
			main,
			LISTEN.triggerId,
			(e) => e.status === 'success',
			120_000,
		);
		expect(executionOutput(execution, 'Pika Trigger')[0].json).toMatchObject({ jobid });
		const ranOn = fx.cluster.executionsByWorker().get(execution.id) ?? [];
		expect(ranOn).toHaveLength(1);
		// One event ends the listen: n8n removes the test webhook and the trigger hands the account back.
		await sim.waitFor(() => sim.accountReplyUrl === before, 30_000, 100);
		main.note(
			`queue mode, OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: the trigger's test event (execution ${execution.id}, mode ${execution.mode}) ran on ${ranOn[0]}`,
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

/**
 * OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true on n8n's queue mode (tools/n8n-server/queueCluster.ts),
 * what n8n 3.0 makes the only way: manual executions (the editor's Execute workflow / step,
 * Test this trigger) run on workers too, which then need the package as well. A manual run of
 * Create with Wait for Completion and Download Video, over REST and from the editor in a headless
 * Chromium (the video shows in the output panel); and the Pika Trigger's test listen.
 */
import {
	editorSimulator,
	executeStepForBinary,
	openWorkflow,
	viewVideo,
} from '../../tools/n8n-server/editor';
import { triggerWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { submitCreate } from '../../tools/n8n-server/simJobs';
import { listExecutions, runFromEditor, waitForExecution } from '../../tools/n8n-server/n8nApi';
import { executionOutput } from '../../tools/n8n-server/runData';
import { chain, pikaNode } from '../../tools/n8n-server/workflows';

import { useQueueEditor } from './setup';

const LISTEN = { triggerId: 'pikaQueueListen1', webhookId: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5e' };

/** Manual Trigger → Create with Wait for Completion and Download Video: run from the editor. */
const manualWorkflow = chain('pikaQueueManual01', 'e2e: queue, manual run on a worker', [
	{ name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
	pikaNode('Create', {
		operation: 'create',
		prompt: 'A paper lantern rising, run by hand',
		options: { waitForCompletion: true, pollInterval: 10, maxWait: 2, downloadVideo: true },
	}),
]);

// One configured Pika account: jobs that name no channel run on it, as on useapi.net. Its videos
// are the real MP4 the browser decodes.
const sim = editorSimulator({
	discord: 'MTE4e2eQueueOffload.discord.token.Y7z8A9',
	channel: '1190000000000000032',
});
const fx = useQueueEditor(
	sim,
	{
		env: { OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' },
		workflows: () => [
			manualWorkflow,
			triggerWorkflow(LISTEN.triggerId, 'e2e: queue, test listen', LISTEN.webhookId),
		],
	},
	'queue-offload',
);

describe('Pika node on queue-mode workers (binary data mode: database, n8n’s queue-mode default)', () => {
	test('OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: a manual run of Create → Wait → Download runs on a worker; the editor gets the video', async () => {
		const main = fx.cluster.main;
		// What the editor's Execute workflow sends.
		const run = await runFromEditor(main, manualWorkflow.id, 'Manual');
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
});

describe('the editor on main, in a browser', () => {
	test('Execute step of Create with Wait for Completion and Download Video runs on a worker; the output panel shows the video and View decodes it', async () => {
		const { page } = fx;
		const main = fx.cluster.main;
		const before = new Set((await listExecutions(main, manualWorkflow.id)).map((e) => e.id));
		await openWorkflow(page, main.baseUrl, manualWorkflow.id);
		await page.getByTestId('canvas-node').filter({ hasText: 'Create' }).dblclick();
		await page.getByTestId('ndv').waitFor();
		const binary = await executeStepForBinary(page, 120_000);
		expect(binary).toMatch(/a_paper_lantern_rising\w*_seed\d+\.mp4/);
		expect(binary).toContain('video/mp4');
		await fx.shot('create-binary');
		expect(await viewVideo(page)).toEqual([320, 180]);
		await fx.shot('video-playing');
		await page.keyboard.press('Escape');
		const execution = await waitForExecution(
			main,
			manualWorkflow.id,
			(e) => !before.has(e.id) && Boolean(e.stoppedAt),
		);
		expect({ status: execution.status, mode: execution.mode }).toEqual({
			status: 'success',
			mode: 'manual',
		});
		const ranOn = fx.cluster.executionsByWorker().get(execution.id) ?? [];
		expect(ranOn).toHaveLength(1);
		main.note(
			`queue mode, OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: the editor's Execute step (execution ${execution.id}) ran on ${ranOn[0]}; the output panel decoded its video`,
		);
	});
});

describe('the Pika Trigger’s test listen with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS', () => {
	test('the account points at the test URL while listening; the test event runs on a worker; the account is handed back', async () => {
		const main = fx.cluster.main;
		const before = sim.accountReplyUrl;
		// What the editor's "Test this trigger" sends.
		const run = await runFromEditor(main, LISTEN.triggerId, 'Pika Trigger');
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

	test('stopping the cluster leaves no process, database or Redis key behind', async () => {
		await fx.cluster.stop();
		expect(await fx.cluster.leftovers()).toEqual({ processes: [], databases: [], redisKeys: [] });
	});
});

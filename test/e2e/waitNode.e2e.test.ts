/**
 * Callbacks without the Pika Trigger, and the example workflows that use callbacks, run in a
 * real n8n: Create with Reply URL = `{{$execution.resumeUrl}}` followed by a Wait node
 * ("On Webhook Call") pauses the execution until the simulator calls back;
 * examples/wait-for-callback.json does that and downloads the video;
 * examples/trigger-post-video.json posts each finished video to a URL. The server logs
 * hold no secret afterwards.
 */
import { createSimulator, type PikaJob } from '../../tools/simulator';
import { waitForCallbackWorkflow } from '../../tools/n8n-server/callbackWorkflows';
import { exampleCopy, exampleNode } from '../../tools/n8n-server/examples';
import { leaksInLogs, logBytes } from '../../tools/n8n-server/logSecrets';
import {
	type ExecutionSummary,
	editorExecutions,
	listExecutions,
	waitForExecution,
	waitForPublication,
} from '../../tools/n8n-server/n8nApi';
import { Receiver } from '../../tools/n8n-server/receiver';
import { executionOutput } from '../../tools/n8n-server/runData';
import { submitCreate } from '../../tools/n8n-server/simJobs';

import { useN8n } from './setup';

const WAIT_ID = 'pikaE2eWaitCallb';
const WAIT_PATH = 'pika-e2e-wait-callback';
const SECRETS = {
	apiToken: 'user:4343-e2e-wait-node-api-token-2b8d1e',
	accountDiscord: 'MTE4e2eWait.account.discord.token.G7h8I9',
	credentialDiscord: 'MTE4e2eWait.credential.discord.token.J1k2L3',
};

// Jobs finish when a test completes them: the callback never races the Wait node.
const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	jobDurationMs: Number.POSITIVE_INFINITY,
	progressAfterMs: Number.POSITIVE_INFINITY,
	videoSize: 64 * 1024,
	accounts: [{ discord: SECRETS.accountDiscord, channel: '1190000000000000021', maxJobs: 10 }],
});
const upload = new Receiver();
const waitExample = exampleCopy('wait-for-callback', 'pikaExWaitRun001');
const postExample = exampleCopy('trigger-post-video', 'pikaExPostRun001');
const fx = useN8n(sim, {
	env: { N8N_LOG_LEVEL: 'debug' },
	servers: [upload],
	discord: { discordToken: SECRETS.credentialDiscord, discordChannel: '1190000000000000022' },
	workflows: () => {
		exampleNode(postExample, 'Settings').parameters.assignments = {
			assignments: [
				{ id: 'e2e-post-url', name: 'postUrl', value: `${upload.baseUrl}/videos`, type: 'string' },
			],
		};
		return [waitForCallbackWorkflow(WAIT_ID, WAIT_PATH), waitExample, postExample];
	},
	activate: [WAIT_ID, waitExample.id],
});

async function postWebhook(path: string, body: unknown): Promise<void> {
	const answer = await fx.n8n.http('POST', `/webhook/${path}`, { body, auth: 'none' });
	if (answer.status !== 200) throw new Error(`webhook ${path}: ${answer.status} ${answer.text}`);
}

/**
 * Starts a workflow whose Create has Reply URL = its resume URL, waits until the execution
 * is waiting, and returns it with the job it created (found by its unique prompt).
 */
async function startWaitingExecution(
	workflowId: string,
	path: string,
	prompt: string,
): Promise<{ execution: { id: string }; job: PikaJob }> {
	await postWebhook(path, { prompt });
	// The editor's list: n8n 1.x's public API leaves waiting executions out.
	const execution = await sim.waitFor(
		async () => (await editorExecutions(fx.n8n, workflowId)).find((e) => e.status === 'waiting'),
		60_000,
		250,
	);
	const job = sim.jobs.find((j) => j.prompt === prompt);
	if (!job) throw new Error(`no job with the prompt "${prompt}"`);
	return { execution, job };
}

/** Completes the job (the simulator calls its Reply URL back) and waits for the execution to end. */
async function completeAndWaitForEnd(
	workflowId: string,
	jobid: string,
	executionId: string,
): Promise<ExecutionSummary> {
	sim.completeJob(jobid);
	await sim.flushCallbacks();
	return await waitForExecution(
		fx.n8n,
		workflowId,
		(e) =>
			e.id === executionId &&
			!!e.stoppedAt &&
			!['waiting', 'running', 'new'].includes(e.status ?? ''),
	);
}

describe('Wait-node resume pattern: Create with Reply URL = {{$execution.resumeUrl}}, then Wait', () => {
	test('the execution waits, the simulator calls back, it finishes with the callback job JSON', async () => {
		const { execution, job } = await startWaitingExecution(
			WAIT_ID,
			WAIT_PATH,
			'A paper crane unfolding',
		);
		// The job carries n8n's resume URL of this very execution (n8n 2.x adds a signature).
		expect(job.replyUrl?.startsWith(`${fx.n8n.baseUrl}/webhook-waiting/${execution.id}`)).toBe(
			true,
		);
		expect(job.status).not.toBe('completed');

		const finished = await completeAndWaitForEnd(WAIT_ID, job.jobid, execution.id);
		const [callback] = sim.callbacks.filter((c) => c.jobid === job.jobid);
		expect(callback).toMatchObject({ url: job.replyUrl, status: 'completed', responseStatus: 200 });
		expect(finished).toMatchObject({ status: 'success', finished: true });
		const [resumed] = executionOutput(finished, 'Wait');
		// Exactly the JSON the simulator posted, as n8n parsed it.
		expect(resumed.json.body).toEqual(JSON.parse(JSON.stringify(callback.body)));
		expect(resumed.json.body).toMatchObject({ jobid: job.jobid, status: 'completed', code: 200 });
		expect((resumed.json.headers as Record<string, string>)['user-agent']).toBe(
			'useapi-pika-simulator',
		);
		// One execution for one job: the resume did not start another.
		expect(await listExecutions(fx.n8n, WAIT_ID)).toHaveLength(1);
	});
});

describe('examples/wait-for-callback.json', () => {
	test('runs end to end: create, pause until the callback, download the video', async () => {
		const path = String(exampleNode(waitExample, 'Webhook').parameters.path);
		const { execution, job } = await startWaitingExecution(
			waitExample.id,
			path,
			'A glass whale at dawn',
		);
		expect(job.replyUrl?.startsWith(`${fx.n8n.baseUrl}/webhook-waiting/${execution.id}`)).toBe(
			true,
		);
		expect(job.replyRef).toBe(execution.id);

		const finished = await completeAndWaitForEnd(waitExample.id, job.jobid, execution.id);
		expect(finished).toMatchObject({ status: 'success', finished: true });
		expect(executionOutput(finished, 'Wait for Pika')[0].json.body).toMatchObject({
			jobid: job.jobid,
			status: 'completed',
		});
		const [video] = executionOutput(finished, 'Get Video');
		expect(video.json).toMatchObject({ jobid: job.jobid, status: 'completed' });
		expect(video.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		const downloads = sim.downloads.filter((d) => d.jobid === job.jobid);
		expect(downloads.map((d) => [d.status, d.bytes])).toEqual([
			[200, sim.videoBytesFor(job.jobid).length],
		]);
	});
});

describe('examples/trigger-post-video.json', () => {
	test('runs end to end: a finished job is posted as video/mp4 to the Settings URL', async () => {
		expect(sim.accountReplyUrl).toBeUndefined();
		await fx.n8n.activate(postExample.id);
		await waitForPublication(fx.n8n, postExample.id);
		const webhookId = exampleNode(postExample, 'Pika Trigger').webhookId ?? '';
		expect(sim.accountReplyUrl).toMatch(new RegExp(`/webhook/${webhookId}/webhook\\?token=`));

		const jobid = await submitCreate(sim, 'A red kite over green hills');
		sim.completeJob(jobid);
		await sim.flushCallbacks();
		const execution = await waitForExecution(fx.n8n, postExample.id, (e) => !!e.stoppedAt);
		expect(execution.status).toBe('success');
		expect(upload.requests).toHaveLength(1);
		const [posted] = upload.requests;
		const url = new URL(posted.url, upload.baseUrl);
		expect({
			method: posted.method,
			path: url.pathname,
			jobid: url.searchParams.get('jobid'),
		}).toEqual({
			method: 'POST',
			path: '/videos',
			jobid,
		});
		expect(url.searchParams.get('prompt')).toBe('A red kite over green hills');
		expect(posted.headers['content-type']).toBe('video/mp4');
		expect(posted.body.equals(sim.videoBytesFor(jobid))).toBe(true);

		await fx.n8n.deactivate(postExample.id);
		await waitForPublication(fx.n8n, postExample.id);
		expect(sim.accountReplyUrl).toBeUndefined(); // there was none before
	});
});

describe('n8n server logs', () => {
	test('hold neither the API token nor the Discord tokens', () => {
		expect(logBytes(fx.n8n)).toBeGreaterThan(10_000);
		expect(leaksInLogs(fx.n8n, SECRETS)).toEqual([]);
	});
});

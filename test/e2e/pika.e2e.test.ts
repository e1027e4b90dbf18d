/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * The package inside a real n8n server (see tools/n8n-server/n8nInstance.ts), installed the way
 * Settings → Community Nodes installs it, talking to the simulator on 127.0.0.1 through
 * n8n's own HTTP stack. Every result is read back from n8n: webhook responses, the public
 * executions API, `n8n execute --rawOutput`, files n8n wrote.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createSimulator } from '../../tools/simulator';
import {
	EXAMPLES,
	exampleIds,
	importableExamples,
	runExampleCopy,
} from '../../tools/n8n-server/examples';
import { declaredNodeTypes, PACKAGE_NAME } from '../../tools/n8n-server/installation';
import { nodeOutput } from '../../tools/n8n-server/runData';
import {
	CREDENTIAL_REF,
	createGetWorkflow,
	diskImageWorkflow,
	PIKA_TYPE,
	retryGetWorkflow,
	waitDownloadWorkflow,
	WEBHOOK_PATHS,
	WORKFLOW_IDS,
} from '../../tools/n8n-server/workflows';

import { useN8n } from './setup';

/** A real 1×1 PNG, plus trailing bytes that would not survive any text re-encoding. */
const PNG = Buffer.concat([
	Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
		'base64',
	),
	Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0x1a]),
]);

// One configured Pika account: jobs that name no channel run on it, as on useapi.net.
const sim = createSimulator({
	jobDurationMs: 1_000,
	progressAfterMs: 300,
	videoSize: 96 * 1024,
	accounts: [
		{ discord: 'MTE4e2e.discord.token.value', channel: '1190000000000000001', maxJobs: 3 },
	],
});
const fx = useN8n(sim, {
	workflows: (n8n) => [
		createGetWorkflow(),
		waitDownloadWorkflow(),
		retryGetWorkflow(),
		diskImageWorkflow(join(n8n.filesDir, 'start.png')),
		...importableExamples(),
	],
	beforeStart: (n8n) => writeFileSync(join(n8n.filesDir, 'start.png'), PNG),
	// Webhook workflows go live like a user's toggle: activated on the running server.
	activate: [WORKFLOW_IDS.createGet, WORKFLOW_IDS.retryGet, WORKFLOW_IDS.waitDownload],
});

async function callWebhook(path: string, body: unknown): Promise<Array<Record<string, unknown>>> {
	const response = await fx.n8n.http<unknown>('POST', `/webhook/${path}`, {
		body,
		auth: 'none',
		timeoutMs: 240_000,
	});
	if (response.status !== 200 || !Array.isArray(response.body)) {
		throw new Error(
			`webhook ${path}: ${response.status} ${response.text.slice(0, 1000)}\n${simLog()}\n${fx.n8n.logTail(20)}`,
		);
	}
	return response.body as Array<Record<string, unknown>>;
}

/** The simulator's view of the last requests, for failure messages. */
function simLog(): string {
	return sim.requests
		.slice(-5)
		.map((r) => {
			const files = r.files.map(
				(f) => `${f.field}:${f.filename}:${f.contentType}:${f.bytes.length}`,
			);
			return `sim: ${r.method} ${r.path} → ${r.status} ${r.headers['content-type'] ?? ''} ${r.bodySize} B fields=${JSON.stringify(r.fields)} files=${files.join(',')}`;
		})
		.join('\n');
}

const imageBody = (prompt: string) => ({
	prompt,
	image: PNG.toString('base64'),
	fileName: 'start.png',
	mimeType: 'image/png',
});

describe('scenario 1: n8n lists the package and tests its credential', () => {
	test('the Pika node type and the credential type are loaded under the package prefix', async () => {
		const nodes = await fx.n8n.http<
			Array<{ name: string; version: number | number[]; credentials?: Array<{ name: string }> }>
		>('GET', '/types/nodes.json');
		expect(nodes.status).toBe(200);
		// Every node the package declares is there under the package prefix (Pika, Pika Trigger, …).
		const loaded = nodes.body
			.map((type) => type.name)
			.filter((name) => name.startsWith(`${PACKAGE_NAME}.`));
		expect(loaded).toEqual(expect.arrayContaining(declaredNodeTypes()));
		// usableAsTool: n8n derives the AI-agent tool variant of the Pika node from it.
		expect(loaded).toContain(`${PIKA_TYPE}Tool`);
		const pika = nodes.body.find((type) => type.name === PIKA_TYPE);
		expect(pika).toBeDefined();
		expect(pika?.credentials?.map((c) => c.name)).toContain('useApiPikaApi');
		const credentials = await fx.n8n.http<Array<{ name: string; displayName: string }>>(
			'GET',
			'/types/credentials.json',
		);
		expect(credentials.body.find((type) => type.name === 'useApiPikaApi')?.displayName).toBe(
			'Pika (useapi.net) API',
		);
	});

	test('the credential test passes with the stored token and fails with the API message for a wrong one', async () => {
		// What the editor does: load the credential (secrets redacted), send it back to /rest/credentials/test.
		const stored = await fx.n8n.http<{
			data: { id: string; name: string; type: string; data: Record<string, unknown> };
		}>('GET', `/rest/credentials/${CREDENTIAL_REF.id}?includeData=true`);
		expect(stored.status).toBe(200);
		expect(JSON.stringify(stored.body)).not.toContain(sim.token);
		const { id, name, type, data } = stored.body.data;
		const test = async (override: Record<string, unknown>) =>
			(
				await fx.n8n.http<{ data: { status: string; message: string } }>(
					'POST',
					'/rest/credentials/test',
					{
						body: { credentials: { id, name, type, data: { ...data, ...override } } },
					},
				)
			).body.data;

		sim.clearLogs();
		expect(await test({})).toEqual({ status: 'OK', message: 'Connection successful!' });
		const bad = await test({ apiToken: 'user:1-not-the-right-token' });
		expect(bad.status).toBe('Error');
		// n8n 2.x shows the credential's 401 rule message; n8n 1.x shows its own generic 401 text.
		const n8nMajor = fx.n8n.installation.version.split('.')[0];
		expect(bad.message).toMatch(
			n8nMajor === '1' ? /^Authorization failed/ : /^Unauthorized: useapi\.net rejected/,
		);
		// The wrong-token request may be sent more than once (seen with n8n 2.41); all were refused.
		const seen = sim.requests.map((r) => `${r.method} ${r.path} ${r.auth} ${r.status}`);
		expect(seen[0]).toBe('GET /v2/account valid 200');
		expect(seen.length).toBeGreaterThan(1);
		expect(new Set(seen.slice(1))).toEqual(new Set(['GET /v2/account invalid 401']));
	});
});

describe('scenario 2: create from a start image, then get the job', () => {
	test('webhook → Convert to File → Create → Get Job: the simulator got the image bytes intact', async () => {
		const [job] = await callWebhook(WEBHOOK_PATHS.createGet, imageBody('A lighthouse in a storm'));
		const jobid = String(job.jobid);
		expect(sim.job(jobid)).toMatchObject({
			verb: 'pika-create',
			prompt: 'A lighthouse in a storm',
		});
		expect(job).toMatchObject({
			jobid,
			verb: 'pika-create',
			prompt: 'A lighthouse in a storm',
			image: { size: PNG.length },
		});
		const [upload] = sim.uploadsOf(jobid);
		expect(upload).toMatchObject({
			field: 'image',
			filename: 'start.png',
			contentType: 'image/png',
		});
		expect(upload.bytes.equals(PNG)).toBe(true);

		const execution = await fx.n8n.lastExecution(WORKFLOW_IDS.createGet);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Create')[0].json.jobid).toBe(jobid);
		expect(nodeOutput(execution, 'Get Job')[0].json).toMatchObject({ jobid, verb: 'pika-create' });
	});

	test('an image labelled application/octet-stream, without extension, goes out as image/png', async () => {
		const unlabelled = {
			...imageBody('A kite over dunes'),
			fileName: 'start',
			mimeType: 'application/octet-stream',
		};
		const [job] = await callWebhook(WEBHOOK_PATHS.createGet, unlabelled);
		const execution = await fx.n8n.lastExecution(WORKFLOW_IDS.createGet);
		expect(nodeOutput(execution, 'Image to File')[0].binary?.data).toMatchObject({
			mimeType: 'application/octet-stream',
		});
		const [upload] = sim.uploadsOf(String(job.jobid));
		expect(upload).toMatchObject({ field: 'image', filename: 'start', contentType: 'image/png' });
		expect(upload.bytes.equals(PNG)).toBe(true);
	});

	test('n8n execute: Read Files from Disk → Create → Get Job (CLI run, same image bytes)', async () => {
		const before = sim.jobs.length;
		const { code, run, result } = await fx.n8n.execute(WORKFLOW_IDS.diskImage);
		if (code !== 0 || !run)
			throw new Error(
				`execute rc=${code}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
			);
		const job = nodeOutput(run, 'Get Job')[0].json;
		expect(sim.jobs).toHaveLength(before + 1);
		const [upload] = sim.uploadsOf(String(job.jobid));
		expect(upload).toMatchObject({ filename: 'start.png', contentType: 'image/png' });
		expect(upload.bytes.equals(PNG)).toBe(true);
	});

	test('Create → wait for completion → download video: the workflow output holds the simulator video bytes', async () => {
		const [item] = await callWebhook(WEBHOOK_PATHS.waitDownload, imageBody('A fox in the snow'));
		const jobid = String(item.jobid);
		expect(item.status).toBe('completed');
		expect(Buffer.from(String(item.videoBase64), 'base64').equals(sim.videoBytesFor(jobid))).toBe(
			true,
		);
		const execution = await fx.n8n.lastExecution(WORKFLOW_IDS.waitDownload);
		const [created] = nodeOutput(execution, 'Create');
		expect(created.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		expect(sim.uploadsOf(jobid)[0].bytes.equals(PNG)).toBe(true);
	});
});

describe('scenario 3: retry a completed job, then get it', () => {
	test('Retry → Get Job on a completed job returns the new job', async () => {
		const [parent] = await callWebhook(WEBHOOK_PATHS.createGet, imageBody('A windmill at dawn'));
		const parentId = String(parent.jobid);
		await sim.waitFor(() => sim.job(parentId)?.status === 'completed', 15_000, 50);
		sim.clearLogs();

		const [job] = await callWebhook(WEBHOOK_PATHS.retryGet, { jobid: parentId });
		const jobid = String(job.jobid);
		expect(jobid).not.toBe(parentId);
		expect(sim.job(jobid)).toMatchObject({ verb: 'pika-button', parentJobId: parentId });
		expect(job).toMatchObject({ jobid, verb: 'pika-button' });
		const submits = sim.requests.filter((r) => r.method === 'POST');
		expect(submits).toHaveLength(1);
		expect(submits[0]).toMatchObject({
			path: '/v1/pika/button',
			auth: 'valid',
			fields: { jobid: parentId },
		});
		expect(submits[0].files).toHaveLength(0);
		const execution = await fx.n8n.lastExecution(WORKFLOW_IDS.retryGet);
		expect(execution.status).toBe('success');
	});
});

describe('examples/*.json', () => {
	test('every example imported into n8n with its Pika nodes and credential reference', async () => {
		expect(EXAMPLES.length).toBeGreaterThan(0);
		for (const { file, workflow } of EXAMPLES) {
			// Credentials are referenced by id and name only: no secret ever ships in an example.
			const text = JSON.stringify(workflow);
			expect({ file, leaks: /apiToken|discordToken|user:\d+-|Bearer /i.test(text) }).toEqual({
				file,
				leaks: false,
			});
		}
		for (const id of exampleIds()) {
			const workflow = await fx.n8n.http<{
				nodes: Array<{ type: string; credentials?: Record<string, unknown> }>;
			}>('GET', `/api/v1/workflows/${id}`, { auth: 'apiKey' });
			expect(workflow.status).toBe(200);
			// The Pika node, its AI-tool variant (pikaTool) and the Pika Trigger.
			const pikaNodes = workflow.body.nodes.filter((node) =>
				node.type.startsWith(`${PACKAGE_NAME}.`),
			);
			expect(pikaNodes.length).toBeGreaterThan(0);
			for (const node of pikaNodes)
				expect(node.credentials).toEqual({ useApiPikaApi: CREDENTIAL_REF });
		}
	});

	test('create → wait → download → write file runs and writes the video', async () => {
		const { jobid, file } = await runExampleCopy(fx.n8n, 'create-wait-download');
		expect(file.equals(sim.videoBytesFor(jobid))).toBe(true);
	});
});

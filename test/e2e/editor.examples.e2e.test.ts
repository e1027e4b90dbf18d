/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * Every shipped example (examples/*.json), imported into an n8n set up as `npm run demo` sets
 * it up (scripts/demo.ts), run in the editor the way its sticky note tells the user, with its
 * outcome checked where it lands: the saved file, the resumed execution, the agent's answer,
 * the receiver's upload. The demo's stand-ins are here too (the receiver for the video posts,
 * the scripted offline chat model), on free ports instead of the demo's fixed ones so that a
 * running demo does not get in the way. The examples' Pika nodes are read back from n8n: at
 * the newest node version, as a user adding the node gets it today.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { PikaJob } from '../../tools/simulator';
import {
	editorSimulator,
	executeWorkflow,
	openWorkflow,
	publishWorkflow,
	sendChatMessage,
} from '../../tools/n8n-server/editor';
import {
	DEMO_CHAT_MODEL,
	DEMO_RECEIVER_PATH,
	demoChatModelCredential,
	EXAMPLES,
	exampleNode,
	examplesFor,
	pikaNodes,
	shippedExample,
	type ExampleJson,
} from '../../tools/n8n-server/examples';
import { FakeOpenAi } from '../../tools/n8n-server/fakeOpenai';
import { waitForExecution, waitForPublication } from '../../tools/n8n-server/n8nApi';
import { Receiver } from '../../tools/n8n-server/receiver';
import { executionOutput } from '../../tools/n8n-server/runData';
import { submitCreate } from '../../tools/n8n-server/simJobs';

import { useEditor } from './setup';

/** The version of this package's nodes that n8n gives a node added today. */
const NEWEST_PIKA_VERSION = 1.1;
const CHAT_MESSAGE = 'a lighthouse in a storm, seen from the sea';

const sim = editorSimulator({
	discord: 'MTE.examples-suite-discord.xyz',
	channel: '1190000000000000022',
});
const receiver = new Receiver();
const model = new FakeOpenAi();
const fx = useEditor(
	sim,
	{
		servers: [receiver, model],
		credentials: () => [demoChatModelCredential(model.baseUrl)],
		workflows: (n8n) =>
			examplesFor(n8n.filesDir, {
				postUrl: `${receiver.baseUrl}${DEMO_RECEIVER_PATH}`,
				chatModel: DEMO_CHAT_MODEL,
			}),
		timeoutMs: 300_000,
	},
	'examples',
);

/** The simulator's job with that prompt, once it exists. */
const jobWithPrompt = async (prompt: string): Promise<PikaJob> =>
	await sim.waitFor(() => sim.jobs.find((job) => job.prompt === prompt), 60_000);

/** The value a Set node named Settings gives `name` in an example as shipped. */
function setting(workflow: ExampleJson, name: string): string {
	const { assignments } = exampleNode(workflow, 'Settings').parameters.assignments as {
		assignments: Array<{ name: string; value: string }>;
	};
	const found = assignments.find((a) => a.name === name);
	if (!found) throw new Error(`${workflow.id}: Settings has no ${name}`);
	return found.value;
}

it('every example is imported with its Pika nodes at version 1.1, the newest n8n offers for them', async () => {
	const types = await fx.n8n.http<Array<{ name: string; version: number | number[] }>>(
		'GET',
		'/types/nodes.json',
	);
	const newest = (type: string): number => {
		const found = types.body.find((t) => t.name === type);
		if (!found) throw new Error(`n8n does not list ${type}`);
		return Math.max(...[found.version].flat());
	};
	for (const { file, workflow } of EXAMPLES) {
		const imported = await fx.n8n.http<{ nodes: ExampleJson['nodes'] }>(
			'GET',
			`/api/v1/workflows/${workflow.id}`,
			{ auth: 'apiKey' },
		);
		expect(imported.status).toBe(200);
		const nodes = pikaNodes(imported.body);
		expect({ file, count: nodes.length > 0 }).toEqual({ file, count: true });
		for (const node of nodes) {
			expect({ file, node: node.name, version: node.typeVersion }).toEqual({
				file,
				node: node.name,
				version: NEWEST_PIKA_VERSION,
			});
			expect(newest(node.type)).toBe(NEWEST_PIKA_VERSION);
		}
	}
});

/** The examples whose run is checked below, so that a new example cannot go unrun. */
const checked = new Set<string>();
function exampleRun(file: string, title: string, run: (workflow: ExampleJson) => Promise<void>) {
	checked.add(`${file}.json`);
	it(`${file}: ${title}`, async () => await run(shippedExample(file)), 240_000);
}

exampleRun(
	'create-wait-download',
	'"Execute workflow" creates the video of its Settings prompt, waits for it and saves its MP4 in ~/.n8n-files',
	async (workflow) => {
		const { n8n, page } = fx;
		const before = existsSync(n8n.filesDir) ? readdirSync(n8n.filesDir) : [];
		await openWorkflow(page, n8n.baseUrl, workflow.id);
		await executeWorkflow(page);
		await fx.shot('example-create-wait-download');
		const job = await jobWithPrompt(setting(workflow, 'prompt'));
		expect(job.status).toBe('completed');
		const saved = readdirSync(n8n.filesDir).filter((f) => !before.includes(f));
		expect(saved).toEqual([`pika-${job.jobid.replace(/[^A-Za-z0-9_.-]+/g, '-')}.mp4`]);
		expect(readFileSync(join(n8n.filesDir, saved[0])).equals(sim.videoBytesFor(job.jobid))).toBe(
			true,
		);
	},
);

exampleRun(
	'wait-for-callback',
	'"Execute workflow" creates the video with its resume URL as Reply URL, pauses, resumes on the callback and downloads the video',
	async (workflow) => {
		const { n8n, page } = fx;
		await openWorkflow(page, n8n.baseUrl, workflow.id);
		await executeWorkflow(page);
		await fx.shot('example-wait-for-callback');
		const pinned = workflow.pinData?.Webhook?.[0]?.json.body as { prompt: string };
		const job = await jobWithPrompt(pinned.prompt);
		expect(job.replyUrl).toMatch(/\/webhook-waiting\//);
		const execution = await waitForExecution(n8n, workflow.id, (e) => e.status === 'success');
		expect(executionOutput(execution, 'Wait for Pika')).toHaveLength(1);
		const [got] = executionOutput(execution, 'Get Video');
		expect(got.json).toMatchObject({ jobid: job.jobid, status: 'completed' });
		expect(got.binary?.data?.mimeType).toBe('video/mp4');
	},
);

exampleRun(
	'ai-agent-pika-tool',
	'"Open chat" and a request: the agent calls the Pika tool with it, the job completes, the answer quotes it',
	async (workflow) => {
		const { n8n, page } = fx;
		await openWorkflow(page, n8n.baseUrl, workflow.id);
		const chat = await sendChatMessage(page, CHAT_MESSAGE);
		const job = await jobWithPrompt(CHAT_MESSAGE);
		// The tool waits for the job (every 15 s as shipped), then the agent answers.
		await chat.getByText(/Pika answered/).waitFor({ timeout: 120_000 });
		await fx.shot('example-ai-agent-pika-tool');
		expect(model.toolCalls.map((call) => call.arguments.prompt)).toEqual([CHAT_MESSAGE]);
		expect(sim.job(job.jobid)?.status).toBe('completed');
		expect(await chat.innerText()).toContain(job.jobid);
	},
);

// Last: once published, the trigger is the account's default Reply URL, so every job made
// without its own Reply URL after this one posts a video too.
exampleRun(
	'trigger-post-video',
	'"Publish" (n8n 1.x: the Active switch), then a video finishes: the trigger starts it, and the MP4 is posted to the URL in Settings',
	async (workflow) => {
		const { n8n, page } = fx;
		await openWorkflow(page, n8n.baseUrl, workflow.id);
		await publishWorkflow(page);
		await waitForPublication(n8n, workflow.id, 60_000, 'published');
		await sim.waitFor(() => sim.accountReplyUrl, 30_000);
		await fx.shot('example-trigger-post-video');
		const jobid = await submitCreate(sim, 'a kite festival on a windy beach');
		sim.completeJob(jobid);
		const upload = await sim.waitFor(
			() => receiver.requests.find((r) => r.url.includes(`jobid=${encodeURIComponent(jobid)}`)),
			60_000,
		);
		expect(upload.method).toBe('POST');
		expect(upload.url.startsWith(`${DEMO_RECEIVER_PATH}?`)).toBe(true);
		expect(upload.headers['content-type']).toBe('video/mp4');
		expect(upload.body.equals(sim.videoBytesFor(jobid))).toBe(true);
		expect(setting(workflow, 'postUrl')).toMatch(/^REPLACE with /);
	},
);

it('every shipped example is run above', () => {
	expect([...checked].sort()).toEqual(EXAMPLES.map(({ file }) => file));
});

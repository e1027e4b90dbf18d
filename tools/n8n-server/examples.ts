/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * The user-facing example workflows in examples/*.json: loaded as shipped, imported into the
 * e2e n8n, and run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './installation';
import type { N8nInstance } from './n8nInstance';
import { nodeOutput } from './runData';
import { PIKA_TYPE } from './workflows';

export interface ExampleJson {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		typeVersion: number;
		parameters: Record<string, unknown>;
		credentials?: unknown;
		webhookId?: string;
	}>;
	/** Data pinned on nodes (a sample request on a Webhook, say), by node name. */
	pinData?: Record<string, Array<{ json: Record<string, unknown> }>>;
}

export const EXAMPLES: Array<{ file: string; workflow: ExampleJson }> = readdirSync(
	join(REPO_ROOT, 'examples'),
)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => ({
		file,
		workflow: JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as ExampleJson,
	}));

export const exampleIds = (): string[] => EXAMPLES.map(({ workflow }) => workflow.id);

/** The example examples/<file>.json as shipped (`file` without .json); throws when there is none. */
export function shippedExample(file: string): ExampleJson {
	const example = EXAMPLES.find((e) => e.file === `${file}.json`);
	if (!example) throw new Error(`no examples/${file}.json`);
	return example.workflow;
}

/** The nodes of this package in a workflow (Pika, Pika Trigger, the Pika tool). */
export const pikaNodes = (workflow: Pick<ExampleJson, 'nodes'>): ExampleJson['nodes'] =>
	workflow.nodes.filter((node) => node.type.startsWith(`${PIKA_TYPE.split('.')[0]}.`));

export const importableExamples = (): ExampleJson[] => EXAMPLES.map(({ workflow }) => workflow);

/**
 * What stands, where an example has a placeholder, for something of the user's own: the demo
 * provides local stand-ins so that every example runs with nothing to fill in.
 */
export interface ExampleStandIns {
	/** Settings.postUrl (trigger-post-video): a URL that receives the video. */
	postUrl?: string;
	/** The credential of the examples' chat model nodes: an OpenAI-compatible model. */
	chatModel?: { id: string; name: string };
}

const CHAT_MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';

/** Where the demo's receiver takes the videos trigger-post-video posts (its postUrl's path). */
export const DEMO_RECEIVER_PATH = '/videos';

/** The chat model credential the demo gives the examples: a scripted model on 127.0.0.1. */
export const DEMO_CHAT_MODEL = {
	id: 'demoChatModel001',
	name: 'Offline demo chat model (scripted)',
};

/** The demo chat model's credential (OpenAI API type) for a scripted model at `url` (…/v1). */
export const demoChatModelCredential = (url: string): object => ({
	...DEMO_CHAT_MODEL,
	type: 'openAiApi',
	data: { apiKey: 'offline-demo-model', url },
});

/**
 * The examples as the demo and the editor suite import them, so that they run there unchanged:
 * the shipped outputFolder is the Docker image's `/home/node/.n8n-files`; this n8n may write
 * only in its own `~/.n8n-files` (`filesDir`). `standIns` fill the other placeholders.
 */
export function examplesFor(filesDir: string, standIns: ExampleStandIns = {}): ExampleJson[] {
	const values: Record<string, string | undefined> = {
		outputFolder: filesDir,
		postUrl: standIns.postUrl,
	};
	return importableExamples().map((workflow) => {
		const copy = JSON.parse(JSON.stringify(workflow)) as ExampleJson;
		for (const node of copy.nodes) {
			const assignments = (
				node.parameters.assignments as
					| { assignments?: Array<{ name: string; value: unknown }> }
					| undefined
			)?.assignments;
			for (const assignment of assignments ?? []) {
				const value = values[assignment.name];
				if (value !== undefined) assignment.value = value;
			}
			if (node.type === CHAT_MODEL_TYPE && standIns.chatModel && !node.credentials)
				node.credentials = { openAiApi: standIns.chatModel };
		}
		return copy;
	});
}

/**
 * Runs a copy of an example with `n8n execute`: only its Settings node's outputFolder is pointed
 * at the instance's allowed files folder. Returns the job id and the bytes n8n wrote to disk.
 */
export async function runExampleCopy(
	n8n: N8nInstance,
	file: string,
): Promise<{ jobid: string; file: Buffer }> {
	const copy = exampleCopy(file, 'pikaExampleRun01');
	const settings = copy.nodes.find((node) => node.name === 'Settings');
	const assignments = (
		settings?.parameters.assignments as { assignments: Array<{ name: string; value: string }> }
	).assignments;
	const folder = assignments.find((a) => a.name === 'outputFolder');
	if (!folder) throw new Error('the example has no Settings.outputFolder');
	folder.value = n8n.filesDir;
	await n8n.importWorkflows([copy]);
	const { code, run, result } = await n8n.execute(copy.id);
	if (code !== 0 || !run)
		throw new Error(
			`execute rc=${code}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
		);
	const [saved] = nodeOutput(run, 'Save Video');
	const jobid = String(nodeOutput(run, 'Create Video')[0].json.jobid);
	const fileName = String(saved.json.fileName);
	if (!fileName.startsWith(n8n.filesDir)) throw new Error(`unexpected file ${fileName}`);
	return { jobid, file: readFileSync(fileName) };
}

/** A deep copy of an example to import under another id and name (the shipped file is untouched). */
export function exampleCopy(file: string, id: string): ExampleJson {
	const copy = JSON.parse(JSON.stringify(shippedExample(file))) as ExampleJson;
	copy.id = id;
	copy.name = `${copy.name} (e2e run)`;
	return copy;
}

/** The node of an example (copy) with that name; throws when there is none. */
export function exampleNode(workflow: ExampleJson, name: string): ExampleJson['nodes'][number] {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`example ${workflow.id} has no node "${name}"`);
	return node;
}

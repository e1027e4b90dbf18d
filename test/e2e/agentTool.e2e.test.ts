/**
 * examples/ai-agent-pika-tool.json in a real n8n: an AI Agent with the Pika node as a tool
 * (`n8n-nodes-useapi-pika.pikaTool`, which n8n generates because the node is usableAsTool)
 * and an OpenAI chat model. n8n resolves the tool type and accepts the workflow as shipped
 * (only the model's credential is missing); with a scripted OpenAI-compatible model on
 * 127.0.0.1 the agent calls the tool, `$fromAI('prompt')` reaches the simulator, and the
 * agent answers with the job the tool returned.
 */
import { createSimulator } from '../../tools/simulator';
import { exampleCopy, exampleNode } from '../../tools/n8n-server/examples';
import { FakeOpenAi } from '../../tools/n8n-server/fakeOpenai';
import { leaksInLogs } from '../../tools/n8n-server/logSecrets';
import { waitForExecution, waitForPublication } from '../../tools/n8n-server/n8nApi';
import { executionOutput } from '../../tools/n8n-server/runData';
import { CREDENTIAL_REF } from '../../tools/n8n-server/workflows';

import { useN8n } from './setup';

const TOOL_TYPE = 'n8n-nodes-useapi-pika.pikaTool';
const ORIGINAL_ID = 'pikaExAgentTool1';
const OPENAI_REF = { id: 'fakeOpenAiCred01', name: 'Scripted chat model (loopback)' };
const PROMPT = 'A red kite over green hills at golden hour, cinematic';
const SECRETS = {
	apiToken: 'user:4545-e2e-agent-tool-api-token-5c1f0a',
	accountDiscord: 'MTE4e2eAgent.account.discord.token.M4n5O6',
	// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- the fake key of a scripted local model
	modelKey: 'e2e-scripted-model-key-0123456789',
};

const sim = createSimulator({
	tokens: [SECRETS.apiToken],
	jobDurationMs: Number.POSITIVE_INFINITY,
	progressAfterMs: Number.POSITIVE_INFINITY,
	accounts: [{ discord: SECRETS.accountDiscord, channel: '1190000000000000031', maxJobs: 10 }],
});
const model = new FakeOpenAi(PROMPT);
const original = exampleCopy('ai-agent-pika-tool', ORIGINAL_ID);
original.name = original.name.replace(/ \(e2e run\)$/, '');
const runnable = exampleCopy('ai-agent-pika-tool', 'pikaExAgentRun01');
// The runnable copy: the chat answers on its production URL, the model is the scripted
// one, and the tool checks the job every 5 s (the least it allows) instead of 15 s.
exampleNode(runnable, 'When chat message received').parameters.public = true;
exampleNode(runnable, 'When chat message received').webhookId =
	'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6';
exampleNode(runnable, 'OpenAI Chat Model').credentials = { openAiApi: OPENAI_REF };
const tool = exampleNode(runnable, 'Create Pika Video');
tool.parameters.options = { ...(tool.parameters.options as object), pollInterval: 10 };

const fx = useN8n(sim, {
	servers: [model],
	credentials: () => [
		{ ...OPENAI_REF, type: 'openAiApi', data: { apiKey: SECRETS.modelKey, url: model.baseUrl } },
	],
	workflows: () => [original, runnable],
});

const n8nMajor = (): string => fx.n8n.installation.version.split('.')[0];

describe('examples/ai-agent-pika-tool.json', () => {
	test('n8n lists the Pika tool type for the editor: an AI tool with the Pika credential', async () => {
		// The descriptions the editor loads (POST /rest/node-types cannot be used: n8n 2.41
		// answers "Unrecognized node type" for generated tool types there).
		const types = await fx.n8n.http<
			Array<{
				name: string;
				inputs: unknown;
				outputs: unknown;
				credentials?: Array<{ name: string }>;
				properties: Array<{ name: string }>;
			}>
		>('GET', '/types/nodes.json');
		const description = types.body.find((type) => type.name === TOOL_TYPE);
		expect(description).toMatchObject({ inputs: [], outputs: ['ai_tool'] });
		expect(description?.credentials?.map((c) => c.name)).toEqual(['useApiPikaApi']);
		const names = description?.properties.map((p) => p.name);
		expect(names).toEqual(
			expect.arrayContaining(['toolDescription', 'resource', 'operation', 'prompt']),
		);

		// The example as shipped, read back from n8n: the tool hangs off the agent as ai_tool.
		const stored = await fx.n8n.http<{
			nodes: Array<{ name: string; type: string; credentials?: unknown }>;
			connections: Record<string, Record<string, Array<Array<{ node: string; type: string }>>>>;
		}>('GET', `/api/v1/workflows/${ORIGINAL_ID}`, { auth: 'apiKey' });
		expect(stored.status).toBe(200);
		const toolNode = stored.body.nodes.find((node) => node.type === TOOL_TYPE);
		expect(toolNode?.credentials).toEqual({ useApiPikaApi: CREDENTIAL_REF });
		expect(stored.body.connections[toolNode?.name ?? '']).toEqual({
			ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]],
		});
	});

	test('activation checks every node: as shipped only the chat model lacks something (its credential)', async () => {
		const result = await fx.n8n.http<{ message?: string }>(
			'POST',
			`/api/v1/workflows/${ORIGINAL_ID}/activate`,
			{
				auth: 'apiKey',
			},
		);
		if (n8nMajor() === '1') {
			// n8n 1.x validates nothing on activation; put it back.
			expect(result.status).toBe(200);
			await fx.n8n.deactivate(ORIGINAL_ID);
			return;
		}
		expect(result.status).toBe(400);
		const message = result.body.message ?? result.text;
		expect(message).toContain('Node "OpenAI Chat Model"');
		expect(message).toContain('Missing required credential');
		expect(message).not.toContain('Create Pika Video');
		expect(message).not.toContain('AI Agent');
	});

	test('with a chat model: the agent calls the Pika tool, the job is created from $fromAI, the answer carries it', async () => {
		await fx.n8n.activate(runnable.id);
		expect(await waitForPublication(fx.n8n, runnable.id)).toMatch(
			/^(published|applied synchronously)$/,
		);
		const chatUrl = `/webhook/${exampleNode(runnable, 'When chat message received').webhookId}/chat`;
		const answer = fx.n8n.http<unknown>('POST', chatUrl, {
			auth: 'none',
			timeoutMs: 120_000,
			body: {
				action: 'sendMessage',
				sessionId: 'e2e-session',
				chatInput: 'Make me a video of a red kite',
			},
		});
		// The tool waits for the job: complete it once it exists.
		const job = await sim.waitFor(() => sim.jobs.find((j) => j.prompt === PROMPT), 60_000, 100);
		sim.completeJob(job.jobid);
		const response = await answer;
		expect(response.status).toBe(200);

		expect(model.toolCalls).toHaveLength(1);
		expect(model.toolCalls[0]).toMatchObject({
			tool: 'Create_Pika_Video',
			arguments: { prompt: PROMPT },
		});
		expect(Object.keys(model.toolCalls[0].schema)).toEqual(['prompt']);
		expect(sim.jobs).toHaveLength(1);
		expect(
			sim.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.fields.prompt]),
		).toEqual([['/v1/pika/create', PROMPT]]);
		// The tool result the model got back: the finished job with its video link.
		const [result] = model.toolResults;
		const finished = sim.job(job.jobid);
		expect(result).toContain(job.jobid);
		expect(result).toContain(JSON.stringify(finished?.attachments?.[0].url));
		// As a tool the node hands the agent the link itself (binary output would be dropped).
		expect(result).toContain(`"videoUrl":${JSON.stringify(finished?.attachments?.[0].url)}`);
		expect(sim.downloads).toHaveLength(0);
		expect(response.text).toContain('Pika answered');
		expect(response.text).toContain(job.jobid);

		const execution = await waitForExecution(fx.n8n, runnable.id, (e) => !!e.stoppedAt);
		expect(execution.status).toBe('success');
		const [toolItem] = executionOutput(execution, 'Create Pika Video', 'ai_tool');
		expect(toolItem.json).toMatchObject({ jobid: job.jobid, status: 'completed' });
		await fx.n8n.deactivate(runnable.id);
	});

	test('the n8n logs hold neither the API token, the Discord token nor the model key', () => {
		expect(leaksInLogs(fx.n8n, SECRETS)).toEqual([]);
	});
});

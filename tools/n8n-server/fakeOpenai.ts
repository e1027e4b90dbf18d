/**
 * A scripted OpenAI-compatible chat model on 127.0.0.1, so n8n's AI Agent can run with the
 * Pika tool without a real model: the first turn calls the first tool offered, filling every
 * string argument with `prompt` (without one, with the user's last chat message); once a tool
 * result is in the conversation it answers with a text that quotes the result. Chat Completions
 * only (streamed or not), and the model list the credential test reads.
 */
import { Receiver, type Answer, type ReceivedRequest } from './receiver';

interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages?: Array<{ role: string; content?: unknown }>;
	tools?: Array<{
		type: string;
		function: { name: string; parameters?: { properties?: Record<string, { type?: string }> } };
	}>;
}

export interface ToolCallSeen {
	tool: string;
	arguments: Record<string, unknown>;
	offeredTools: string[];
	/** The JSON schema n8n sent for the tool's arguments. */
	schema: Record<string, { type?: string }>;
}

/** The one model it lists (any name is accepted in a request). */
const MODEL = { id: 'gpt-4.1-mini', object: 'model', created: 0, owned_by: 'scripted' };

/** The text of the user's last message (a string, or the text parts of a list). */
function lastUserText(body: ChatRequest): string {
	const content = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content;
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content
			.map((part) => (part as { text?: unknown }).text)
			.filter((text): text is string => typeof text === 'string')
			.join(' ');
	return '';
}

export class FakeOpenAi {
	readonly receiver: Receiver;
	readonly toolCalls: ToolCallSeen[] = [];
	/** The tool results n8n sent back to the model. */
	readonly toolResults: string[] = [];

	constructor(private readonly prompt?: string) {
		this.receiver = new Receiver((request) => this.reply(request));
	}

	/** Starts the server; resolves to its base URL (see baseUrl). */
	async start(): Promise<string> {
		await this.receiver.start();
		return this.baseUrl;
	}

	/** The base URL to give the OpenAI credential (…/v1), once started. */
	get baseUrl(): string {
		return `${this.receiver.baseUrl}/v1`;
	}

	async stop(): Promise<void> {
		await this.receiver.stop();
	}

	private reply(request: ReceivedRequest): Answer {
		// n8n's OpenAI credential test lists the models.
		if (request.method === 'GET' && request.url.endsWith('/models'))
			return { body: JSON.stringify({ object: 'list', data: [MODEL] }) };
		if (!request.url.endsWith('/chat/completions'))
			return { status: 404, body: JSON.stringify({ error: { message: `no ${request.url}` } }) };
		const body = JSON.parse(request.body.toString('utf8')) as ChatRequest;
		const toolMessages = (body.messages ?? []).filter((m) => m.role === 'tool');
		const tool = body.tools?.[0]?.function;
		let message: Record<string, unknown>;
		let finish: string;
		if (toolMessages.length > 0 || !tool) {
			const result = toolMessages.map((m) => String(m.content)).join('\n');
			this.toolResults.push(result);
			message = { role: 'assistant', content: `Pika answered: ${result.slice(0, 2000)}` };
			finish = 'stop';
		} else {
			const schema = tool.parameters?.properties ?? {};
			const text = this.prompt ?? lastUserText(body);
			const args = Object.fromEntries(
				Object.entries(schema).map(([key, spec]) => [key, spec.type === 'string' ? text : 1]),
			);
			this.toolCalls.push({
				tool: tool.name,
				arguments: args,
				offeredTools: (body.tools ?? []).map((t) => t.function.name),
				schema,
			});
			message = {
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id: `call_pika_${this.toolCalls.length}`,
						type: 'function',
						function: { name: tool.name, arguments: JSON.stringify(args) },
					},
				],
			};
			finish = 'tool_calls';
		}
		const head = {
			id: `chatcmpl-e2e-${Date.now()}`,
			created: Math.floor(Date.now() / 1000),
			model: body.model ?? 'fake',
		};
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (!body.stream) {
			return {
				body: JSON.stringify({
					...head,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
					usage,
				}),
			};
		}
		const delta = {
			...message,
			...(message.tool_calls
				? {
						tool_calls: (message.tool_calls as object[]).map((call, index) => ({ index, ...call })),
					}
				: {}),
		};
		const chunk = (choice: object, extra: object = {}) =>
			`data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [choice], ...extra })}\n\n`;
		return {
			headers: { 'content-type': 'text/event-stream' },
			body:
				chunk({ index: 0, delta, finish_reason: null }) +
				chunk({ index: 0, delta: {}, finish_reason: finish }, { usage }) +
				'data: [DONE]\n\n',
		};
	}
}

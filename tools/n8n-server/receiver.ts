/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
/**
 * A loopback HTTP server standing in for a service n8n talks to: it records every request
 * (method, URL, headers, body bytes) and answers with what `answer` returns (default 200 `{}`).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface Answer {
	status?: number;
	headers?: Record<string, string>;
	body?: string;
}

export class Receiver {
	readonly requests: ReceivedRequest[] = [];
	private server?: Server;
	private base = '';

	constructor(private readonly answer: (request: ReceivedRequest) => Answer = () => ({})) {}

	/** Listens on 127.0.0.1 (a free port unless given); resolves to the base URL. */
	async start(port = 0): Promise<string> {
		const server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const request: ReceivedRequest = {
					method: req.method ?? '',
					url: req.url ?? '',
					headers: req.headers,
					body: Buffer.concat(chunks),
				};
				this.requests.push(request);
				let answer: Answer;
				try {
					answer = this.answer(request);
				} catch (error) {
					answer = { status: 500, body: JSON.stringify({ error: String(error) }) };
				}
				res.writeHead(answer.status ?? 200, {
					'content-type': 'application/json',
					...(answer.headers ?? {}),
				});
				res.end(answer.body ?? '{}');
			});
		});
		this.server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
		this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return this.base;
	}

	get baseUrl(): string {
		return this.base;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		server.closeAllConnections();
		await closed;
	}
}

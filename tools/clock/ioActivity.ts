/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Is the process waiting for something other than a sleep? The virtual clock only jumps when
 * it is not: a request in flight, a file being read or a DNS lookup ends in real time, and
 * jumping over it would let a sleep end "before" it, an order real time never produces.
 *
 * HTTP exchanges are counted through Node's diagnostics channels, on both ends (n8n's client and
 * fetch; the simulator and the trigger's webhook server): an open keep-alive socket looks the
 * same whether a request is on it or not. Everything else is read off libuv's list of active
 * resources: anything that is not an idle handle counts as work under way.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, ServerResponse } from 'node:http';

/** Handles that stay open while nothing happens: listening and keep-alive sockets, timers, IPC. */
const IDLE_HANDLES = new Set([
	'TCPServerWrap',
	'TCPSocketWrap',
	'PipeWrap',
	'TTYWrap',
	'Timeout',
	'SignalWrap',
	'FSEventWrap',
	'StatWatcher',
	'MessagePort',
]);

export interface IoActivity {
	/** Exchanges started and not yet closed. */
	readonly inFlight: number;
	/** True while an exchange is in flight or libuv holds a request that is not an idle handle. */
	busy(): boolean;
	/** Unsubscribes from the channels (they are process-wide, shared by every test file). */
	stop(): void;
}

/** Counts HTTP exchanges from now on; `onChange` runs when one starts or ends. */
export function watchIoActivity(onChange: () => void): IoActivity {
	const open = new Set<object>();
	const begin = (exchange: object) => {
		open.add(exchange);
		onChange();
	};
	const end = (exchange: object) => {
		if (open.delete(exchange)) onChange();
	};
	const handlers: Record<string, (message: unknown) => void> = {
		'http.client.request.start': (message) => {
			const { request } = message as { request: ClientRequest };
			begin(request);
			request.once('close', () => end(request));
		},
		'http.server.request.start': (message) => {
			const { response } = message as { response: ServerResponse };
			begin(response);
			response.once('close', () => end(response));
		},
		// fetch (undici): `trailers` once the body is complete, `error` if it never will be.
		'undici:request:create': (message) => begin((message as { request: object }).request),
		'undici:request:trailers': (message) => end((message as { request: object }).request),
		'undici:request:error': (message) => end((message as { request: object }).request),
	};
	for (const [name, handler] of Object.entries(handlers)) subscribe(name, handler);
	return {
		get inFlight() {
			return open.size;
		},
		busy() {
			if (open.size > 0) return true;
			return process.getActiveResourcesInfo().some((resource) => !IDLE_HANDLES.has(resource));
		},
		stop() {
			for (const [name, handler] of Object.entries(handlers)) unsubscribe(name, handler);
		},
	};
}

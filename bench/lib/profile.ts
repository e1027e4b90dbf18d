/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark code runs under plain Node, never inside n8n */
/**
 * A CPU profile of the running n8n server, to say where the time of a measure goes: SIGUSR1
 * opens Node's inspector on 127.0.0.1:9229, the DevTools protocol starts and stops the
 * sampling profiler around the work, and the samples are summed by where the code lives.
 * Needs a global WebSocket (Node ≥ 22); otherwise the profile is skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { pidDir } from '../../tools/n8n-server/processes';
import { sleep, until } from './report';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples?: number[];
	timeDeltas?: number[];
}

/** The pid of the recorded `n8n start` process group leader. */
export function n8nServerPid(): number | undefined {
	for (const name of readdirSync(pidDir())) {
		if (/ start\n?$/.test(readFileSync(join(pidDir(), name), 'utf8'))) return Number(name);
	}
	return undefined;
}

type Socket = {
	send(data: string): void;
	close(): void;
	addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
};

export class InspectorSession {
	private nextId = 1;
	private readonly pending = new Map<number, (result: unknown) => void>();
	private constructor(private readonly socket: Socket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
			if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
		});
	}

	/** Opens the inspector of `pid` (SIGUSR1) and connects; undefined when that is not possible. */
	static async open(pid: number): Promise<InspectorSession | string> {
		const WebSocketClass = (globalThis as { WebSocket?: new (url: string) => Socket }).WebSocket;
		if (!WebSocketClass) return `no global WebSocket on Node ${process.version} (needs Node ≥ 22)`;
		process.kill(pid, 'SIGUSR1');
		let url: string;
		try {
			url = await until(
				'the inspector',
				10_000,
				async () => {
					const list = await fetch('http://127.0.0.1:9229/json/list').then(
						(r) => r.json() as Promise<Array<{ webSocketDebuggerUrl: string }>>,
						() => undefined,
					);
					return list?.[0]?.webSocketDebuggerUrl;
				},
				200,
			);
		} catch (error) {
			return (error as Error).message;
		}
		const socket = new WebSocketClass(url);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve());
			socket.addEventListener('error', () => reject(new Error('inspector connection failed')));
		});
		const session = new InspectorSession(socket);
		await session.call('Profiler.enable');
		await session.call('Profiler.setSamplingInterval', { interval: 200 });
		return session;
	}

	async call(method: string, params: object = {}): Promise<unknown> {
		const id = this.nextId++;
		const result = new Promise<unknown>((resolve) => this.pending.set(id, resolve));
		this.socket.send(JSON.stringify({ id, method, params }));
		return await Promise.race([
			result,
			sleep(30_000).then(() => {
				throw new Error(`inspector: ${method} timed out`);
			}),
		]);
	}

	async profile(work: () => Promise<void>): Promise<Profile> {
		await this.call('Profiler.start');
		await work();
		const { profile } = (await this.call('Profiler.stop')) as { profile: Profile };
		return profile;
	}

	async close(): Promise<void> {
		await this.call('Profiler.disable').catch(() => undefined);
		this.socket.close();
	}
}

/** n8n functions through which node and credential code reaches the expression engine. */
const EXPRESSION_CALLERS = [
	'authenticate',
	'getNodeParameter',
	'getCredentials',
	'_getCredentials',
	'getDecrypted',
	'evaluateExpression',
];

/** Where a frame's code lives: this package, n8n-core, n8n's server, a database driver, … */
function area(url: string, functionName: string): string {
	if (/\/node_modules\/n8n-nodes-useapi-pika\//.test(url)) return 'this package';
	if (url === '') {
		if (functionName === '(garbage collector)') return 'garbage collection';
		if (functionName === '(program)') return 'V8/native (program)';
		if (/^(evalClosureSync|applySync|runSync|copy)$/.test(functionName))
			return 'expression engine (isolated-vm)';
		return 'native (sockets, crypto, sqlite)';
	}
	if (url.startsWith('node:')) return 'Node core (http, crypto, streams)';
	const at = url.lastIndexOf('/node_modules/');
	const pkg =
		at >= 0
			? /^((?:@[^/]+\/)?[^/]+)/.exec(url.slice(at + '/node_modules/'.length))?.[1]
			: undefined;
	if (!pkg) return '(other)';
	if (/sqlite|typeorm|^@n8n\/db$/.test(pkg)) return 'database (sqlite, typeorm)';
	if (pkg === '@n8n/expression-runtime' || pkg === 'isolated-vm')
		return 'expression engine (isolated-vm)';
	if (pkg === 'n8n-workflow') return 'n8n-workflow (parameters, expressions)';
	if (pkg === 'n8n-core') return 'n8n-core (execution, helpers)';
	if (pkg === 'n8n') return 'n8n server (credentials, executions)';
	if (/axios|follow-redirects|form-data|^request$|backend-network|proxy-from-env/.test(pkg))
		return 'HTTP client (axios)';
	if (pkg === 'n8n-nodes-base') return 'n8n-nodes-base (HTTP Request node)';
	return pkg;
}

/**
 * Self time per area (ms), the top self-time functions, busy time only (idle left out), and
 * for the expression engine's time the innermost caller among `EXPRESSION_CALLERS`.
 */
export function summarize(
	profile: Profile,
	top = 8,
): {
	busyMs: number;
	areas: Array<[string, number]>;
	functions: Array<[string, number]>;
	expressionCallers: Array<[string, number]>;
} {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	for (let i = 0; i < samples.length; i++)
		self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
	const areas = new Map<string, number>();
	const functions = new Map<string, number>();
	const callers = new Map<string, number>();
	let busyMs = 0;
	for (const [id, t] of self) {
		const frame = byId.get(id)?.callFrame;
		if (!frame || frame.functionName === '(idle)') continue;
		busyMs += t;
		const where = area(frame.url, frame.functionName);
		areas.set(where, (areas.get(where) ?? 0) + t);
		if (where === 'expression engine (isolated-vm)') {
			let caller = 'other';
			for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
				const name = byId.get(at)?.callFrame.functionName ?? '';
				if (EXPRESSION_CALLERS.includes(name)) {
					caller = name;
					break;
				}
			}
			callers.set(caller, (callers.get(caller) ?? 0) + t);
		}
		const file = frame.url.replace(/.*node_modules\//, '').replace(/^file:\/\//, '');
		const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
		functions.set(key, (functions.get(key) ?? 0) + t);
	}
	const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
	return {
		busyMs,
		areas: sorted(areas),
		functions: sorted(functions).slice(0, top),
		expressionCallers: sorted(callers),
	};
}

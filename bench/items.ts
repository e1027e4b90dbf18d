/**
 * Measure 1 — per-item overhead in real n8n: Pika · Get Job over 1,000 items against the
 * simulator, and the same GETs with n8n's HTTP Request node (Bearer credential, defaults),
 * in the same n8n process, alternating, after one warm-up run each; on loopback and with
 * every GET held 50 and 200 ms (a network round trip). At each latency, one run of the
 * Pika node per Items per Batch value of SWEEP shows where its default stands.
 */
import type { PikaSimulator } from '../tools/simulator';
import { DEFAULT_ITEMS_PER_BATCH } from '../nodes/Pika/helpers/batching';
import type { BenchN8n, Execution } from './lib/n8n';
import { executionMs, nodeMs } from './lib/n8n';
import {
	goal,
	goalText,
	log,
	median,
	ms,
	ratio,
	ratioOf,
	s,
	type MeasureResult,
} from './lib/report';
import { InspectorSession, n8nServerPid, summarize } from './lib/profile';
import { maxInFlight, seedFinishedJobs } from './lib/sim';
import { pikaNode, webhookNode, workflow } from '../tools/n8n-server/workflows';
import { httpGetJob, splitOut } from './lib/workflows';

/** Items per Batch values tried besides the default (-1: all at once). */
const SWEEP = [20, 100, 500, -1] as const;
type Kind = 'pika' | 'http' | `batch${number}`;
const KINDS: Kind[] = ['pika', 'http', ...SWEEP.map((size): Kind => `batch${size}`)];
/** n8n workflow ids: 16 letters and digits, e.g. pikaBenchItPika0, pikaBenchItB0020, pikaBenchItBm001. */
const id = (kind: Kind) =>
	`pikaBenchIt${kind.startsWith('batch') ? `B${kind.slice(5).replace('-', 'm').padStart(4, '0')}` : `${kind === 'pika' ? 'Pika' : 'Http'}0`}`;
const path = (kind: Kind) => `bench-items-${kind}`;
const NODE = 'Get Job';

export function itemsWorkflows(simUrl: string): object[] {
	const node = (kind: Kind) => {
		if (kind === 'http') return httpGetJob(NODE, simUrl);
		const batching =
			kind === 'pika'
				? {}
				: { batching: { batch: { batchSize: Number(kind.slice(5)), batchInterval: 0 } } };
		return pikaNode(NODE, { operation: 'get', jobId: '={{ $json.jobid }}', options: batching });
	};
	return KINDS.map((kind) =>
		workflow(
			id(kind),
			`bench: 1000 × ${kind}`,
			[webhookNode(path(kind), 'noData'), splitOut('jobs'), node(kind)],
			[
				['Webhook', 'Split Out'],
				['Split Out', NODE],
			],
		),
	);
}

/** `runs` rounds of the kinds, the order rotated every round. */
async function alternate(
	kinds: Kind[],
	runs: number,
	runOnce: (kind: Kind) => Promise<Sample>,
	label: string,
): Promise<Record<string, Sample[]>> {
	const samples: Record<string, Sample[]> = Object.fromEntries(kinds.map((kind) => [kind, []]));
	for (let run = 0; run < runs; run++) {
		const order = kinds.map((_, i) => kinds[(i + run) % kinds.length]);
		for (const kind of order) samples[kind].push(await runOnce(kind));
		log(
			`${label}: run ${run + 1}/${runs}: ${kinds.map((kind) => `${kind} ${ms(samples[kind][run].executionMs)}`).join(', ')}`,
		);
	}
	return samples;
}

interface Sample {
	executionMs: number;
	nodeMs: number;
	requests: number;
	maxInFlight: number;
}

interface AtLatency {
	latencyMs: number;
	runs: number;
	samples: Record<string, Sample[]>;
	ratio: number;
	roundRatios: number[];
	sweep: Record<string, Sample[]>;
}

export async function measureItems(
	n8n: BenchN8n,
	sim: PikaSimulator,
	ch: string,
	options: { items: number; runs: number; latenciesMs: number[]; latencyRuns: number },
): Promise<MeasureResult> {
	log(`items: seeding ${options.items} finished jobs`);
	const jobids = await seedFinishedJobs(sim, ch, options.items);
	const body = { jobs: jobids.map((jobid) => ({ jobid })) };
	for (const kind of KINDS) await n8n.activate(id(kind));

	const runOnce = async (kind: Kind): Promise<Sample> => {
		const before = await n8n.newestExecutionId(id(kind));
		sim.clearLogs();
		await n8n.callWebhook(path(kind), body);
		const execution: Execution = await n8n.finishedExecution(id(kind), before, 300_000);
		if (execution.status !== 'success')
			throw new Error(
				`items ${kind}: execution ${execution.id} ${execution.status}: ${execution.data?.resultData.error?.message}`,
			);
		const gets = sim.requests.filter((r) => r.path === '/v1/pika/jobs/');
		const ok = gets.filter((r) => r.status === 200).length;
		if (ok !== options.items)
			throw new Error(`items ${kind}: ${ok} GETs answered 200, expected ${options.items}`);
		const output = execution.data?.resultData.runData[NODE]?.[0]?.data?.main[0] ?? [];
		if (output.length !== options.items)
			throw new Error(`items ${kind}: ${output.length} output items`);
		return {
			executionMs: executionMs(execution),
			nodeMs: nodeMs(execution, NODE),
			requests: gets.length,
			maxInFlight: maxInFlight(gets),
		};
	};

	log('items: warm-up run of each workflow');
	for (const kind of KINDS) await runOnce(kind);
	const levels: AtLatency[] = [];
	for (const latencyMs of [0, ...options.latenciesMs]) {
		// Every GET answered after latencyMs: a network round trip (0: loopback as it is).
		const fault =
			latencyMs > 0
				? sim.injectFault({
						method: 'GET',
						path: '/v1/pika/jobs/',
						times: Number.POSITIVE_INFINITY,
						fault: { delayMs: latencyMs },
					})
				: undefined;
		try {
			const runs = latencyMs === 0 ? options.runs : options.latencyRuns;
			const label = `items, ${latencyMs} ms per GET`;
			const samples = await alternate(['pika', 'http'], runs, runOnce, label);
			const sweep = await alternate(
				KINDS.filter((kind) => kind.startsWith('batch')),
				1,
				runOnce,
				`${label}, Items per Batch`,
			);
			const med = (kind: string) => median(samples[kind].map((x) => x.executionMs));
			// Each round's own ratio: the two runs of a round share the machine's load at that moment.
			const roundRatios = samples.pika
				.map((x, i) => x.executionMs / samples.http[i].executionMs)
				.sort((a, b) => a - b);
			levels.push({
				latencyMs,
				runs,
				samples,
				ratio: med('pika') / med('http'),
				roundRatios,
				sweep,
			});
		} finally {
			fault?.remove();
		}
	}
	const profile = await profileRuns(async (kind) => {
		await runOnce(kind);
	});
	for (const kind of KINDS) await n8n.deactivate(id(kind));

	const med = (samples: Sample[], key: keyof Sample = 'executionMs') =>
		median(samples.map((x) => x[key]));
	const [loopback] = levels;
	const at50 = levels.find((level) => level.latencyMs === 50);
	const goals = [
		goal('ours/HTTP ≤ 0.9 on loopback', loopback.ratio <= 0.9),
		...(at50 ? [goal('ours/HTTP ≤ 0.9 at 50 ms', at50.ratio <= 0.9)] : []),
	];
	const nodeRatio = med(loopback.samples.pika, 'nodeMs') / med(loopback.samples.http, 'nodeMs');
	const perItem = (kind: Kind) => ms(med(loopback.samples[kind], 'nodeMs') / options.items, 2);
	const level = (l: AtLatency) =>
		`${l.latencyMs} ms: Pika ${s(med(l.samples.pika))} vs HTTP Request ${s(med(l.samples.http))}, ours/HTTP ${ratio(l.ratio)} (rounds ${ratio(l.roundRatios[0])}–${ratio(l.roundRatios[l.roundRatios.length - 1])}, median of ${l.runs})`;
	const sweepLine = (l: AtLatency) =>
		`Items per Batch at ${l.latencyMs} ms (one run each, /HTTP median): ` +
		[
			...SWEEP.map((size) => [String(size), l.sweep[`batch${size}`]] as const),
			[`${DEFAULT_ITEMS_PER_BATCH} (default)`, l.samples.pika] as const,
		]
			.map(
				([label, samples]) =>
					`${label} ${s(med(samples))} = ${ratio(med(samples) / med(l.samples.http))}`,
			)
			.join(', ');
	return {
		name: 'items',
		line:
			`1 per-item overhead (real n8n, ${options.items} × Get Job, node defaults, alternating runs): ` +
			`${levels.map(level).join('; ')}; ${goalText(goals)}`,
		goals,
		ratios: levels.map((l) =>
			ratioOf(
				`${options.items} × Get Job, execution time, ${l.latencyMs} ms per GET: Pika (defaults) / HTTP Request (defaults)`,
				med(l.samples.pika),
				med(l.samples.http),
				'ms',
				l.latencyMs === 0 || l.latencyMs === 50 ? 0.9 : undefined,
			),
		),
		notes: [
			`node time only, loopback: ${s(med(loopback.samples.pika, 'nodeMs'))} vs ${s(med(loopback.samples.http, 'nodeMs'))}, ${ratio(nodeRatio)}; per item Pika ${perItem('pika')}, HTTP Request ${perItem('http')}`,
			...levels.map(sweepLine),
			`requests in flight at the simulator (max, ${levels[levels.length - 1].latencyMs} ms): Pika ${med(levels[levels.length - 1].samples.pika, 'maxInFlight')} (Items per Batch ${DEFAULT_ITEMS_PER_BATCH}), HTTP Request ${med(levels[levels.length - 1].samples.http, 'maxInFlight')} (it starts every item's request before awaiting any)`,
			...profile.notes,
		],
		data: {
			items: options.items,
			defaultItemsPerBatch: DEFAULT_ITEMS_PER_BATCH,
			levels,
			profile: profile.data,
			nodeRatio,
		},
	};
}

const callers = (summary: ReturnType<typeof summarize>) =>
	summary.expressionCallers.map(([name, t]) => `${name} ${ms(t)}`).join(', ');

/**
 * One more run of each workflow under n8n's CPU profiler (not timed): busy time of the n8n
 * process by where the code lives. Skipped, with the reason, when the inspector is not reachable.
 */
async function profileRuns(
	runOnce: (kind: 'pika' | 'http') => Promise<void>,
): Promise<{ notes: string[]; data: unknown }> {
	const pid = n8nServerPid();
	const session = pid ? await InspectorSession.open(pid) : 'no n8n server pid';
	if (typeof session === 'string')
		return { notes: [`CPU profile skipped: ${session}`], data: { skipped: session } };
	try {
		const summaries = {} as Record<'pika' | 'http', ReturnType<typeof summarize>>;
		for (const kind of ['pika', 'http'] as const)
			summaries[kind] = summarize(await session.profile(async () => await runOnce(kind)));
		const areas = [
			...new Set([...summaries.pika.areas, ...summaries.http.areas].map(([name]) => name)),
		];
		const of = (kind: 'pika' | 'http', name: string) =>
			summaries[kind].areas.find(([n]) => n === name)?.[1] ?? 0;
		const rows = areas
			.map((name) => ({ name, pika: of('pika', name), http: of('http', name) }))
			.filter((row) => row.pika >= 20 || row.http >= 20)
			.sort((a, b) => b.pika + b.http - (a.pika + a.http));
		return {
			notes: [
				`CPU profile of one more run each (n8n process busy time, Pika vs HTTP Request): total ${ms(summaries.pika.busyMs)} vs ${ms(summaries.http.busyMs)}`,
				...rows.map((row) => `  ${row.name}: ${ms(row.pika)} vs ${ms(row.http)}`),
				`  expression engine time by the n8n function that asked for it: Pika ${callers(summaries.pika)}; HTTP Request ${callers(summaries.http)}`,
			],
			data: summaries,
		};
	} finally {
		await session.close();
	}
}

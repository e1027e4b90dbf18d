/**
 * Measure 1 — per-item overhead in real n8n: Pika · Get Job over 1,000 items against the
 * simulator, and the same GETs with n8n's HTTP Request node (Bearer credential, defaults),
 * in the same n8n process, alternating, after one warm-up run each.
 */
import type { PikaSimulator } from '../test/simulator';
import type { BenchN8n, Execution } from './lib/n8n';
import { executionMs, nodeMs } from './lib/n8n';
import { goal, goalText, log, median, ms, ratio, s, type MeasureResult } from './lib/report';
import { InspectorSession, n8nServerPid, summarize } from './lib/profile';
import { maxInFlight, seedFinishedJobs } from './lib/sim';
import { httpGetJob, pika, splitOut, webhook, workflow } from './lib/workflows';

export const ITEMS_IDS = { pika: 'pikaBenchItemsPk', http: 'pikaBenchItemsHt' } as const;
const PATHS = { pika: 'bench-items-pika', http: 'bench-items-http' } as const;
const NODE = 'Get Job';

export function itemsWorkflows(simUrl: string): object[] {
	return [
		workflow(ITEMS_IDS.pika, 'bench: 1000 × Pika Get Job', [webhook(PATHS.pika, 'lastNode'), splitOut('jobs'), pika(NODE, { operation: 'get', jobId: '={{ $json.jobid }}' })], [
			['Webhook', 'Split Out'],
			['Split Out', NODE],
		]),
		workflow(ITEMS_IDS.http, 'bench: 1000 × HTTP Request GET', [webhook(PATHS.http, 'lastNode'), splitOut('jobs'), httpGetJob(NODE, simUrl)], [
			['Webhook', 'Split Out'],
			['Split Out', NODE],
		]),
	];
}

type Kind = 'pika' | 'http';

/** `runs` rounds of both workflows, the order flipped every round. */
async function alternate(runs: number, runOnce: (kind: Kind) => Promise<Sample>, label: string): Promise<Record<Kind, Sample[]>> {
	const samples: Record<Kind, Sample[]> = { pika: [], http: [] };
	for (let run = 0; run < runs; run++) {
		const order: Kind[] = run % 2 === 0 ? ['pika', 'http'] : ['http', 'pika'];
		for (const kind of order) samples[kind].push(await runOnce(kind));
		log(`${label}: run ${run + 1}/${runs}: Pika ${ms(samples.pika[run].executionMs)}, HTTP ${ms(samples.http[run].executionMs)}`);
	}
	return samples;
}

interface Sample {
	executionMs: number;
	nodeMs: number;
	requests: number;
	maxInFlight: number;
}

export async function measureItems(
	n8n: BenchN8n,
	sim: PikaSimulator,
	ch: string,
	options: { items: number; runs: number; latencyMs: number; latencyRuns: number },
): Promise<MeasureResult> {
	log(`items: seeding ${options.items} finished jobs`);
	const jobids = await seedFinishedJobs(sim, ch, options.items);
	const body = { jobs: jobids.map((jobid) => ({ jobid })) };
	for (const id of Object.values(ITEMS_IDS)) await n8n.activate(id);

	const runOnce = async (kind: Kind): Promise<Sample> => {
		const before = await n8n.newestExecutionId(ITEMS_IDS[kind]);
		sim.clearLogs();
		await n8n.callWebhook(PATHS[kind], body);
		const execution: Execution = await n8n.finishedExecution(ITEMS_IDS[kind], before, 120_000);
		if (execution.status !== 'success') throw new Error(`items ${kind}: execution ${execution.id} ${execution.status}: ${execution.data?.resultData.error?.message}`);
		const gets = sim.requests.filter((r) => r.path === '/v1/pika/jobs/');
		const ok = gets.filter((r) => r.status === 200).length;
		if (ok !== options.items) throw new Error(`items ${kind}: ${ok} GETs answered 200, expected ${options.items}`);
		const output = execution.data?.resultData.runData[NODE]?.[0]?.data?.main[0] ?? [];
		if (output.length !== options.items) throw new Error(`items ${kind}: ${output.length} output items`);
		return { executionMs: executionMs(execution), nodeMs: nodeMs(execution, NODE), requests: gets.length, maxInFlight: maxInFlight(gets) };
	};

	log('items: warm-up run of each workflow');
	await runOnce('pika');
	await runOnce('http');
	const samples = await alternate(options.runs, runOnce, 'items');
	// The same over a network with latency: every GET answered after delayMs (not part of the goal).
	const fault = sim.injectFault({ method: 'GET', path: '/v1/pika/jobs/', times: Number.POSITIVE_INFINITY, fault: { delayMs: options.latencyMs } });
	const slow = await alternate(options.latencyRuns, runOnce, `items, ${options.latencyMs} ms per GET`).finally(() => fault.remove());
	const profile = await profileRuns(async (kind) => {
		await runOnce(kind);
	});
	for (const id of Object.values(ITEMS_IDS)) await n8n.deactivate(id);

	const med = (kind: Kind, key: keyof Sample, from = samples) => median(from[kind].map((x) => x[key]));
	const executionRatio = med('pika', 'executionMs') / med('http', 'executionMs');
	// Each round's own ratio: the two runs of a round share the machine's load at that moment.
	const roundRatios = samples.pika.map((x, i) => x.executionMs / samples.http[i].executionMs).sort((a, b) => a - b);
	const nodeRatio = med('pika', 'nodeMs') / med('http', 'nodeMs');
	const goals = [goal('ours/HTTP ≤ 0.9', executionRatio <= 0.9)];
	const perItem = (kind: Kind) => ms(med(kind, 'nodeMs') / options.items, 2);
	return {
		name: 'items',
		line:
			`1 per-item overhead (real n8n, ${options.items} items, median of ${options.runs} alternating runs): ` +
			`execution Pika Get Job ${s(med('pika', 'executionMs'))} vs HTTP Request ${s(med('http', 'executionMs'))}, ours/HTTP ${ratio(executionRatio)}; ` +
			`node only ${s(med('pika', 'nodeMs'))} vs ${s(med('http', 'nodeMs'))}, ${ratio(nodeRatio)}; ${goalText(goals)}`,
		goals,
		notes: [
			`ratio of each round (same moment, same load): median ${ratio(median(roundRatios))}, range ${ratio(roundRatios[0])}–${ratio(roundRatios[roundRatios.length - 1])}`,
			`node time per item: Pika ${perItem('pika')}, HTTP Request ${perItem('http')}`,
			`requests in flight at the simulator (max): Pika ${med('pika', 'maxInFlight')} (reads run up to 20 at a time), HTTP Request ${med('http', 'maxInFlight')} (it starts every item's request before awaiting any)`,
			`with ${options.latencyMs} ms per GET (a WAN round trip; median of ${options.latencyRuns} alternating runs): Pika ${s(med('pika', 'executionMs', slow))} vs HTTP Request ${s(med('http', 'executionMs', slow))}, ratio ${ratio(med('pika', 'executionMs', slow) / med('http', 'executionMs', slow))}; in flight at most ${med('pika', 'maxInFlight', slow)} vs ${med('http', 'maxInFlight', slow)}`,
			...profile.notes,
		],
		data: { items: options.items, runs: options.runs, samples, roundRatios, withLatency: { latencyMs: options.latencyMs, samples: slow }, profile: profile.data, executionRatio, nodeRatio, medians: { pika: { executionMs: med('pika', 'executionMs'), nodeMs: med('pika', 'nodeMs') }, http: { executionMs: med('http', 'executionMs'), nodeMs: med('http', 'nodeMs') } } },
	};
}

const callers = (summary: ReturnType<typeof summarize>) => summary.expressionCallers.map(([name, t]) => `${name} ${ms(t)}`).join(', ');

/**
 * One more run of each workflow under n8n's CPU profiler (not timed): busy time of the n8n
 * process by where the code lives. Skipped, with the reason, when the inspector is not reachable.
 */
async function profileRuns(runOnce: (kind: Kind) => Promise<void>): Promise<{ notes: string[]; data: unknown }> {
	const pid = n8nServerPid();
	const session = pid ? await InspectorSession.open(pid) : 'no n8n server pid';
	if (typeof session === 'string') return { notes: [`CPU profile skipped: ${session}`], data: { skipped: session } };
	try {
		const summaries = {} as Record<Kind, ReturnType<typeof summarize>>;
		for (const kind of ['pika', 'http'] as const) summaries[kind] = summarize(await session.profile(async () => await runOnce(kind)));
		const areas = [...new Set([...summaries.pika.areas, ...summaries.http.areas].map(([name]) => name))];
		const of = (kind: Kind, name: string) => summaries[kind].areas.find(([n]) => n === name)?.[1] ?? 0;
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

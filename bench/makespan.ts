/**
 * Measure 2 — batch makespan under maxJobs, in real n8n: 100 Create items on a channel with
 * maxJobs = 10, simulator job time D, waiting for completion. Optimum = ⌈100/10⌉·D. Run at the
 * same time, each on its own channel: the Pika node, and HTTP Request + Wait + IF loops the way
 * a user builds them (defaults; with Retry On Fail; with the node's Batching option).
 */
import type { PikaSimulator } from '../tools/simulator';
import type { BenchN8n, Execution } from './lib/n8n';
import { executionMs } from './lib/n8n';
import { goal, goalText, log, ratio, s, sleep, type MeasureResult } from './lib/report';
import { channel } from './lib/sim';
import { noOp, pikaNode, webhookNode, workflow } from '../tools/n8n-server/workflows';
import { httpCreate, httpGetJob, ifJobDone, splitOut, wait } from './lib/workflows';

/** Every poller, the node and the loops alike, at the API's floor: "at least 10..30 seconds". */
export const POLL_S = 10;

const VARIANTS = ['pika', 'httpDefaults', 'httpRetry', 'httpBatching'] as const;
type Variant = (typeof VARIANTS)[number];
export const MAKESPAN_CHANNELS = VARIANTS.length;
const CHANNELS: Record<Variant, string> = {
	pika: channel(100),
	httpDefaults: channel(101),
	httpRetry: channel(102),
	httpBatching: channel(103),
};
const IDS: Record<Variant, string> = {
	pika: 'pikaBenchSpanPik',
	httpDefaults: 'pikaBenchSpanHt1',
	httpRetry: 'pikaBenchSpanHt2',
	httpBatching: 'pikaBenchSpanHt3',
};
const LABELS: Record<Variant, string> = {
	pika: `Pika Create (Wait for Completion, poll ${POLL_S} s)`,
	httpDefaults: 'HTTP Request loop, defaults',
	httpRetry: 'HTTP Request loop, Create with Retry On Fail (5 tries, 5 s apart)',
	httpBatching: `HTTP Request loop, Create with Batching (10 items per D + ${POLL_S} s)`,
};

/** Create → Wait P → Get → IF done (true: Done; false: back to Wait). */
function httpLoop(
	variant: Variant,
	simUrl: string,
	create: ReturnType<typeof httpCreate>,
	timeoutS: number,
): object {
	return workflow(
		IDS[variant],
		`bench: makespan, ${LABELS[variant]}`,
		[
			webhookNode(`bench-span-${variant}`, 'onReceived'),
			splitOut('prompts'),
			create,
			wait('Wait', POLL_S),
			httpGetJob('Get Job', simUrl),
			ifJobDone('Done?'),
			noOp('Done'),
		],
		[
			['Webhook', 'Split Out'],
			['Split Out', 'Create'],
			['Create', 'Wait'],
			['Wait', 'Get Job'],
			['Get Job', 'Done?'],
			['Done?', 'Done', 0],
			['Done?', 'Wait', 1],
		],
		{ executionTimeout: timeoutS },
	);
}

export function makespanWorkflows(simUrl: string, durationS: number): object[] {
	const timeoutS = Math.ceil(3 * 10 * durationS);
	return [
		workflow(
			IDS.pika,
			`bench: makespan, ${LABELS.pika}`,
			[
				webhookNode('bench-span-pika', 'onReceived'),
				splitOut('prompts'),
				pikaNode('Create', {
					operation: 'create',
					prompt: '={{ $json.prompt }}',
					options: {
						channel: { __rl: true, mode: 'id', value: CHANNELS.pika },
						maxJobs: 10,
						waitForCompletion: true,
						pollInterval: POLL_S,
						maxWait: 60,
					},
				}),
			],
			[
				['Webhook', 'Split Out'],
				['Split Out', 'Create'],
			],
		),
		httpLoop('httpDefaults', simUrl, httpCreate('Create', simUrl, CHANNELS.httpDefaults), timeoutS),
		httpLoop(
			'httpRetry',
			simUrl,
			httpCreate(
				'Create',
				simUrl,
				CHANNELS.httpRetry,
				{},
				{ retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 },
			),
			timeoutS,
		),
		httpLoop(
			'httpBatching',
			simUrl,
			httpCreate('Create', simUrl, CHANNELS.httpBatching, {
				batching: {
					batch: { batchSize: 10, batchInterval: Math.round((durationS + POLL_S) * 1000) },
				},
			}),
			timeoutS,
		),
	];
}

interface VariantResult {
	status: string;
	makespanMs: number;
	ratio: number;
	completedItems: number;
	failedItems: number;
	jobsCreated: number;
	duplicateJobs: number;
	refused429: number;
	error?: string;
}

export async function measureMakespan(
	n8n: BenchN8n,
	sim: PikaSimulator,
	options: { items: number; maxJobs: number; durationMs: number; pollSeconds: number },
): Promise<MeasureResult> {
	const D = options.durationMs;
	const optimumMs = Math.ceil(options.items / options.maxJobs) * D;
	const P = options.pollSeconds * 1000;
	const expectedPika = (Math.ceil(D / P) * P) / D;
	const expectedBatching = (9 * (D + P) + Math.ceil(D / P) * P) / optimumMs;
	sim.configure({ jobDurationMs: D, progressAfterMs: Math.round(D / 2) });
	sim.clearLogs();
	const prompts = Array.from({ length: options.items }, (_, i) => ({
		prompt: `Bench makespan item ${i + 1}`,
	}));
	const before: Partial<Record<Variant, number>> = {};
	for (const variant of VARIANTS) {
		await n8n.activate(IDS[variant]);
		before[variant] = await n8n.newestExecutionId(IDS[variant]);
	}
	log(
		`makespan: D = ${s(D, 1)}, optimum ${s(optimumMs, 1)}; starting ${VARIANTS.length} workflows at once (about ${Math.round((optimumMs * 1.1) / 60_000)} min)`,
	);
	for (const variant of VARIANTS) await n8n.callWebhook(`bench-span-${variant}`, { prompts });

	const deadline = Date.now() + 3 * optimumMs + 120_000;
	const finished: Partial<Record<Variant, Execution>> = {};
	let lastLog = Date.now();
	while (VARIANTS.some((v) => !finished[v]) && Date.now() < deadline) {
		for (const variant of VARIANTS.filter((v) => !finished[v])) {
			const [newest] = await n8n.executions(IDS[variant], { max: 1 });
			if (newest && Number(newest.id) > (before[variant] ?? 0) && newest.stoppedAt) {
				finished[variant] = await n8n.execution(newest.id, true);
				log(
					`makespan: ${variant} stopped (${finished[variant]?.status}) after ${s(executionMs(newest), 1)}`,
				);
			}
		}
		if (Date.now() - lastLog > 60_000) {
			lastLog = Date.now();
			log(
				`makespan: completed jobs per channel: ${VARIANTS.map((v) => `${v} ${sim.jobs.filter((j) => j.channel === CHANNELS[v] && j.status === 'completed').length}`).join(', ')}`,
			);
		}
		await sleep(2_000);
	}
	for (const variant of VARIANTS) await n8n.deactivate(IDS[variant]);

	const results = {} as Record<Variant, VariantResult>;
	for (const variant of VARIANTS)
		results[variant] = summarize(variant, finished[variant], sim, optimumMs, options.items);
	const pikaResult = results.pika;
	const goals = [
		goal('makespan/optimum ≤ 1.10', pikaResult.ratio <= 1.1),
		goal('0 failed items', pikaResult.failedItems === 0),
		goal(`exactly ${options.items} jobs`, pikaResult.jobsCreated === options.items),
	];
	const describe = (v: Variant) => {
		const r = results[v];
		const outcome =
			r.status === 'success'
				? `makespan ${s(r.makespanMs, 1)}, ratio ${ratio(r.ratio, 3)}`
				: `${r.status} after ${s(r.makespanMs, 1)} (${r.error ?? 'no error message'})`;
		return `${LABELS[v]}: ${outcome}; ${r.completedItems} items completed, ${r.failedItems} failed; ${r.jobsCreated} jobs created (${r.duplicateJobs} duplicates); ${r.refused429} submits refused with 429`;
	};
	return {
		name: 'makespan',
		line:
			`2 batch makespan (real n8n, ${options.items} Create items, maxJobs ${options.maxJobs}, D = ${s(D, 1)}, optimum ${s(optimumMs, 1)}): ` +
			`Pika ${s(pikaResult.makespanMs, 1)}, makespan/optimum ${ratio(pikaResult.ratio, 3)} (expected ${ratio(expectedPika, 3)}), ` +
			`${pikaResult.failedItems} failed, ${pikaResult.jobsCreated} jobs created; ${goalText(goals)}`,
		goals,
		notes: [
			...VARIANTS.map(describe),
			`expected from the polling physics: Pika ⌈D/P⌉·P/D = ${ratio(expectedPika, 3)} (P = ${options.pollSeconds} s); HTTP Batching (9·(D+P) + ⌈D/P⌉·P)/optimum = ${ratio(expectedBatching, 3)}`,
		],
		data: {
			items: options.items,
			maxJobs: options.maxJobs,
			durationMs: D,
			pollSeconds: options.pollSeconds,
			optimumMs,
			expectedPika,
			expectedBatching,
			results,
		},
	};
}

function summarize(
	variant: Variant,
	execution: Execution | undefined,
	sim: PikaSimulator,
	optimumMs: number,
	items: number,
): VariantResult {
	const ch = CHANNELS[variant];
	const jobs = sim.jobs.filter((j) => j.channel === ch);
	const prompts = jobs.map((j) => j.prompt ?? '');
	const duplicateJobs = prompts.length - new Set(prompts).size;
	const refused429 = sim.requests.filter(
		(r) => r.path === '/v1/pika/create' && r.status === 429 && r.fields.channel === ch,
	).length;
	if (!execution)
		return {
			status: 'did not finish',
			makespanMs: Number.NaN,
			ratio: Number.NaN,
			completedItems: 0,
			failedItems: items,
			jobsCreated: jobs.length,
			duplicateJobs,
			refused429,
		};
	const runData = execution.data?.resultData.runData ?? {};
	const lastNode = variant === 'pika' ? 'Create' : 'Done';
	const outputs = (runData[lastNode] ?? []).flatMap((run) => run.data?.main[0] ?? []);
	const completedItems = outputs.filter((item) => item.json.status === 'completed').length;
	const makespanMs = executionMs(execution);
	return {
		status: execution.status ?? 'unknown',
		makespanMs,
		ratio: makespanMs / optimumMs,
		completedItems,
		failedItems: items - completedItems,
		jobsCreated: jobs.length,
		duplicateJobs,
		refused429,
		error: execution.data?.resultData.error?.message,
	};
}

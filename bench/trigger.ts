/**
 * Measure 3 — completion → workflow latency, in real n8n: the Pika Trigger active with
 * Automatic registration (Verify With API on, the default), the simulator completes jobs one
 * after the other; latency = the simulator's callback send (`callbacks[].sentAt`) → n8n's
 * execution `startedAt`. Contrast: polling Get Job every 15 s finds a job 7.5 s late on average.
 */
import type { PikaSimulator } from '../tools/simulator';
import { n8nCpuMs, type BenchN8n } from './lib/n8n';
import { n8nServerPid, profileN8n } from './lib/profile';
import {
	goal,
	goalText,
	log,
	mean,
	ms,
	percentile,
	s,
	sleep,
	until,
	type MeasureResult,
} from './lib/report';
import { addAccounts, submitCreate } from './lib/sim';
import { workflow } from '../tools/n8n-server/workflows';
import { pikaTrigger } from './lib/workflows';

const TRIGGER_ID = 'pikaBenchTrigger';
const POLL_INTERVAL_MS = 15_000;

export function triggerWorkflows(): object[] {
	return [workflow(TRIGGER_ID, 'bench: Pika Trigger', [pikaTrigger()], [])];
}

export async function measureTrigger(
	n8n: BenchN8n,
	sim: PikaSimulator,
	options: { jobs: number; intervalMs: number },
): Promise<MeasureResult> {
	const channels = addAccounts(sim, Math.ceil(options.jobs / 10), 10, 10);
	await n8n.activate(TRIGGER_ID);
	const replyUrl = await until('the trigger to register itself', 30_000, () => sim.accountReplyUrl);
	log(`trigger: registered as ${replyUrl.replace(/token=[^&]+/, 'token=…')}`);
	// Jobs that run until the bench completes them; no Reply URL, so the account default is used.
	sim.configure({
		jobDurationMs: Number.POSITIVE_INFINITY,
		progressAfterMs: Number.POSITIVE_INFINITY,
	});
	const jobids: string[] = [];
	for (let i = 0; i < options.jobs; i++)
		jobids.push(await submitCreate(sim, channels[Math.floor(i / 10)], `Bench trigger job ${i}`));
	const before = await n8n.newestExecutionId(TRIGGER_ID);
	sim.clearLogs();

	log(`trigger: completing ${options.jobs} jobs, one every ${options.intervalMs} ms`);
	const pid = n8nServerPid();
	const cpuBefore = n8nCpuMs(pid);
	for (const jobid of jobids) {
		sim.completeJob(jobid);
		await sleep(options.intervalMs);
	}
	await sim.flushCallbacks();
	const accepted = sim.callbacks.filter((c) => c.responseStatus === 200).length;
	const started = async () =>
		(await n8n.executions(TRIGGER_ID, { max: options.jobs + 50 })).filter(
			(e) => Number(e.id) > before,
		);
	let seen = -1;
	let changedAt = Date.now();
	// Every job's execution, or (callbacks that timed out may still start one late) a count at
	// least that of the accepted callbacks that has not changed for 5 s.
	let failure: string | undefined;
	await until(
		`${accepted} trigger executions`,
		120_000,
		async () => {
			const list = await started();
			if (list.length !== seen) [seen, changedAt] = [list.length, Date.now()];
			const settled =
				list.length >= options.jobs || (list.length >= accepted && Date.now() - changedAt > 5_000);
			return settled && list.every((e) => e.stoppedAt) ? list : undefined;
		},
		1_000,
	).catch((error: Error) => (failure = error.message));
	if (failure) {
		const answers = sim.callbacks.map((c) => c.responseStatus ?? c.error ?? 'none');
		const counts = [...new Set(answers)]
			.map((a) => `${a}: ${answers.filter((x) => x === a).length}`)
			.join(', ');
		throw new Error(`${failure}; ${seen} executions seen; callback answers: ${counts}`);
	}
	const cpuPerCallback = (n8nCpuMs(pid) - cpuBefore) / options.jobs;
	const executions = await Promise.all(
		(await started()).map(async (e) => await n8n.execution(e.id, true)),
	);

	// Diagnostic, after the measure: a CPU profile of n8n while 20 more callbacks are handled.
	const extra = jobids.length;
	for (let i = 0; i < 20; i++)
		jobids.push(
			await submitCreate(sim, channels[Math.floor(i / 10)], `Bench trigger profile ${i}`),
		);
	const profile = await profileN8n(async () => {
		for (const jobid of jobids.slice(extra)) {
			sim.completeJob(jobid);
			await sleep(options.intervalMs);
		}
		await sim.flushCallbacks();
		await sleep(1_000);
	});
	await n8n.deactivate(TRIGGER_ID);
	sim.configure({ jobDurationMs: 1_000, progressAfterMs: 500 });

	const profileNote =
		typeof profile === 'string'
			? `CPU profile skipped: ${profile}`
			: `CPU profile of 20 more callbacks, n8n busy time per callback by area: ${profile.areas
					.filter(([, t]) => t / 20 >= 2)
					.map(([name, t]) => `${name} ${ms(t / 20, 1)}`)
					.join(', ')}; top functions: ${profile.functions
					.slice(0, 5)
					.map(([name, t]) => `${name} ${ms(t / 20, 1)}`)
					.join(', ')}`;
	const measured = new Set(jobids.slice(0, extra));
	const callbacks = sim.callbacks.filter((c) => measured.has(c.jobid));
	const sentAt = new Map(callbacks.map((c) => [c.jobid, Date.parse(c.sentAt)]));
	const refused = callbacks.filter((c) => c.responseStatus !== 200).length;
	const verifyGet = new Map(
		sim.requests
			.filter((r) => r.path === '/v1/pika/jobs/')
			.map((r) => [r.query.jobid, Date.parse(r.receivedAt) + (r.durationMs ?? 0)]),
	);
	const latency: number[] = [];
	const toReceived: number[] = [];
	const toVerified: number[] = [];
	for (const execution of executions) {
		const item = execution.data?.resultData.runData['Pika Trigger']?.[0]?.data?.main[0]?.[0]
			?.json as { jobid?: string; trigger?: { receivedAt?: string } } | undefined;
		const sent = item?.jobid ? sentAt.get(item.jobid) : undefined;
		if (sent === undefined) continue;
		latency.push(Date.parse(execution.startedAt) - sent);
		if (item?.trigger?.receivedAt) toReceived.push(Date.parse(item.trigger.receivedAt) - sent);
		const verified = verifyGet.get(item?.jobid ?? '');
		if (verified !== undefined) toVerified.push(verified - sent);
	}
	const answers = callbacks.map((c) => String(c.responseStatus ?? c.error ?? 'no answer'));
	const answerCounts = [...new Set(answers)]
		.map((a) => `${a} ×${answers.filter((x) => x === a).length}`)
		.join(', ');
	if (latency.length < accepted)
		throw new Error(
			`trigger: matched ${latency.length} executions to ${accepted} accepted callbacks`,
		);
	// A job whose callback started no workflow counts as never seen (infinite latency).
	const lost = options.jobs - latency.length;
	const all = [...latency, ...Array<number>(lost).fill(Number.POSITIVE_INFINITY)];
	const p50 = percentile(all, 50);
	const p99 = percentile(all, 99);
	const goals = [goal('p50 ≤ 100 ms', p50 <= 100), goal('p99 ≤ 500 ms', p99 <= 500)];
	const pollMean = POLL_INTERVAL_MS / 2;
	const pollP99 = POLL_INTERVAL_MS * 0.99;
	return {
		name: 'trigger',
		line:
			`3 completion → workflow latency (real n8n, Pika Trigger, ${options.jobs} jobs, one every ${options.intervalMs} ms, Verify With API on): ` +
			`p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...latency))}, ${lost} jobs started no workflow; polling every 15 s instead: mean ${s(pollMean, 1)}, p99 ${s(pollP99, 2)} ` +
			`(p50 ${Math.round(pollMean / p50)}× faster by callback); ${goalText(goals)}`,
		goals,
		notes: [
			`where it goes (p50 / p99 from the callback send): n8n hands the request to the trigger's webhook() (trigger.receivedAt) ${ms(percentile(toReceived, 50))} / ${ms(percentile(toReceived, 99))}; ` +
				`Verify With API's GET answered ${ms(percentile(toVerified, 50))} / ${ms(percentile(toVerified, 99))}; execution startedAt ${ms(p50)} / ${ms(p99)}`,
			`${refused} callbacks answered other than 200 (${answerCounts}); mean latency ${ms(mean(latency), 1)}; n8n server CPU per callback ${ms(cpuPerCallback, 1)} (all of its work: webhook, verification GET, execution, saving it), i.e. at most ~${Math.floor(1000 / cpuPerCallback)} callbacks/s on one core`,
			profileNote,
		],
		data: {
			jobs: options.jobs,
			intervalMs: options.intervalMs,
			p50,
			p99,
			max: Math.max(...latency),
			latencyMs: latency,
			toReceivedMs: toReceived,
			toVerifiedMs: toVerified,
			pollingMeanMs: pollMean,
			pollingP99Ms: pollP99,
			refused,
			lost,
			answers: answerCounts,
			cpuPerCallbackMs: cpuPerCallback,
			profile,
		},
	};
}

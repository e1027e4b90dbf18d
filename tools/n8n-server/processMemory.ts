/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Memory of an n8n process group from /proc (Linux): the resident size of every process in
 * the group (an n8n worker and its task runner), sampled while something runs. Reported, never
 * asserted: memory depends on the machine.
 */
import { readFileSync, readdirSync } from 'node:fs';

const PAGE_KB = 4;

/** Resident memory (MB) of every process whose process group is `pgid`, by pid. */
export function groupRss(pgid: number): Map<number, number> {
	const rss = new Map<number, number>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			// Fields after the command name (which may hold spaces), counted from field 3.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid) continue;
			rss.set(Number(name), (Number(fields[21]) * PAGE_KB) / 1024);
		} catch {
			// the process ended while it was being read
		}
	}
	return rss;
}

/** The process's own peak resident size since it started (VmHWM), in MB. */
export function peakRss(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
	if (!kb) throw new Error(`no VmHWM for ${pid}`);
	return Number(kb) / 1024;
}

export interface MemorySample {
	/** Highest resident size of the group leader (the n8n process) seen while sampling, MB. */
	leaderMb: number;
	/** Highest sum over the whole group (leader + task runner) seen while sampling, MB. */
	groupMb: number;
}

/** Samples the group every `everyMs` until stop() is called; stop() returns the peaks. */
export function sampleGroupMemory(pgid: number, everyMs = 100): { stop: () => MemorySample } {
	const peak: MemorySample = { leaderMb: 0, groupMb: 0 };
	const take = () => {
		const rss = groupRss(pgid);
		peak.leaderMb = Math.max(peak.leaderMb, rss.get(pgid) ?? 0);
		peak.groupMb = Math.max(
			peak.groupMb,
			[...rss.values()].reduce((a, b) => a + b, 0),
		);
	};
	take();
	const timer = setInterval(take, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			take();
			return peak;
		},
	};
}

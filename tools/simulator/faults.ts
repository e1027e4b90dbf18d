/**
 * Fault injection: rules that make the next N matching requests fail in a chosen way, and
 * ready-made faults for the failure modes the reference documents (Discord 429, 504 "job queued",
 * 596, gateway errors, HTML error pages, malformed JSON, empty bodies).
 */
import type { Fault, FaultHandle, FaultRule, StatusFault } from './types';

interface ActiveFault {
	rule: FaultRule;
	remaining: number;
	served: number;
}

export class FaultTable {
	private active: ActiveFault[] = [];

	add(rule: FaultRule): FaultHandle {
		const times = rule.times ?? 1;
		if (!(times > 0)) throw new Error('injectFault: times must be > 0');
		const entry: ActiveFault = { rule, remaining: times, served: 0 };
		this.active.push(entry);
		return {
			get served() {
				return entry.served;
			},
			get remaining() {
				return entry.remaining;
			},
			remove: () => {
				this.active = this.active.filter((a) => a !== entry);
			},
		};
	}

	/** First matching rule wins (in injection order); consumes one use of it. */
	take(method: string, path: string): Fault | undefined {
		for (const entry of this.active) {
			const { rule } = entry;
			if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
			const hit = typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path);
			if (!hit) continue;
			entry.remaining--;
			entry.served++;
			if (entry.remaining <= 0) this.active = this.active.filter((a) => a !== entry);
			return rule.fault;
		}
		return undefined;
	}

	clear(): void {
		this.active = [];
	}
}

export function isStatusFault(fault: Fault): fault is StatusFault {
	return typeof fault === 'object' && 'status' in fault;
}

/** Short name used in logs: 'status-503', 'reset-after-body', 'delay-200', … */
export function faultKind(fault: Fault): string {
	if (typeof fault === 'string') return fault;
	if (isStatusFault(fault)) return `status-${fault.status}`;
	return `delay-${fault.delayMs}`;
}

/** Faults modelled on documented (or typical) failure responses. */
export const FaultPresets = {
	/** 429 case 2: Discord itself rate-limited the API (no executingJobs; retry_after in seconds). */
	discordRateLimit(retryAfterSeconds = 10): StatusFault {
		return {
			status: 429,
			body: {
				error: 'Discord /interactions failed with HTTP status 429',
				errorDetails: JSON.stringify({
					global: true,
					message: 'You are being rate limited.',
					retry_after: retryAfterSeconds,
				}),
				code: 429,
			},
		};
	},
	/** MJ v2's 504: the job went to Discord but the API will not track it. */
	jobQueued504(): StatusFault {
		return {
			status: 504,
			body: {
				error:
					'Job queued. The API will not be able to track the progress of this job, although it will still be processed by Pika. You may want to adjust the maxJobs number to a lower value for the next several minutes.',
				code: 504,
			},
		};
	},
	/** 596 in the newer useapi APIs' style: account in error state (text is our choice). */
	accountError596(): StatusFault {
		return {
			status: 596,
			body: { error: 'Account in error state: pending moderation message', code: 596 },
		};
	},
	/** Plain JSON error envelope, e.g. 500 / 503. */
	jsonError(status: number, error = 'Internal Server Error'): StatusFault {
		return { status, body: { error, code: status } };
	},
	/** What a reverse proxy (e.g. Cloudflare) answers when the origin is down. */
	htmlErrorPage(status = 502): StatusFault {
		return {
			status,
			headers: { 'content-type': 'text/html; charset=UTF-8' },
			rawBody: `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title></head><body><h1>Error ${status}</h1><p>The origin server returned an invalid response.</p></body></html>\n`,
		};
	},
	/** Declares JSON but is cut off mid-document. */
	malformedJson(status = 200): StatusFault {
		return {
			status,
			headers: { 'content-type': 'application/json' },
			rawBody: '{"jobid":"j0000000000000000000-u1-c1-bot:pika","status":"star',
		};
	},
	emptyBody(status = 200): StatusFault {
		return { status, headers: { 'content-type': 'application/json' }, rawBody: '' };
	},
};

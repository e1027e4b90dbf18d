/**
 * The fault matrix as data: every fault, and what the node must do when an endpoint of each
 * kind meets it. Submits may create a paid job, so they are resent only after an answer that
 * proves nothing was created; reads and account updates are safe to repeat; the video download
 * is a plain GET to Discord's CDN that reports and stops (the job itself is safe).
 */
import type { Fault } from '../../tools/simulator';
import { FaultPresets } from '../../tools/simulator';
import type { Endpoint, EndpointKind } from './setup';

export type FaultId =
	| '429 queue full'
	| '429 Discord retry_after'
	| '500'
	| '502'
	| '503'
	| '504 job queued'
	| '596'
	| 'connection refused'
	| 'reset before the body'
	| 'reset after the body'
	| 'response timeout'
	| 'malformed JSON'
	| 'empty body'
	| 'HTML error page'
	| '401'
	| '402'
	| '422 moderated';

export const MODERATED = 'Sorry, your input may be inconsistent with server rules.';
const QUEUE_FULL = 'Maximum of 1 jobs executing in parallel supported';
const NO_SUBSCRIPTION = 'Account has no subscription or subscription expired';

/**
 * How each fault is produced. 'refused' points the run at a port where nothing listens;
 * 'timeout' holds the request unanswered (a submit is answered late, after the node gave up,
 * so its job does get created) while the node runs with a 300 ms timeout.
 */
export const FAULTS: Record<FaultId, Fault | 'refused' | 'timeout'> = {
	'429 queue full': {
		status: 429,
		body: {
			error: QUEUE_FULL,
			executingJobs: ['j1121000000000000000-u1-c1190000000000000001-bot:pika'],
			code: 429,
		},
	},
	'429 Discord retry_after': FaultPresets.discordRateLimit(1),
	'500': FaultPresets.jsonError(500),
	'502': FaultPresets.jsonError(502, 'Bad Gateway'),
	'503': FaultPresets.jsonError(503, 'Service Unavailable'),
	'504 job queued': FaultPresets.jobQueued504(),
	'596': FaultPresets.accountError596(),
	'connection refused': 'refused',
	'reset before the body': 'reset-before-body',
	'reset after the body': 'reset-after-body',
	'response timeout': 'timeout',
	'malformed JSON': FaultPresets.malformedJson(200),
	'empty body': FaultPresets.emptyBody(200),
	'HTML error page': FaultPresets.htmlErrorPage(502),
	'401': { status: 401, body: { error: 'Unauthorized', code: 401 } },
	'402': { status: 402, body: { error: NO_SUBSCRIPTION, code: 402 } },
	'422 moderated': { status: 422, body: { error: MODERATED, code: 422 } },
};

/** Row order (Object.keys would put the numeric names first). */
export const FAULT_IDS: FaultId[] = [
	'429 queue full',
	'429 Discord retry_after',
	'500',
	'502',
	'503',
	'504 job queued',
	'596',
	'connection refused',
	'reset before the body',
	'reset after the body',
	'response timeout',
	'malformed JSON',
	'empty body',
	'HTML error page',
	'401',
	'402',
	'422 moderated',
];

/** What the run must show: the outcome, the requests on the faulted endpoint, the jobs created. */
export interface Expectation {
	/** One line for the test name and the README table. */
	behaviour: string;
	ok: boolean;
	requests: number;
	jobs: number;
	/** The second request went out at least this long after the first (simulator clock). */
	waitedMs?: number;
	message?: string | RegExp;
	description?: RegExp;
	httpCode?: string;
}

const MAY_EXIST = /may have reached useapi\.net and started a paid job, so it was not sent again/;
const API_ERRORS: Partial<Record<FaultId, { message: string; httpCode: string }>> = {
	'429 queue full': { message: QUEUE_FULL, httpCode: '429' },
	'429 Discord retry_after': {
		message: 'Discord /interactions failed with HTTP status 429',
		httpCode: '429',
	},
	'500': { message: 'Internal Server Error', httpCode: '500' },
	'502': { message: 'Bad Gateway', httpCode: '502' },
	'503': { message: 'Service Unavailable', httpCode: '503' },
	'504 job queued': {
		message: String((FaultPresets.jobQueued504().body as { error: string }).error),
		httpCode: '504',
	},
	'596': { message: 'Account in error state: pending moderation message', httpCode: '596' },
	'HTML error page': {
		message: 'useapi.net answered HTTP 502 with a body that is not JSON',
		httpCode: '502',
	},
	'401': { message: 'Unauthorized', httpCode: '401' },
	'402': { message: NO_SUBSCRIPTION, httpCode: '402' },
	'422 moderated': { message: MODERATED, httpCode: '422' },
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function apiError(fault: FaultId, extra: Partial<Expectation> = {}): Expectation {
	const { message, httpCode } = API_ERRORS[fault]!;
	const shown = message.length > 40 ? `${message.slice(0, 40)}…` : message;
	return {
		behaviour: `error "${shown}" (HTTP ${httpCode}), not resent`,
		ok: false,
		requests: 1,
		jobs: 0,
		message,
		httpCode,
		...extra,
	};
}

function submit(fault: FaultId, endpoint: Endpoint): Expectation {
	const route = escape(`${endpoint.method} ${endpoint.route.split(' ')[1]}`);
	const noAnswer = (code: string, jobs: number): Expectation => ({
		behaviour: `error "No answer… (${code}); the job may exist", not resent`,
		ok: false,
		requests: 1,
		jobs,
		message: new RegExp(
			`^No answer from useapi\\.net for ${route} \\(${code}\\); the job may exist$`,
		),
		description: MAY_EXIST,
	});
	const unreadable = (what: string): Expectation => ({
		behaviour: `error "answered with ${what}", job may exist, not resent`,
		ok: false,
		requests: 1,
		jobs: 0,
		message: `useapi.net answered ${endpoint.method} ${endpoint.route.split(' ')[1]} with ${what}`,
		description: MAY_EXIST,
	});
	switch (fault) {
		case '429 queue full':
			return {
				behaviour: 'waited Queue Retry Interval (10 s), resent: one job',
				ok: true,
				requests: 2,
				jobs: 1,
				waitedMs: 10_000,
			};
		case '429 Discord retry_after':
			// retry_after 1 s never shortens the documented "at least 10..30 seconds".
			return {
				behaviour: 'waited Queue Retry Interval (10 s), not retry_after (1 s), resent: one job',
				ok: true,
				requests: 2,
				jobs: 1,
				waitedMs: 10_000,
			};
		case '500':
		case '502':
		case '503':
		case '504 job queued':
		case 'HTML error page':
			return apiError(fault, {
				behaviour: `${apiError(fault).behaviour}; says the job may exist`,
				description: MAY_EXIST,
			});
		case '596':
			return apiError(fault, { description: /error state; check it on useapi\.net/ });
		case 'connection refused':
			return {
				behaviour:
					'nothing was sent: resent 3 times (1, 2, 4 s), then "Could not reach useapi.net"',
				ok: false,
				requests: 0,
				jobs: 0,
				message: `Could not reach useapi.net for ${endpoint.method} ${endpoint.route.split(' ')[1]} (ECONNREFUSED)`,
			};
		case 'reset before the body':
			return noAnswer('ECONNRESET', 0);
		case 'reset after the body':
			return noAnswer('ECONNRESET', 1);
		case 'response timeout':
			return noAnswer('ECONNABORTED', 1);
		case 'malformed JSON':
			return unreadable('a body that is not JSON');
		case 'empty body':
			return unreadable('an empty body');
		default:
			return apiError(fault);
	}
}

function read(fault: FaultId, endpoint: Endpoint): Expectation {
	const path = endpoint.route.split(' ')[1].replace(/\?.*$|<channel>$/, '');
	const resent: Expectation = {
		behaviour: 'resent after 1 s: success',
		ok: true,
		requests: 2,
		jobs: 0,
		waitedMs: 1_000,
	};
	switch (fault) {
		case '500':
		case '502':
		case '503':
		case '504 job queued':
		case 'HTML error page':
		case 'reset before the body':
		case 'response timeout':
			return resent;
		case 'reset after the body':
			// The first attempt took effect; only its answer was lost.
			if (endpoint.operation === 'Cancel') {
				return {
					behaviour:
						'resent: error "not executing (status cancelled)", says the first attempt may have done it',
					ok: false,
					requests: 2,
					jobs: 0,
					message: /^Job \S+ is not executing \(status cancelled\)$/,
					httpCode: '400',
					description: /may already have done what was asked/,
				};
			}
			if (endpoint.method === 'DELETE')
				return { ...resent, behaviour: 'resent after 1 s: 404 means deleted, success' };
			return resent;
		case 'connection refused':
			return {
				behaviour: 'resent 3 times (1, 2, 4 s), then "Could not reach useapi.net"',
				ok: false,
				requests: 0,
				jobs: 0,
				message: new RegExp(
					`^Could not reach useapi\\.net for ${endpoint.method} ${escape(path)}\\S* \\(ECONNREFUSED\\)$`,
				),
			};
		case 'malformed JSON':
			return {
				behaviour: 'error "answered with a body that is not JSON", not resent',
				ok: false,
				requests: 1,
				jobs: 0,
				message: /with a body that is not JSON$/,
			};
		case 'empty body':
			return endpoint.method === 'GET'
				? {
						behaviour: 'error "answered with an empty body", not resent',
						ok: false,
						requests: 1,
						jobs: 0,
						message: /with an empty body$/,
					}
				: {
						behaviour: 'success (the API answers account updates without a body)',
						ok: true,
						requests: 1,
						jobs: 0,
					};
		default:
			return apiError(fault);
	}
}

function download(fault: FaultId): Expectation {
	const failed = (reason: string, requests = 1): Expectation => ({
		behaviour: `error "Could not download the video of job … (${reason})", not resent`,
		ok: false,
		requests,
		jobs: 0,
		message: new RegExp(`^Could not download the video of job \\S+ \\(${escape(reason)}\\)$`),
		description: /Get Job/,
	});
	switch (fault) {
		case 'connection refused':
			return failed('ECONNREFUSED', 0);
		case 'reset before the body':
		case 'reset after the body':
			return failed('ECONNRESET');
		case 'response timeout':
			return failed('ECONNABORTED');
		case 'malformed JSON':
			return failed('the video host answered with application/json');
		case 'empty body':
			return failed('the video host answered with an empty body');
		default:
			return failed(`HTTP ${API_ERRORS[fault]!.httpCode}`);
	}
}

export function expectationFor(endpoint: Endpoint, fault: FaultId): Expectation {
	const byKind: Record<EndpointKind, () => Expectation> = {
		submit: () => submit(fault, endpoint),
		read: () => read(fault, endpoint),
		download: () => download(fault),
	};
	return byKind[endpoint.kind]();
}

/**
 * The five multipart submit endpoints: validation, account resolution, capacity, moderation at
 * submit, and job creation.
 *
 * create and button use the seeds' verbatim 400 strings. animate / encrypt_text / encrypt_image
 * are not in the seeds; their strings follow the same pattern — "<required fields>, discord or
 * channel value is missing" and "<limited fields>, replyRef or replyUrl is too long" — and
 * "<field> is not File or Blob" for a text part where a file is expected (our choice).
 */
import { createJob, MODERATED_ERROR, toOutcomeSpec, type NewJob } from './jobs';
import { MAX_JOBS_LIMIT } from './accounts';
import { errorReply, jsonReply, type Reply } from './httpIo';
import { executingOn, snapshot, type SimState } from './state';
import type { FileMeta, OutcomeSpec, PikaVerb, Submission, UploadedFile } from './types';

export interface ParsedForm {
	fields: Record<string, string>;
	files: UploadedFile[];
}

interface EndpointSpec {
	verb: PikaVerb;
	requiredText: string[];
	requiredFiles: string[];
	optionalFiles: string[];
	limits: Record<string, number>;
	missing: string;
	tooLong: string;
}

const REPLY_MAX = 1024;
const PROMPT_MAX = 1500;
export const FONTS = ['MODERN', 'COMICS', 'SANS SERIF', 'BAUHAUS', 'RETRO'];

export const SUBMIT_SPECS: Record<string, EndpointSpec> = {
	create: {
		verb: 'pika-create',
		requiredText: ['prompt'],
		requiredFiles: [],
		optionalFiles: ['image'],
		limits: { prompt: PROMPT_MAX },
		missing: 'prompt, discord or channel value is missing',
		tooLong: 'prompt, replyRef or replyUrl is too long',
	},
	animate: {
		verb: 'pika-animate',
		requiredText: [],
		requiredFiles: ['image'],
		optionalFiles: [],
		limits: { prompt: PROMPT_MAX },
		missing: 'image, discord or channel value is missing',
		tooLong: 'prompt, replyRef or replyUrl is too long',
	},
	encrypt_text: {
		verb: 'pika-encrypt_text',
		requiredText: ['message', 'prompt'],
		requiredFiles: [],
		optionalFiles: ['image'],
		limits: { message: 20, prompt: PROMPT_MAX },
		missing: 'message, prompt, discord or channel value is missing',
		tooLong: 'message, prompt, replyRef or replyUrl is too long',
	},
	encrypt_image: {
		verb: 'pika-encrypt_image',
		requiredText: ['prompt'],
		requiredFiles: ['message'],
		optionalFiles: ['image'],
		limits: { prompt: PROMPT_MAX },
		missing: 'message, prompt, discord or channel value is missing',
		tooLong: 'prompt, replyRef or replyUrl is too long',
	},
};

const fileOf = (form: ParsedForm, field: string) => form.files.find((f) => f.field === field);
const meta = (file: UploadedFile | undefined): FileMeta | undefined =>
	file && { size: file.bytes.length, type: file.contentType };
const present = (v: string | undefined): v is string => v !== undefined && v !== '';

/** Optional form field maxJobs (1..10). Guess: same messages as the account endpoint. */
function parseMaxJobs(raw: string | undefined): number | undefined | Reply {
	if (!present(raw)) return undefined;
	const n = Number(raw);
	if (!Number.isInteger(n))
		return errorReply(400, `Required param maxJobs (${raw}) is not valid number`);
	if (n > MAX_JOBS_LIMIT)
		return errorReply(400, `Required param maxJobs ${n} can't be more that ${MAX_JOBS_LIMIT}`);
	if (n < 1) return errorReply(400, `Required param maxJobs ${n} can't be less than 1`);
	return n;
}

function queueFull(maxJobs: number, executingJobs: string[]): Reply {
	return errorReply(429, `Maximum of ${maxJobs} jobs executing in parallel supported`, {
		executingJobs,
	});
}

interface Resolved {
	discord: string;
	channel: string;
	maxJobs: number;
}

/**
 * explicit discord+channel > channel alone (must be configured) > random configured account with
 * free capacity. Guesses: discord without channel is "missing"; when every configured account is
 * full, the 429 reports the summed capacity and all their executing jobs.
 */
function resolveAccount(
	state: SimState,
	fields: Record<string, string>,
	requested: number | undefined,
	missing: string,
): Resolved | Reply {
	const { discord, channel } = fields;
	let resolved: Resolved;
	if (present(channel)) {
		const configured = state.accounts.get(channel);
		if (!present(discord) && !configured) return errorReply(400, missing);
		resolved = {
			discord: present(discord) ? discord : (configured?.discord ?? ''),
			channel,
			maxJobs: requested ?? configured?.maxJobs ?? MAX_JOBS_LIMIT,
		};
	} else {
		if (present(discord) || state.accounts.size === 0) return errorReply(400, missing);
		const all = [...state.accounts.values()];
		const free = all.filter((a) => executingOn(state, a.channel).length < (requested ?? a.maxJobs));
		if (free.length === 0) {
			const total = all.reduce((sum, a) => sum + (requested ?? a.maxJobs), 0);
			return queueFull(
				total,
				all.flatMap((a) => executingOn(state, a.channel)),
			);
		}
		const pick = free[Math.min(free.length - 1, Math.floor(state.opts.random() * free.length))];
		resolved = { discord: pick.discord, channel: pick.channel, maxJobs: requested ?? pick.maxJobs };
	}
	const executing = executingOn(state, resolved.channel);
	if (executing.length >= resolved.maxJobs) return queueFull(resolved.maxJobs, executing);
	return resolved;
}

function isReply(v: unknown): v is Reply {
	return typeof v === 'object' && v !== null && typeof (v as Reply).status === 'number';
}

/** Pika rejects unknown prompt parameters at submit (documented 422 variant). */
const SIZE_PARAMETER: OutcomeSpec = {
	status: 'moderated',
	atSubmit: true,
	error: 'Invalid parameter',
	errorDetails: 'Unrecognized parameter(s): `size`',
};

/** Decides the outcome and answers 200 (started) or 422 (moderated at submit). */
function admit(
	state: SimState,
	job: NewJob,
	submission: Submission,
	submitModeration: boolean,
): Reply {
	const prompt = submission.fields.prompt ?? '';
	const outcome =
		submitModeration && /--size\b/.test(prompt)
			? { ...SIZE_PARAMETER }
			: toOutcomeSpec(state.opts.outcome?.(submission));
	if (outcome.status === 'moderated' && outcome.atSubmit && submitModeration) {
		job.outcome = outcome;
		const record = createJob(state, job, 'moderated');
		record.view.error = outcome.error ?? MODERATED_ERROR;
		if (outcome.errorDetails !== undefined) record.view.errorDetails = outcome.errorDetails;
		return errorReply(422, record.view.error, {
			...(outcome.errorDetails !== undefined ? { errorDetails: outcome.errorDetails } : {}),
			jobid: record.view.jobid,
			status: 'moderated',
		});
	}
	// The button seed documents no 422: a button job "moderated at submit" is moderated later.
	job.outcome = { ...outcome, atSubmit: false };
	const record = createJob(state, job);
	return jsonReply(200, { ...snapshot(record), code: 200 });
}

/** POST /v1/pika/create | animate | encrypt_text | encrypt_image */
export function submitRoute(
	state: SimState,
	endpoint: string,
	form: ParsedForm,
	apiToken: string,
): Reply {
	const spec = SUBMIT_SPECS[endpoint];
	const { fields } = form;
	for (const name of [...spec.requiredFiles, ...spec.optionalFiles]) {
		if (name in fields && !fileOf(form, name))
			return errorReply(400, `${name} is not File or Blob`);
	}
	if (
		spec.requiredText.some((name) => !present(fields[name])) ||
		spec.requiredFiles.some((n) => !fileOf(form, n))
	) {
		return errorReply(400, spec.missing);
	}
	const tooLong =
		Object.entries(spec.limits).some(([name, max]) => (fields[name]?.length ?? 0) > max) ||
		(fields.replyUrl?.length ?? 0) > REPLY_MAX ||
		(fields.replyRef?.length ?? 0) > REPLY_MAX;
	if (tooLong) return errorReply(400, spec.tooLong);
	if (endpoint === 'encrypt_text' && present(fields.font) && !FONTS.includes(fields.font)) {
		// Guess: the docs only list the allowed values.
		return errorReply(400, `font ${fields.font} not supported, use one of ${FONTS.join(', ')}`);
	}
	const maxJobs = parseMaxJobs(fields.maxJobs);
	if (isReply(maxJobs)) return maxJobs;
	const account = resolveAccount(state, fields, maxJobs, spec.missing);
	if (isReply(account)) return account;

	const image = fileOf(form, 'image');
	const messageFile = endpoint === 'encrypt_image' ? fileOf(form, 'message') : undefined;
	const job: NewJob = {
		verb: spec.verb,
		apiToken,
		...account,
		prompt: present(fields.prompt) ? fields.prompt : undefined,
		message: messageFile
			? meta(messageFile)
			: endpoint === 'encrypt_text'
				? fields.message
				: undefined,
		font: endpoint === 'encrypt_text' && present(fields.font) ? fields.font : undefined,
		image: meta(image),
		replyUrl: present(fields.replyUrl) ? fields.replyUrl : undefined,
		replyRef: present(fields.replyRef) ? fields.replyRef : undefined,
		attachmentLabels: [...(messageFile ? ['Message'] : []), ...(image ? ['Image'] : [])],
		uploads: form.files,
		outcome: { status: 'completed' },
	};
	return admit(
		state,
		job,
		{ verb: spec.verb, fields, files: form.files, channel: account.channel },
		true,
	);
}

/** POST /v1/pika/button — re-run a completed job ("Currently only the retry button is supported"). */
export function buttonRoute(state: SimState, form: ParsedForm, apiToken: string): Reply {
	const { fields } = form;
	if (!present(fields.jobid) || !present(fields.button))
		return errorReply(400, 'jobid or button value is missing');
	if ((fields.replyUrl?.length ?? 0) > REPLY_MAX || (fields.replyRef?.length ?? 0) > REPLY_MAX) {
		return errorReply(400, 'replyRef or replyUrl is too long');
	}
	const maxJobs = parseMaxJobs(fields.maxJobs);
	if (isReply(maxJobs)) return maxJobs;
	const parent = state.jobs.get(fields.jobid);
	if (!parent) return errorReply(404, `Unable to locate job ${fields.jobid}`);
	const button = fields.button;
	if (parent.view.status !== 'completed' || !(parent.view.buttons ?? []).includes(button)) {
		return errorReply(400, `button ${button} not supported>`); // sic, verbatim from the seed
	}
	// The seed's request body lists discord and channel. "discord … if provided will override
	// discord value of referenced above jobid"; channel is read the same way (our reading: the
	// page says no more): the retry runs on that channel instead of the job's.
	const channel = present(fields.channel) ? fields.channel : parent.view.channel;
	const configured = state.accounts.get(channel);
	// "the current account's discord value will be used if it is not explicitly provided"
	const discord = present(fields.discord)
		? fields.discord
		: (configured?.discord ?? parent.discordRaw);
	const effectiveMax = maxJobs ?? configured?.maxJobs ?? parent.view.maxJobs;
	const executing = executingOn(state, channel);
	if (executing.length >= effectiveMax) return queueFull(effectiveMax, executing);
	const job: NewJob = {
		verb: 'pika-button',
		apiToken,
		discord,
		channel,
		maxJobs: effectiveMax,
		button,
		parentJobId: parent.view.jobid,
		replyUrl: present(fields.replyUrl) ? fields.replyUrl : undefined,
		replyRef: present(fields.replyRef) ? fields.replyRef : undefined,
		sourcePrompt: parent.sourcePrompt,
		attachmentLabels: parent.attachmentLabels,
		uploads: form.files,
		outcome: { status: 'completed' },
	};
	const submission: Submission = {
		verb: 'pika-button',
		fields,
		files: form.files,
		channel,
		parentJobId: parent.view.jobid,
	};
	return admit(state, job, submission, false);
}

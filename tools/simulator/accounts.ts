/**
 * Account routes: the useapi.net account (GET/POST /v2/account, holder of the default replyUrl)
 * and the Pika Discord account configuration (/v1/pika/account[/<channel>]).
 * Error strings are the reference's verbatim ones (incl. the "can't be more that" typo).
 */
import { errorReply, jsonReply, noContent, type Reply } from './httpIo';
import { maskDiscord } from './format';
import type { SimState } from './state';
import type { AccountConfig } from './types';

export const MAX_JOBS_LIMIT = 10;
const REPLY_URL_MAX = 1024;
export const NO_CONFIGURATION =
	'Configuration not found. To create configuration use pika/account/channel.';
export const NO_CHANNEL_CONFIGURATION = 'Configuration not found for provided channel';

function publicAccount(account: AccountConfig) {
	return {
		channel: account.channel,
		discord: maskDiscord(account.discord),
		maxJobs: account.maxJobs,
	};
}

/** Parses a JSON body; undefined when it is not a JSON object. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
	if (body.length === 0) return {};
	try {
		const value: unknown = JSON.parse(body.toString('utf8'));
		return value !== null && typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Validates a Pika account configuration; returns the reference's error string or the config.
 * Guesses (not in the reference): maxJobs given as a numeric string is accepted; a non-numeric
 * maxJobs and one below 1 get their own messages in the same style; "same discord value" is
 * read as "another channel is already configured with this Discord token" (re-posting a
 * channel's own token, e.g. to change maxJobs, is an update).
 */
export function validateAccount(
	state: SimState,
	body: Record<string, unknown>,
	pathChannel: string,
): string | AccountConfig {
	const { discord, channel, maxJobs } = body;
	if (isEmpty(discord) || typeof discord !== 'string')
		return 'Required param discord is missing or empty';
	if (isEmpty(channel)) return 'Required param channel is missing or empty';
	const channelText = String(channel);
	if (!/^\d+$/.test(channelText)) {
		return `Required param channel (${channelText}) is not valid Discord channel id`;
	}
	if (channelText !== pathChannel) {
		return `Required param channel (${channelText}) not matching to /pika/account/${pathChannel}`;
	}
	if (isEmpty(maxJobs)) return 'Required param maxJobs is missing or empty';
	const max = Number(maxJobs);
	if (!Number.isInteger(max))
		return `Required param maxJobs (${String(maxJobs)}) is not valid number`;
	if (max > MAX_JOBS_LIMIT)
		return `Required param maxJobs ${max} can't be more that ${MAX_JOBS_LIMIT}`;
	if (max < 1) return `Required param maxJobs ${max} can't be less than 1`;
	for (const other of state.accounts.values()) {
		if (other.channel !== channelText && other.discord === discord) {
			return `Channel ${other.channel} configuration has same discord value`;
		}
	}
	return { discord, channel: channelText, maxJobs: max };
}

/** /v1/pika/account and /v1/pika/account/<channel> */
export function pikaAccountRoute(
	state: SimState,
	method: string,
	channel: string | undefined,
	body: Buffer,
): Reply {
	if (channel === undefined) {
		if (method !== 'GET') return errorReply(405, `Method ${method} not allowed`);
		if (state.accounts.size === 0) return errorReply(404, NO_CONFIGURATION);
		const all: Record<string, ReturnType<typeof publicAccount>> = {};
		for (const account of state.accounts.values()) all[account.channel] = publicAccount(account);
		return jsonReply(200, all);
	}
	const existing = state.accounts.get(channel);
	switch (method) {
		case 'GET':
			return existing
				? jsonReply(200, { ...publicAccount(existing), code: 200 })
				: errorReply(404, NO_CHANNEL_CONFIGURATION);
		case 'DELETE':
			if (!existing) return errorReply(404, NO_CHANNEL_CONFIGURATION);
			state.accounts.delete(channel);
			return noContent;
		case 'POST': {
			const json = parseJsonObject(body);
			if (!json) return errorReply(400, 'Request body must be a JSON object'); // guess
			const result = validateAccount(state, json, channel);
			if (typeof result === 'string') return errorReply(400, result);
			state.accounts.set(result.channel, result);
			return noContent;
		}
		default:
			return errorReply(405, `Method ${method} not allowed`);
	}
}

/** GET / POST /v2/account — the useapi.net account; POST sets the default replyUrl. */
export function v2AccountRoute(state: SimState, method: string, body: Buffer): Reply {
	const account = state.v2Account;
	if (method === 'GET') {
		const { email, created, name, verified, sub, replyUrl } = account;
		return jsonReply(200, {
			email,
			created,
			name,
			verified,
			sub,
			...(replyUrl ? { replyUrl } : {}),
			code: 200,
		});
	}
	if (method !== 'POST') return errorReply(405, `Method ${method} not allowed`);
	const json = parseJsonObject(body);
	if (!json) return errorReply(400, 'Request body must be a JSON object'); // guess
	const { name, replyUrl } = json;
	if (replyUrl !== undefined && replyUrl !== null && typeof replyUrl !== 'string') {
		return errorReply(400, 'replyUrl must be a string'); // guess
	}
	if (typeof replyUrl === 'string' && replyUrl.length > REPLY_URL_MAX) {
		return errorReply(400, 'replyUrl is too long');
	}
	if (typeof name === 'string') account.name = name;
	// "" (or null) clears the default; an absent key leaves it alone.
	if (replyUrl === '' || replyUrl === null) delete account.replyUrl;
	else if (typeof replyUrl === 'string') account.replyUrl = replyUrl;
	return noContent;
}

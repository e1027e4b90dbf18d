/**
 * Identifier and text formats the real API exposes: masked Discord tokens, Discord snowflakes and
 * timestamps, useapi-style job ids, Pika bot message texts.
 */
import { createHash } from 'node:crypto';

/** "contains the first 3 and the last 3 characters of the original value" (job model docs). */
export function maskDiscord(token: string): string {
	if (token.length < 7) return '…secured…';
	return `${token.slice(0, 3)}…secured…${token.slice(-3)}`;
}

const DISCORD_EPOCH = BigInt(1420070400000);
let snowflakeSeq = 0;

/** A Discord-like snowflake id (timestamp << 22 | sequence) so ids sort by creation time. */
export function snowflake(now: number = Date.now()): string {
	snowflakeSeq = (snowflakeSeq + 1) & 0xfff;
	return (((BigInt(now) - DISCORD_EPOCH) << BigInt(22)) | BigInt(snowflakeSeq)).toString();
}

/** Discord message timestamp format: "2023-09-09T02:05:24.991000+00:00". */
export function discordTimestamp(date: Date): string {
	return date.toISOString().replace('Z', '000+00:00');
}

/** A stable fake Discord user id for a token (the `<@id>` mentions in `content`). */
export function discordUserId(discordToken: string): string {
	const digest = createHash('sha256').update(discordToken).digest();
	return `1${(digest.readBigUInt64BE(0) % BigInt('100000000000000000')).toString().padStart(17, '0')}`;
}

/** useapi user number from a `user:<n>-<secret>` token (1 when the token has another shape). */
export function userNumber(apiToken: string): string {
	return /^user:(\d+)-/.exec(apiToken)?.[1] ?? '1';
}

let jobSeq = 0;

/**
 * Opaque job id modelled on useapi's Midjourney ids ("j<ts>-u<user>-c<channel>-bot:midjourney").
 * It contains ':' (so clients must URL-encode it in queries) but never '/' or '?'.
 */
export function newJobId(channel: string, user: string, now: Date = new Date()): string {
	jobSeq = (jobSeq + 1) % 1000;
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	const stamp =
		pad(now.getUTCMonth() + 1) +
		pad(now.getUTCDate()) +
		pad(now.getUTCHours()) +
		pad(now.getUTCMinutes()) +
		pad(now.getUTCSeconds()) +
		pad(now.getUTCMilliseconds(), 3);
	const rand = createHash('sha256')
		.update(`${now.getTime()}:${jobSeq}:${Math.random()}`)
		.digest('hex');
	const digits = BigInt(`0x${rand.slice(0, 12)}`)
		.toString()
		.slice(0, 6)
		.padStart(6, '0');
	return `j${stamp}${pad(jobSeq, 3)}${digits}-u${user}-c${channel.replace(/[^0-9A-Za-z]/g, '')}-bot:pika`;
}

/** File-name friendly version of a prompt, like Pika's "<prompt>_seed123.mp4". */
export function slugify(text: string | undefined): string {
	const slug = (text ?? '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 40);
	return slug || 'pika';
}

/** Pika's "queued" message shown in `content` right after submit. */
export function queuedContent(userId: string, detail: string): string {
	return `<@${userId}> Creation job queued. (${detail}  Author: <@${userId}>)`;
}

/** The "Prompt: …  Image: 1 Attachment" part of Pika's messages. */
export function describeInputs(prompt: string | undefined, attachments: string[]): string {
	const parts = [`Prompt: ${prompt ?? ''}`];
	for (const label of attachments) parts.push(`${label}: 1 Attachment`);
	return parts.join('  ');
}

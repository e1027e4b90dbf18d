/**
 * Whether any secret shows up in the log files the harness wrote for an n8n instance (the
 * servers' and every CLI run's stdout/stderr): raw, URL-encoded, or base64 (as it would be
 * inside a logged Basic header or a base64-logged body).
 */
import type { N8nInstance } from './n8nInstance';

export interface Leak {
	file: string;
	secret: string;
	form: string;
}

function forms(secret: string): Array<[string, string]> {
	const list: Array<[string, string]> = [
		['raw', secret],
		['url-encoded', encodeURIComponent(secret)],
		['base64', Buffer.from(secret).toString('base64').replace(/=+$/, '')],
		['base64url', Buffer.from(secret).toString('base64url')],
	];
	return list.filter(([, text], i) => list.findIndex(([, other]) => other === text) === i);
}

/** Every (file, secret, form) found; `secrets` maps a label to the secret value. */
export function leaksInLogs(n8n: N8nInstance, secrets: Record<string, string>): Leak[] {
	const leaks: Leak[] = [];
	for (const { name, text } of n8n.logFiles()) {
		for (const [label, secret] of Object.entries(secrets)) {
			if (secret.length < 8) throw new Error(`secret ${label} is too short to search for`);
			for (const [form, value] of forms(secret))
				if (text.includes(value)) leaks.push({ file: name, secret: label, form });
		}
	}
	return leaks;
}

/** Total size of the logs searched, so a test can show the search was not over empty files. */
export const logBytes = (n8n: N8nInstance): number =>
	n8n.logFiles().reduce((sum, { text }) => sum + Buffer.byteLength(text), 0);

/**
 * Finding a secret anywhere in what a run leaves behind: output items, errors (with their
 * non-enumerable message, stack and cause, however deep), run data, logged errors.
 */

/** The forms a secret could take on its way out: as is, URL-encoded, base64, its unmasked middle. */
export function secretForms(secret: string): string[] {
	return [
		secret,
		encodeURIComponent(secret),
		Buffer.from(secret).toString('base64'),
		secret.slice(4, -4),
	];
}

/**
 * Every string reachable from `value`: own properties, enumerable or not (an Error's
 * message, stack and cause), Map and Set entries, Buffers decoded. Cycles are cut; functions
 * are skipped. Deep on purpose: a leak usually hides in a nested `cause` (an HTTP client
 * error carries its request, headers included).
 */
export function reachableText(value: unknown): string {
	const seen = new WeakSet<object>();
	const parts: string[] = [];
	const walk = (current: unknown): void => {
		if (current === null || current === undefined || typeof current === 'function') return;
		if (typeof current !== 'object') {
			parts.push(String(current));
			return;
		}
		if (seen.has(current)) return;
		seen.add(current);
		if (Buffer.isBuffer(current)) {
			parts.push(current.toString('utf8'));
			return;
		}
		if (current instanceof Map || current instanceof Set) {
			for (const entry of current.entries()) walk(entry);
			return;
		}
		for (const key of Object.getOwnPropertyNames(current)) {
			parts.push(key);
			let child: unknown;
			try {
				child = (current as Record<string, unknown>)[key];
			} catch {
				continue; // a throwing getter
			}
			walk(child);
		}
	};
	walk(value);
	return parts.join('\n');
}

/** JSON.stringify as a logger would call it, with errors spelled out and cycles cut. */
export function loggedJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, current: unknown) => {
		if (current instanceof Error) {
			const spelled: Record<string, unknown> = {};
			for (const name of Object.getOwnPropertyNames(current))
				spelled[name] = (current as unknown as Record<string, unknown>)[name];
			return spelled;
		}
		if (typeof current === 'object' && current !== null) {
			if (seen.has(current)) return '[circular]';
			seen.add(current);
		}
		return current;
	});
}

/** The secrets (in any of their forms) that occur in `text`, for a readable failure. */
export function leaksIn(text: string, secrets: Record<string, string>): string[] {
	return Object.entries(secrets).flatMap(([name, secret]) =>
		secretForms(secret)
			.filter((form) => text.includes(form))
			.map((form) => `${name} (as "${form.slice(0, 12)}…")`),
	);
}

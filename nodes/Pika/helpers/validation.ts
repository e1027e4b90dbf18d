import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Input checks that run before any request: a bad item must never cost a paid job.
 * Every error names the field (as the UI shows it) and the item.
 */
export class InputValidator {
	constructor(
		private readonly context: IExecuteFunctions,
		readonly itemIndex: number,
	) {}

	fail(field: string, problem: string, hint?: string): never {
		throw new NodeOperationError(
			this.context.getNode(),
			`Invalid "${field}" in item ${this.itemIndex}: ${problem}`,
			{ itemIndex: this.itemIndex, description: hint },
		);
	}

	/** A text value; `required` rejects empty and whitespace-only values. */
	text(field: string, value: unknown, rules: { required?: boolean; maxLength?: number }): string {
		if (value === undefined || value === null) value = '';
		if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
		if (typeof value !== 'string') {
			this.fail(field, `expected text, got ${describeType(value)}`);
		}
		if (rules.required && value.trim() === '') this.fail(field, 'must not be empty');
		if (rules.maxLength !== undefined) {
			// Multipart text travels with CRLF line breaks (a lone LF or CR becomes CRLF), and
			// the API measures what it receives.
			const sentLength = value.replace(/\r\n|\r|\n/g, '\r\n').length;
			if (sentLength > rules.maxLength) {
				const note =
					sentLength === value.length ? '' : ' (each line break counts as 2: it is sent as CRLF)';
				this.fail(field, `must be at most ${rules.maxLength} characters, got ${sentLength}${note}`);
			}
		}
		return value;
	}

	/** A whole number within bounds, or undefined when not set. */
	integer(field: string, value: unknown, min: number, max: number): number | undefined {
		if (value === undefined || value === null || value === '') return undefined;
		const number = typeof value === 'string' ? Number(value.trim()) : value;
		if (typeof number !== 'number' || !Number.isInteger(number)) {
			this.fail(
				field,
				`must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
			);
		}
		if (number < min || number > max) {
			this.fail(field, `must be from ${min} to ${max}, got ${number}`);
		}
		return number;
	}

	/** An http(s) URL of bounded length, or undefined when not set. */
	callbackUrl(field: string, value: unknown, maxLength: number): string | undefined {
		const url = this.text(field, value, { maxLength }).trim();
		if (url === '') return undefined;
		let parsed: URL | undefined;
		try {
			parsed = new URL(url);
		} catch {
			parsed = undefined;
		}
		if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
			this.fail(
				field,
				'must be an http:// or https:// URL',
				'For example https://example.com/pika-callback',
			);
		}
		return url;
	}

	/**
	 * An identifier that travels in a URL (job IDs, channel IDs). Characters that could
	 * change the request's meaning are refused outright rather than escaped.
	 */
	identifier(field: string, value: unknown, pattern: RegExp, example: string): string {
		const id = this.text(field, value, { required: true, maxLength: 256 }).trim();
		if (!pattern.test(id))
			this.fail(
				field,
				`"${printable(id)}" is not a valid ${field}`,
				`Expected something like ${example}`,
			);
		return id;
	}

	/** One of a fixed set of values. */
	oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
		const text = this.text(field, value, { required: true });
		if (!allowed.includes(text as T)) {
			this.fail(field, `must be one of ${allowed.join(', ')}, got "${printable(text)}"`);
		}
		return text as T;
	}
}

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : typeof value;
}

/** Shows control characters visibly so the error message says what was wrong. */
function printable(text: string): string {
	let visible = '';
	for (const char of text) {
		const code = char.charCodeAt(0);
		visible += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
	}
	return visible.length > 80 ? `${visible.slice(0, 80)}…` : visible;
}

/** Discord channel IDs are snowflakes: digits only. */
export const CHANNEL_ID_PATTERN = /^\d{1,32}$/;

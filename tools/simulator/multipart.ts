/**
 * A small, Buffer-safe multipart/form-data parser (RFC 7578 / RFC 2046).
 *
 * Written by hand so the simulator sees exactly the bytes a client sent: file parts keep their
 * raw bytes, filename and Content-Type, and the tests can assert on them. Only whole-body parsing
 * is needed (bodies are capped by `maxBodyBytes`), so there is no streaming state machine.
 *
 * A part is a *file* exactly when its Content-Disposition carries a `filename` parameter — the
 * rule WHATWG `Request.formData()` (which the real API, a web worker, presumably uses) applies.
 * That is why a `form-data` Buffer appended without a filename arrives as a *text* field.
 */

export interface MultipartPart {
	name: string;
	/** Present (possibly '') only for file parts. */
	filename?: string;
	/** The part's Content-Type header value, if any. */
	contentType?: string;
	/** All part headers, names lower-cased. */
	headers: Record<string, string>;
	data: Buffer;
}

export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits a header value on `;` while respecting quoted strings. */
function splitParams(value: string): string[] {
	const out: string[] = [];
	let current = '';
	let quoted = false;
	for (let i = 0; i < value.length; i++) {
		const ch = value[i];
		if (quoted && ch === '\\' && i + 1 < value.length) {
			current += ch + value[i + 1];
			i++;
		} else if (ch === '"') {
			quoted = !quoted;
			current += ch;
		} else if (ch === ';' && !quoted) {
			out.push(current.trim());
			current = '';
		} else {
			current += ch;
		}
	}
	out.push(current.trim());
	return out.filter((p) => p.length > 0);
}

/**
 * Unquotes a parameter value. Only `\"` and `\\` are treated as escapes: WHATWG serializers
 * percent-encode quotes instead and never escape backslashes, so other backslashes are literal.
 */
function unquote(raw: string): string {
	const v = raw.trim();
	if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
		return v.slice(1, -1).replace(/\\(["\\])/g, '$1');
	}
	return v;
}

/** RFC 5987 `charset'lang'percent-encoded` (used by `filename*=`). */
function decodeExtValue(raw: string): string | undefined {
	const match = /^([^']*)'[^']*'(.*)$/.exec(raw.trim());
	if (!match) return undefined;
	const [, charset, encoded] = match;
	try {
		if (charset.toLowerCase() === 'utf-8') return decodeURIComponent(encoded);
		// Other charsets (in practice ISO-8859-1): percent-decode byte-wise.
		const bytes = encoded.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) =>
			String.fromCharCode(parseInt(hex, 16)),
		);
		return Buffer.from(bytes, 'latin1').toString('latin1');
	} catch {
		return undefined;
	}
}

/** Parses `type; a=b; c="d"` into a media type and lower-cased parameter names. */
export function parseHeaderParams(value: string): {
	value: string;
	params: Record<string, string>;
} {
	const [first = '', ...rest] = splitParams(value);
	const params: Record<string, string> = {};
	for (const p of rest) {
		const eq = p.indexOf('=');
		if (eq <= 0) continue;
		params[p.slice(0, eq).trim().toLowerCase()] = unquote(p.slice(eq + 1));
	}
	return { value: first.trim().toLowerCase(), params };
}

/** Returns the boundary when `contentType` is multipart/form-data with a usable boundary. */
export function getBoundary(contentType: string | undefined): string | undefined {
	if (!contentType) return undefined;
	const { value, params } = parseHeaderParams(contentType);
	if (value !== 'multipart/form-data') return undefined;
	const boundary = params.boundary;
	if (!boundary || boundary.length > 70) return undefined;
	return boundary;
}

function parsePartHeaders(block: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of block.split(/\r?\n/)) {
		if (line.length === 0) continue;
		const colon = line.indexOf(':');
		if (colon <= 0) throw new MultipartError(`malformed part header: ${line}`);
		headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

function toPart(headers: Record<string, string>, data: Buffer): MultipartPart {
	const disposition = headers['content-disposition'];
	if (!disposition) throw new MultipartError('part without Content-Disposition');
	const { value, params } = parseHeaderParams(disposition);
	if (value !== 'form-data') throw new MultipartError(`unexpected disposition ${value}`);
	if (params.name === undefined) throw new MultipartError('part without name');
	const part: MultipartPart = { name: params.name, headers, data };
	const extended =
		params['filename*'] !== undefined ? decodeExtValue(params['filename*']) : undefined;
	if (extended !== undefined) part.filename = extended;
	else if (params.filename !== undefined) part.filename = params.filename;
	if (headers['content-type'] !== undefined) part.contentType = headers['content-type'];
	return part;
}

/** Finds the first delimiter that starts the body or follows a CRLF (anything before is preamble). */
function findFirstDelimiter(body: Buffer, delimiter: Buffer): number {
	let from = 0;
	for (;;) {
		const at = body.indexOf(delimiter, from);
		if (at < 0) return -1;
		if (at === 0 || (at >= 2 && body[at - 2] === 0x0d && body[at - 1] === 0x0a)) return at;
		from = at + 1;
	}
}

/** Parses a complete multipart/form-data body. Throws MultipartError on malformed input. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
	const delimiter = Buffer.from(`--${boundary}`, 'latin1');
	const nextDelimiter = Buffer.concat([CRLF, delimiter]);
	const parts: MultipartPart[] = [];

	let pos = findFirstDelimiter(body, delimiter);
	if (pos < 0) throw new MultipartError('boundary not found in body');

	for (;;) {
		pos += delimiter.length;
		// Close delimiter "--boundary--": everything after it is epilogue.
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts;
		// Optional transport padding (RFC 2046 §5.1.1), then the line break.
		while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
		if (pos >= body.length) return parts; // tolerate a missing close delimiter after a full part
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
		else if (body[pos] === 0x0a) pos += 1;
		else throw new MultipartError('garbage after boundary');

		// A part with no headers starts directly with the blank line.
		let headerBlock = '';
		let contentStart: number;
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) {
			contentStart = pos + 2;
		} else {
			const end = body.indexOf(HEADER_END, pos);
			if (end < 0) throw new MultipartError('unterminated part headers');
			// Raw UTF-8 is what browsers and undici send for non-ASCII names.
			headerBlock = body.subarray(pos, end).toString('utf8');
			contentStart = end + HEADER_END.length;
		}

		const contentEnd = body.indexOf(nextDelimiter, contentStart);
		if (contentEnd < 0) throw new MultipartError('unterminated part body');
		// Copy so the record survives independently of the request buffer.
		parts.push(
			toPart(parsePartHeaders(headerBlock), Buffer.from(body.subarray(contentStart, contentEnd))),
		);
		pos = contentEnd + CRLF.length;
	}
}

import { randomBytes } from 'node:crypto';

import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import type { UploadSpec } from './image';

/** One file part: its bytes are produced only while the body is being sent. */
export interface StreamedFile {
	field: string;
	fileName: string;
	mimeType: string;
	/** Exact byte count: the Content-Length is announced before any byte is read. */
	size: number;
	/** Called once per send; yields the file's bytes in order. */
	open(): AsyncIterable<Uint8Array>;
}

const CRLF = '\r\n';

/**
 * The header escaping of the multipart encoder n8n's HTTP client (axios) applies to a
 * FormData, so the bytes on the wire stay what they were when the body was a FormData.
 */
const escapeName = (name: string): string =>
	name.replace(/[\r\n"]/g, (match) => ({ '\r': '%0D', '\n': '%0A', '"': '%22' })[match] ?? match);

/**
 * A multipart/form-data body that reads its files while it is sent, never as a whole.
 *
 * It is shaped as a Blob (`Symbol.toStringTag`, `size`, `type`, `stream()`) because that is
 * what n8n's HTTP helper hands on to its client untouched, and the client then streams
 * `stream()` with `size` as Content-Length. Any real Blob would hold every byte in memory:
 * a 50 MiB start image read into a Buffer, copied into a Blob and encoded again cost three
 * times its size. Building it needs no dependency, and `node:stream` is not allowed in a
 * community node.
 */
export class StreamingMultipartBody {
	readonly [Symbol.toStringTag] = 'Blob';
	readonly type: string;
	readonly size: number;
	private readonly parts: Array<{ head: Buffer; file?: StreamedFile }>;
	private readonly closing: Buffer;

	constructor(fields: Array<[string, string]>, files: StreamedFile[]) {
		const boundary = `----PikaFormBoundary${randomBytes(12).toString('hex')}`;
		this.type = `multipart/form-data; boundary=${boundary}`;
		const opening = `--${boundary}${CRLF}`;
		this.parts = [
			...fields.map(([name, value]) => ({
				// Line breaks in a text value become CRLF, as in any browser or FormData encoder.
				head: Buffer.from(
					`${opening}Content-Disposition: form-data; name="${escapeName(name)}"${CRLF}${CRLF}` +
						`${value.replace(/\r?\n|\r\n?/g, CRLF)}${CRLF}`,
				),
			})),
			...files.map((file) => ({
				head: Buffer.from(
					`${opening}Content-Disposition: form-data; name="${escapeName(file.field)}"; filename="${escapeName(file.fileName)}"${CRLF}` +
						`Content-Type: ${file.mimeType.replace(/[\r\n]/g, '')}${CRLF}${CRLF}`,
				),
				file,
			})),
		];
		this.closing = Buffer.from(`--${boundary}--${CRLF}`);
		this.size =
			this.parts.reduce(
				(sum, part) => sum + part.head.length + (part.file ? part.file.size + CRLF.length : 0),
				0,
			) + this.closing.length;
	}

	async *stream(): AsyncGenerator<Uint8Array> {
		for (const { head, file } of this.parts) {
			yield head;
			if (!file) continue;
			let sent = 0;
			for await (const chunk of file.open()) {
				sent += chunk.length;
				yield chunk;
			}
			// The Content-Length was announced from `size`: a file that changed under us must
			// fail the request here rather than send a truncated or overlong body.
			if (sent !== file.size) {
				throw new Error(
					`The file "${file.fileName}" has ${sent} bytes, ${file.size} were expected`,
				);
			}
			yield Buffer.from(CRLF);
		}
		yield this.closing;
	}
}

/**
 * Builds the multipart body. Nothing of an image is read here: the body reads it while it
 * is sent, from n8n's binary data store when the item's binary is stored there (filesystem
 * mode), else from the item, where n8n's default mode keeps it base64-encoded.
 */
export async function buildMultipart(
	context: IExecuteFunctions,
	fields: Record<string, string | number | undefined>,
	uploads: UploadSpec[],
): Promise<StreamingMultipartBody> {
	const textFields: Array<[string, string]> = [];
	for (const [name, value] of Object.entries(fields)) {
		if (value !== undefined && value !== '') textFields.push([name, String(value)]);
	}
	const files: StreamedFile[] = [];
	for (const upload of uploads) {
		const meta = context.helpers.assertBinaryData(upload.itemIndex, upload.binaryPropertyName);
		files.push({
			field: upload.field,
			// A file whose type n8n did not know goes out with the type its content showed.
			fileName:
				meta.fileName ||
				`${upload.field}.${upload.recognised?.extension ?? (meta.fileExtension || 'bin')}`,
			mimeType: upload.recognised?.mimeType ?? meta.mimeType,
			...(await binarySource(context, meta)),
		});
	}
	return new StreamingMultipartBody(textFields, files);
}

/** Where a file's bytes come from, and how many there are, without reading them yet. */
async function binarySource(
	context: IExecuteFunctions,
	binary: IBinaryData,
): Promise<Pick<StreamedFile, 'size' | 'open'>> {
	const id = binary.id;
	if (id) {
		const { fileSize } = await context.helpers.getBinaryMetadata(id);
		return {
			size: fileSize,
			open: async function* () {
				yield* await context.helpers.getBinaryStream(id);
			},
		};
	}
	return base64Source(binary.data);
}

/** Decoded bytes per chunk of a base64 image held in the item (a multiple of 3 bytes). */
const BASE64_CHUNK_BYTES = 3 * 2 ** 16;

/**
 * n8n's default binary mode keeps the file in the item as base64. Decoding it at once
 * would add a copy of the file; decoding 4-character groups chunk by chunk gives the same
 * bytes (n8n writes base64 without line breaks). Anything else is decoded whole, exactly
 * as n8n's own getBinaryDataBuffer does.
 */
function base64Source(data: string): Pick<StreamedFile, 'size' | 'open'> {
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) {
		const bytes = Buffer.from(data, 'base64');
		return {
			size: bytes.length,
			open: async function* () {
				yield bytes;
			},
		};
	}
	const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
	const step = (BASE64_CHUNK_BYTES / 3) * 4;
	return {
		size: (data.length / 4) * 3 - padding,
		open: async function* () {
			for (let at = 0; at < data.length; at += step)
				yield Buffer.from(data.slice(at, at + step), 'base64');
		},
	};
}

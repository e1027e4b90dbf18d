import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import type { InputValidator } from './validation';

/** A file part to upload, read from an item's binary property only when the request is built. */
export interface UploadSpec {
	/** Multipart field name the API expects (`image`, `message`). */
	field: string;
	itemIndex: number;
	binaryPropertyName: string;
	/** The type recognised from the content, when the binary data's own MIME type said nothing. */
	recognised?: ImageFormat;
}

export interface ImageFormat {
	mimeType: string;
	extension: string;
}

/**
 * MIME types that say nothing about the content. n8n gives them to files read from disk
 * with an unknown extension and to downloads from servers that do not label them.
 */
const GENERIC_MIME_TYPES = new Set([
	'',
	'application/octet-stream',
	'binary/octet-stream',
	'application/unknown',
]);

/** The longest signature below (WebP: "RIFF", 4 size bytes, "WEBP"). */
const SIGNATURE_BYTES = 12;

const ascii = (head: Buffer, start: number, end: number) =>
	head.subarray(start, end).toString('latin1');

/** Image formats recognised by their first bytes. */
const SIGNATURES: Array<ImageFormat & { matches(head: Buffer): boolean }> = [
	{
		mimeType: 'image/png',
		extension: 'png',
		matches: (head) =>
			head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
	},
	{
		mimeType: 'image/jpeg',
		extension: 'jpg',
		matches: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
	},
	{
		mimeType: 'image/webp',
		extension: 'webp',
		matches: (head) => ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP',
	},
	{
		mimeType: 'image/gif',
		extension: 'gif',
		matches: (head) => ['GIF87a', 'GIF89a'].includes(ascii(head, 0, 6)),
	},
];

const RECOGNISED_NAMES = 'PNG, JPEG, WebP or GIF';

function recogniseImage(head: Buffer): ImageFormat | undefined {
	const format = SIGNATURES.find((signature) => signature.matches(head));
	return format && { mimeType: format.mimeType, extension: format.extension };
}

/**
 * The first bytes of a binary property, without reading the whole file: data kept by
 * n8n's binary data store (an `id`) is streamed, in-memory data is base64 in `data`.
 */
async function headOf(context: IExecuteFunctions, binary: IBinaryData): Promise<Buffer> {
	if (!binary.id)
		return Buffer.from(binary.data.slice(0, 4 * Math.ceil(SIGNATURE_BYTES / 3)), 'base64');
	const stream = await context.helpers.getBinaryStream(binary.id, SIGNATURE_BYTES);
	const chunks: Buffer[] = [];
	let length = 0;
	try {
		for await (const chunk of stream) {
			const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
			chunks.push(bytes);
			length += bytes.length;
			if (length >= SIGNATURE_BYTES) break;
		}
	} finally {
		stream.destroy();
	}
	return Buffer.concat(chunks);
}

/**
 * n8n records a file's size as `bytes` (a number) and `fileSize` ("0 B"); binary data built
 * by hand (a Code node) may carry neither, and in-memory data (no `id`) of "" is empty too.
 */
function isEmptyBinary(binary: IBinaryData): boolean {
	return (
		binary.bytes === 0 ||
		/^0(\.0+)?(\s|$)/.test(String(binary.fileSize ?? '').trim()) ||
		(!binary.id && binary.data === '')
	);
}

/**
 * Checks that an item carries the binary property an upload needs, and that it is an
 * image: by its MIME type, or, when that says nothing, by its first bytes. The API takes any
 * File or Blob, so an image labelled application/octet-stream is sent, with its real type.
 */
async function checkImageInput(
	context: IExecuteFunctions,
	check: InputValidator,
	field: string,
	binaryPropertyName: string,
): Promise<ImageFormat | undefined> {
	const name = check.text(field, binaryPropertyName, { required: true }).trim();
	const binary = context.getInputData()[check.itemIndex]?.binary?.[name];
	if (!binary) {
		const available = Object.keys(context.getInputData()[check.itemIndex]?.binary ?? {});
		check.fail(
			field,
			`the item has no binary property "${name}"`,
			available.length
				? `Binary properties on this item: ${available.join(', ')}`
				: 'The item has no binary data at all. Add a node that reads or downloads the image first.',
		);
	}
	const declared = (binary.mimeType ?? '').split(';')[0].trim().toLowerCase();
	const generic = GENERIC_MIME_TYPES.has(declared);
	if (!generic && !declared.startsWith('image/')) {
		check.fail(field, `"${name}" is ${binary.mimeType}, not an image`);
	}
	if (isEmptyBinary(binary)) check.fail(field, `"${name}" is an empty file`);
	if (!generic) return undefined;
	const recognised = recogniseImage(await headOf(context, binary));
	if (!recognised) {
		check.fail(
			field,
			`"${name}" is ${declared || 'of unknown type'} and its content is not a ${RECOGNISED_NAMES} image`,
			'Images of other formats are sent when their MIME type says image/…: set it where the file is read or downloaded.',
		);
	}
	return recognised;
}

/** Reads and checks a required image input; the upload is built later. */
export async function readImageInput(
	context: IExecuteFunctions,
	check: InputValidator,
	{ parameter, field, displayName }: { parameter: string; field: string; displayName: string },
): Promise<UploadSpec> {
	const binaryPropertyName = String(
		context.getNodeParameter(parameter, check.itemIndex, 'data'),
	).trim();
	const recognised = await checkImageInput(context, check, displayName, binaryPropertyName);
	return { field, itemIndex: check.itemIndex, binaryPropertyName, recognised };
}

/** The optional `image` upload behind the "…Image" switch (see optionalImageFields). */
export async function readOptionalImage(
	context: IExecuteFunctions,
	check: InputValidator,
): Promise<UploadSpec | undefined> {
	if (context.getNodeParameter('useImage', check.itemIndex, false) !== true) return undefined;
	return await readImageInput(context, check, {
		parameter: 'imageBinaryPropertyName',
		field: 'image',
		displayName: 'Image Input Field',
	});
}

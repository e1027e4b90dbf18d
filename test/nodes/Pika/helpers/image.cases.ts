/**
 * Image upload cases, run once per binary data mode (image.memoryMode.test.ts,
 * image.filesystemMode.test.ts): the bytes the simulator received must be the item's bytes,
 * whichever way n8n holds them.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { BinaryMode } from '../../../../tools/n8n-core/runNode';
import { binaryBytes, binaryProperty, useBinaryMode } from '../../../../tools/n8n-core/runNode';
import { apiJob, createParameters, requestsTo, trickyImageBytes, useSimulator } from '../setup';

export function describeImageUpload(mode: BinaryMode): void {
	const fx = useSimulator();

	beforeAll(async () => await useBinaryMode(mode));

	const imageParameters = (prompt: string, property = 'data') =>
		createParameters(prompt, { useImage: true, imageBinaryPropertyName: property });

	describe(`Create with a start image (binary data mode "${mode}")`, () => {
		it(`holds the input binary the "${mode}" way (so the node really reads through that mode)`, async () => {
			const bytes = trickyImageBytes();
			const binary = await binaryProperty(bytes, 'frame.png', 'image/png', mode);

			if (mode === 'filesystem') {
				expect(binary.id).toMatch(/^filesystem/);
				expect(binary.data).not.toBe(bytes.toString('base64'));
			} else {
				expect(binary.id).toBeUndefined();
				expect(binary.data).toBe(bytes.toString('base64'));
			}
			expect(await binaryBytes(binary)).toEqual(bytes);
		});

		it('uploads the image byte for byte (all 256 values, CRLFs), with its file name and MIME type', async () => {
			const bytes = trickyImageBytes();
			const items: INodeExecutionData[] = [
				{
					json: {},
					binary: { data: await binaryProperty(bytes, 'start frame 01.png', 'image/png', mode) },
				},
			];
			const result = await fx.run({
				parameters: imageParameters('Bring this frame to life'),
				items,
			});

			expect(result.error).toBeUndefined();
			const [request] = requestsTo(fx.sim, 'POST', '/v1/pika/create');
			expect(request.fields).toEqual({ prompt: 'Bring this frame to life' });
			expect(request.files).toHaveLength(1);
			const [file] = request.files;
			expect(file.field).toBe('image');
			expect(file.filename).toBe('start frame 01.png');
			expect(file.contentType).toBe('image/png');
			expect(file.bytes.length).toBe(bytes.length);
			expect(file.bytes.equals(bytes)).toBe(true);

			const jobid = String(result.items[0].json.jobid);
			expect(fx.sim.uploadsOf(jobid).map((upload) => upload.bytes.equals(bytes))).toEqual([true]);
			expect(result.items[0].json.image).toEqual({ size: bytes.length, type: 'image/png' });
			expect(result.items[0].json).toEqual(apiJob(fx.sim, jobid));
		});

		it('streams an image larger than one read chunk, of a size no chunk divides, byte for byte', async () => {
			// 1 MiB + 1 byte: several 64 KiB file-store reads, several base64 chunks, one odd byte at the end.
			const bytes = Buffer.alloc(2 ** 20 + 1);
			for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
			const items: INodeExecutionData[] = [
				{
					json: {},
					binary: { data: await binaryProperty(bytes, 'big "frame".png', 'image/png', mode) },
				},
			];
			const result = await fx.run({ parameters: imageParameters('A larger frame'), items });

			expect(result.error).toBeUndefined();
			const [upload] = fx.sim.uploadsOf(String(result.items[0].json.jobid));
			expect(upload.filename).toBe('big %22frame%22.png');
			expect(upload.bytes.length).toBe(bytes.length);
			expect(upload.bytes.equals(bytes)).toBe(true);
		});

		it('uploads each item its own image, from the named binary property, in any MIME subtype', async () => {
			const images = [
				{
					bytes: Buffer.concat([trickyImageBytes(), Buffer.from('one')]),
					name: 'one.jpg',
					mime: 'image/jpeg',
				},
				{
					bytes: Buffer.concat([Buffer.from('two'), trickyImageBytes()]),
					name: 'two.webp',
					mime: 'image/webp',
				},
				{
					bytes: Buffer.from('\r\n\r\n\x00\xff three', 'latin1'),
					name: 'three.gif',
					mime: 'image/gif',
				},
			];
			const decoy = await binaryProperty(
				Buffer.from('not the photo'),
				'decoy.png',
				'image/png',
				mode,
			);
			const items: INodeExecutionData[] = [];
			for (const [index, image] of images.entries()) {
				items.push({
					json: { prompt: `item ${index}` },
					binary: {
						data: decoy,
						photo: await binaryProperty(image.bytes, image.name, image.mime, mode),
					},
				});
			}
			const result = await fx.run({
				parameters: imageParameters('={{ $json.prompt }}', 'photo'),
				items,
			});

			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.prompt)).toEqual(['item 0', 'item 1', 'item 2']);
			for (const [index, image] of images.entries()) {
				const [upload] = fx.sim.uploadsOf(String(result.items[index].json.jobid));
				expect({ filename: upload.filename, contentType: upload.contentType }).toEqual({
					filename: image.name,
					contentType: image.mime,
				});
				expect(upload.bytes.equals(image.bytes)).toBe(true);
			}
			expect(requestsTo(fx.sim, 'POST', '/v1/pika/create')).toHaveLength(3);
		});

		// Files read from disk with an unknown extension, or downloaded from servers that do not
		// label them, arrive as application/octet-stream: the API takes any File or Blob.
		const SIGNED = [
			{
				format: 'PNG',
				head: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
				type: 'image/png',
				declared: 'application/octet-stream',
				name: 'download',
				sentName: 'download',
			},
			{
				format: 'JPEG',
				head: [0xff, 0xd8, 0xff, 0xe0],
				type: 'image/jpeg',
				declared: 'application/octet-stream',
				name: '',
				sentName: 'image.jpg',
			},
			{
				format: 'WebP',
				head: [...Buffer.from('RIFF'), 0x24, 0x10, 0, 0, ...Buffer.from('WEBPVP8 ')],
				type: 'image/webp',
				declared: 'binary/octet-stream',
				name: 'pika.webp',
				sentName: 'pika.webp',
			},
			{
				format: 'GIF',
				head: [...Buffer.from('GIF89a')],
				type: 'image/gif',
				declared: '',
				name: 'frame',
				sentName: 'frame',
			},
		];
		it.each(SIGNED)(
			'a $format image labelled "$declared" is recognised by its content and sent as $type',
			async ({ head, type, declared, name, sentName }) => {
				const bytes = Buffer.concat([Buffer.from(head), trickyImageBytes()]);
				const items: INodeExecutionData[] = [
					{ json: {}, binary: { data: await binaryProperty(bytes, name, declared, mode) } },
				];
				const result = await fx.run({ parameters: imageParameters('unlabelled'), items });

				expect(result.error).toBeUndefined();
				const [file] = requestsTo(fx.sim, 'POST', '/v1/pika/create')[0].files;
				expect({ filename: file.filename, contentType: file.contentType }).toEqual({
					filename: sentName,
					contentType: type,
				});
				expect(file.bytes.equals(bytes)).toBe(true);
				expect(result.items[0].json.image).toEqual({ size: bytes.length, type });
			},
		);

		it.each([
			['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'application/octet-stream'],
			['a few bytes of text', Buffer.from('hello'), ''],
			['a PNG signature cut short', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'binary/octet-stream'],
		])(
			'octet-stream content that is %s is refused before anything is sent',
			async (_label, bytes, declared) => {
				const items: INodeExecutionData[] = [
					{ json: {}, binary: { data: await binaryProperty(bytes, 'file', declared, mode) } },
				];
				const result = await fx.run({ parameters: imageParameters('not an image'), items });

				expect(result.error?.message).toBe(
					`Invalid "Image Input Field" in item 0: "data" is ${declared || 'of unknown type'} and its content is not a PNG, JPEG, WebP or GIF image`,
				);
				expect(fx.sim.requests).toHaveLength(0);
			},
		);
	});
}

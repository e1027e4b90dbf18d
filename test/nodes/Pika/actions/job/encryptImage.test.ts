/**
 * Encrypt Image (POST /v1/pika/encrypt_image): as the simulator received it and as the node output it.
 */
import { binaryProperty, useBinaryMode } from '../../../../../tools/n8n-core/runNode';
import { imageItem, requestsTo, trickyImageBytes, useSimulator } from '../../setup';

const IMAGE = trickyImageBytes();

describe('Encrypt Image', () => {
	const fixture = useSimulator();
	beforeAll(async () => await useBinaryMode('default'));

	it('Encrypt Image uploads the message image as `message` and the reference image as `image`', async () => {
		const reference = await binaryProperty(
			Buffer.from('reference image bytes'),
			'ref.jpg',
			'image/jpeg',
		);
		const item = await imageItem('secret', 'secret.png');
		item.binary = { ...item.binary, reference };
		const result = await fixture.run({
			parameters: {
				resource: 'job',
				operation: 'encryptImage',
				messageBinaryPropertyName: 'secret',
				prompt: 'a forest',
				useImage: true,
				imageBinaryPropertyName: 'reference',
			},
			items: [item],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.verb).toBe('pika-encrypt_image');
		const [request] = requestsTo(fixture.sim, 'POST', '/v1/pika/encrypt_image');
		expect(request.files.map((file) => [file.field, file.filename, file.contentType])).toEqual([
			['message', 'secret.png', 'image/png'],
			['image', 'ref.jpg', 'image/jpeg'],
		]);
		expect(request.files[0].bytes.equals(IMAGE)).toBe(true);
	});

	it('Encrypt Image refuses a message file that is not an image', async () => {
		const pdf = await binaryProperty(Buffer.from('%PDF-1.7'), 'doc.pdf', 'application/pdf');
		const result = await fixture.run({
			parameters: {
				resource: 'job',
				operation: 'encryptImage',
				messageBinaryPropertyName: 'data',
				prompt: 'p',
			},
			items: [{ json: {}, binary: { data: pdf } }],
		});
		expect(result.error?.message).toBe(
			'Invalid "Message Image Input Field" in item 0: "data" is application/pdf, not an image',
		);
		expect(fixture.sim.requests).toHaveLength(0);
	});
});

/**
 * Animate (POST /v1/pika/animate): as the simulator received it and as the node output it.
 */
import { useBinaryMode } from '../../../../../tools/n8n-core/runNode';
import { imageItem, requestsTo, trickyImageBytes, useSimulator } from '../../setup';

const IMAGE = trickyImageBytes();

describe('Animate', () => {
	const fixture = useSimulator();
	beforeAll(async () => await useBinaryMode('default'));

	it('Animate uploads the image as `image` and sends the optional prompt', async () => {
		const result = await fixture.run({
			parameters: {
				resource: 'job',
				operation: 'animate',
				imageBinaryPropertyName: 'data',
				prompt: 'blinking',
			},
			items: [await imageItem()],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			verb: 'pika-animate',
			status: 'started',
			prompt: 'blinking',
		});
		const [request] = requestsTo(fixture.sim, 'POST', '/v1/pika/animate');
		expect(request.files).toHaveLength(1);
		expect(request.files[0]).toMatchObject({
			field: 'image',
			filename: 'start.png',
			contentType: 'image/png',
		});
		expect(request.files[0].bytes.equals(IMAGE)).toBe(true);
	});

	it('Animate without a prompt sends no prompt field', async () => {
		await fixture.run({
			parameters: {
				resource: 'job',
				operation: 'animate',
				imageBinaryPropertyName: 'data',
				prompt: '',
			},
			items: [await imageItem()],
		});
		const [request] = requestsTo(fixture.sim, 'POST', '/v1/pika/animate');
		expect(request.fields.prompt).toBeUndefined();
	});

	it('Animate refuses an item without the image before any request', async () => {
		const result = await fixture.run({
			parameters: { resource: 'job', operation: 'animate', imageBinaryPropertyName: 'photo' },
			items: [await imageItem('data')],
		});
		expect(result.error?.message).toBe(
			'Invalid "Image Input Field" in item 0: the item has no binary property "photo"',
		);
		expect(fixture.sim.requests).toHaveLength(0);
	});
});

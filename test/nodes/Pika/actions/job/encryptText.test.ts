/**
 * Encrypt Text (POST /v1/pika/encrypt_text): as the simulator received it and as the node output it.
 */
import { useBinaryMode } from '../../../../../tools/n8n-core/runNode';
import { imageItem, requestsTo, useSimulator } from '../../setup';

describe('Encrypt Text', () => {
	const fixture = useSimulator();
	beforeAll(async () => await useBinaryMode('default'));

	it('Encrypt Text sends message, prompt and font (with its space) and the reference image', async () => {
		const result = await fixture.run({
			parameters: {
				resource: 'job',
				operation: 'encryptText',
				message: 'HELLO',
				prompt: 'waves crashing',
				font: 'SANS SERIF',
				useImage: true,
				imageBinaryPropertyName: 'data',
			},
			items: [await imageItem()],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.verb).toBe('pika-encrypt_text');
		const [request] = requestsTo(fixture.sim, 'POST', '/v1/pika/encrypt_text');
		expect(request.fields).toMatchObject({
			message: 'HELLO',
			prompt: 'waves crashing',
			font: 'SANS SERIF',
		});
		expect(request.files.map((file) => file.field)).toEqual(['image']);
	});

	it.each([
		[
			'a 21-character message',
			{ message: 'x'.repeat(21), prompt: 'p' },
			'Invalid "Message" in item 0: must be at most 20 characters, got 21',
		],
		[
			'an empty prompt',
			{ message: 'HI', prompt: ' ' },
			'Invalid "Prompt" in item 0: must not be empty',
		],
		[
			'an unknown font',
			{ message: 'HI', prompt: 'p', font: 'COMIC SANS' },
			'Invalid "Font" in item 0: must be one of MODERN, COMICS, SANS SERIF, BAUHAUS, RETRO, got "COMIC SANS"',
		],
	])('Encrypt Text refuses %s before any request', async (_label, parameters, message) => {
		const result = await fixture.run({
			parameters: { resource: 'job', operation: 'encryptText', ...parameters },
		});
		expect(result.error?.message).toBe(message);
		expect(fixture.sim.requests).toHaveLength(0);
	});
});

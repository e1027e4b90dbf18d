/**
 * The job operations beyond Create/Retry/Get: Animate, Encrypt Text, Encrypt Image, Cancel —
 * each as the simulator received it and as the node output it.
 */
import { binaryProperty, useBinaryMode } from '../../../../../tools/n8n-core/run-node';
import { ACCOUNT, requestsTo, trickyImageBytes, useSimulator } from '../../setup';

const IMAGE = trickyImageBytes();

async function imageItem(property = 'data', fileName = 'start.png') {
	return { json: {}, binary: { [property]: await binaryProperty(IMAGE, fileName, 'image/png') } };
}

describe('job operations', () => {
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

	it('Encrypt Image uploads the message image as `message` and the reference image as `image`', async () => {
		const reference = await binaryProperty(
			Buffer.from('reference image bytes'),
			'ref.jpg',
			'image/jpeg',
		);
		const item = await imageItem('secret', 'secret.png');
		item.binary.reference = reference;
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

	it('Cancel stops a running job and returns the API answer', async () => {
		const created = await fixture.run({
			parameters: { resource: 'job', operation: 'create', prompt: 'to cancel' },
		});
		const jobid = String(created.items[0].json.jobid);
		const result = await fixture.run({
			parameters: { resource: 'job', operation: 'cancel', jobId: jobid },
		});
		expect(result.items[0].json).toMatchObject({ jobid, status: 'cancelled' });
		expect(fixture.sim.job(jobid)?.status).toBe('cancelled');
		const [request] = requestsTo(fixture.sim, 'GET', '/v1/pika/jobs/cancel');
		expect(request.query).toEqual({ jobid });
	});

	it.each(['a/b', 'a?b=c', '../account', 'with space', 'tab\there'])(
		'refuses the job ID %j before any request',
		async (jobId) => {
			const result = await fixture.run({
				parameters: { resource: 'job', operation: 'cancel', jobId },
			});
			expect(result.error?.message).toMatch(
				/^Invalid "Job ID" in item 0: ".*" is not a valid Job ID$/,
			);
			expect(fixture.sim.requests).toHaveLength(0);
		},
	);

	it('the configured account runs the job; its Discord token never shows', async () => {
		const result = await fixture.run({
			parameters: { resource: 'job', operation: 'create', prompt: 'masked' },
		});
		expect(result.items[0].json.channel).toBe(ACCOUNT.channel);
		expect(JSON.stringify(result.items)).not.toContain(ACCOUNT.discord);
	});
});

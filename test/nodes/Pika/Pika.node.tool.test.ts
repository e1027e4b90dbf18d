/**
 * As an AI-agent tool the node returns the job JSON with the video URL instead of binary
 * data (n8n drops binary output from tools), and its description is one an agent can use.
 */
import { Pika } from '../../../nodes/Pika/Pika.node';
import { runPikaAsTool } from '../../../tools/n8n-core/runAsTool';
import { useBinaryMode } from '../../../tools/n8n-core/runNode';
import { createParameters, useSimulator } from './setup';

describe('as an AI-agent tool', () => {
	const fixture = useSimulator({ jobDurationMs: 300, progressAfterMs: 100 });
	beforeAll(async () => await useBinaryMode('default'));

	it('is declared usable as a tool', () => {
		expect(new Pika().description.usableAsTool).toBe(true);
	});

	it('runs in a real tool context and returns the video URL, not binary data', async () => {
		const { context, output } = await runPikaAsTool(
			createParameters('a fox in the snow', {
				options: { waitForCompletion: true, pollInterval: 10, maxWait: 1, downloadVideo: true },
			}),
			fixture.credentials(),
		);
		expect(context.isToolExecution()).toBe(true);
		const [item] = output[0];
		expect(item.binary).toBeUndefined();
		expect(item.json.status).toBe('completed');
		const attachments = item.json.attachments as Array<{ url: string }>;
		expect(item.json.videoUrl).toBe(attachments[0].url);
		// Nothing was downloaded: the agent gets the link.
		expect(fixture.sim.downloads).toHaveLength(0);
	});

	it('as the generated …pikaTool node that n8n 2.x agents run as an ordinary node, it also returns the URL', async () => {
		const result = await fixture.run({
			typeName: 'n8n-nodes-useapi-pika.pikaTool',
			parameters: createParameters('a heron fishing', {
				options: { waitForCompletion: true, pollInterval: 10, maxWait: 1, downloadVideo: true },
			}),
		});
		const [item] = result.items;
		expect(item.binary).toBeUndefined();
		const attachments = item.json.attachments as Array<{ url: string }>;
		expect(item.json.videoUrl).toBe(attachments[0].url);
		expect(fixture.sim.downloads).toHaveLength(0);
	});

	it('as the ordinary Pika node, Download Video still downloads (no videoUrl added)', async () => {
		const result = await fixture.run({
			parameters: createParameters('a heron fishing', {
				options: { waitForCompletion: true, pollInterval: 10, maxWait: 1, downloadVideo: true },
			}),
		});
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.items[0].json.videoUrl).toBeUndefined();
		expect(fixture.sim.downloads).toHaveLength(1);
	});

	it('every visible parameter of every operation has a description an agent can read', () => {
		const missing = new Pika().description.properties
			.flatMap((property) => [property, ...((property.options ?? []) as (typeof property)[])])
			.filter((property) => typeof property === 'object' && 'type' in property)
			.filter((property) => property.type !== 'collection' && property.type !== 'notice')
			.filter(
				(property) =>
					!property.description && property.name !== 'resource' && property.name !== 'operation',
			)
			.map((property) => property.name);
		expect(missing).toEqual([]);
	});
});

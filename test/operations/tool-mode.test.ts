/**
 * As an AI-agent tool the node returns the job JSON with the video URL instead of binary
 * data (n8n drops binary output from tools), and its description is one an agent can use.
 */
import { Pika } from '../../nodes/Pika/Pika.node';
import { runPikaAsTool } from '../harness/run-as-tool';
import { useBinaryMode } from '../harness/run-node';
import { createParameters, useSimulator } from '../pika/fixtures';

describe('as an AI-agent tool', () => {
	const fixture = useSimulator({ jobDurationMs: 300, progressAfterMs: 100 });
	beforeAll(async () => await useBinaryMode('default'));

	it('is declared usable as a tool', () => {
		expect(new Pika().description.usableAsTool).toBe(true);
	});

	it('runs in a real tool context and returns the video URL, not binary data', async () => {
		const { context, output } = await runPikaAsTool(
			createParameters('a fox in the snow', {
				options: { waitForCompletion: true, pollInterval: 5, maxWait: 1, downloadVideo: true },
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

	it('every visible parameter of every operation has a description an agent can read', () => {
		const missing = new Pika().description.properties
			.flatMap((property) => [property, ...((property.options ?? []) as typeof property[])])
			.filter((property) => typeof property === 'object' && 'type' in property)
			.filter((property) => property.type !== 'collection' && property.type !== 'notice')
			.filter((property) => !property.description && property.name !== 'resource' && property.name !== 'operation')
			.map((property) => property.name);
		expect(missing).toEqual([]);
	});
});

/**
 * Simplify in a real n8n: the server offers node version 1.1 as the default of both nodes,
 * applies Simplify's default (on) to a 1.1 node saved without the parameter, and leaves a
 * node saved at version 1 as it was: the full job, as useapi.net returns it.
 */
import type { IDataObject } from 'n8n-workflow';

import { simplifyJob } from '../../nodes/shared/simplify';
import { createSimulator } from '../../tools/simulator';
import { submitCreate } from '../../tools/n8n-server/simJobs';
import { chain, PIKA_TYPE, pikaNode, webhookNode } from '../../tools/n8n-server/workflows';
import { SIMPLE_COMPLETED_JOB_KEYS } from '../nodes/shared/simplify.expected';

import { useN8n } from './setup';

const WORKFLOWS = {
	saved: { id: 'pikaE2eSimplifyV1', path: 'pika-e2e-get-v1', typeVersion: 1 },
	added: { id: 'pikaE2eSimplifyV11', path: 'pika-e2e-get-v1-1', typeVersion: 1.1 },
} as const;

/** Webhook `{ jobid }` → Get Job at a node version, with no simplify parameter saved. */
function getJobWorkflow({ id, path, typeVersion }: (typeof WORKFLOWS)[keyof typeof WORKFLOWS]) {
	const getJob = {
		...pikaNode('Get Job', { operation: 'get', jobId: '={{ $json.body.jobid }}' }),
		typeVersion,
	};
	return chain(id, `e2e: get job at version ${typeVersion}`, [webhookNode(path), getJob]);
}

const sim = createSimulator({
	jobDurationMs: Number.POSITIVE_INFINITY,
	progressAfterMs: Number.POSITIVE_INFINITY,
	videoSize: 16 * 1024,
	accounts: [
		{ discord: 'MTE4e2eSimplify.discord.token', channel: '1190000000000000031', maxJobs: 10 },
	],
});
const fx = useN8n(sim, {
	workflows: () => [getJobWorkflow(WORKFLOWS.saved), getJobWorkflow(WORKFLOWS.added)],
	activate: Object.values(WORKFLOWS).map(({ id }) => id),
});

async function getJobAt(path: string, jobid: string): Promise<IDataObject> {
	const response = await fx.n8n.http<IDataObject[]>('POST', `/webhook/${path}`, {
		body: { jobid },
		auth: 'none',
	});
	if (response.status !== 200 || !Array.isArray(response.body)) {
		throw new Error(`webhook ${path}: ${response.status} ${response.text.slice(0, 500)}`);
	}
	expect(response.body).toHaveLength(1);
	return response.body[0];
}

test('n8n offers version 1.1 as the default of the Pika node and the Pika Trigger', async () => {
	const nodes = await fx.n8n.http<
		Array<{ name: string; version: number | number[]; defaultVersion?: number }>
	>('GET', '/types/nodes.json');
	for (const name of [PIKA_TYPE, `${PIKA_TYPE}Trigger`]) {
		const type = nodes.body.find((entry) => entry.name === name);
		expect(type?.version).toEqual([1, 1.1]);
		expect(type?.defaultVersion).toBe(1.1);
	}
});

test('a Get Job saved at version 1 outputs the full job; one at 1.1 the simplified job', async () => {
	const jobid = await submitCreate(sim, 'a heron at dawn', { replyRef: 'e2e-simplify' });
	sim.completeJob(jobid);
	const full = { ...sim.job(jobid), code: 200 } as IDataObject;

	expect(await getJobAt(WORKFLOWS.saved.path, jobid)).toEqual(full);
	const simple = await getJobAt(WORKFLOWS.added.path, jobid);
	expect(simple).toEqual(simplifyJob(full));
	expect(Object.keys(simple)).toEqual(SIMPLE_COMPLETED_JOB_KEYS);
});

/**
 * The package installed through environment variables (n8n ≥ 2.21): N8N_COMMUNITY_PACKAGES names
 * it and N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true makes n8n reconcile its installed packages
 * with that list on every start, fetching from the registry (a local one, holding the `npm pack`
 * tarball and the next patch version). How Docker and queue-mode deployments install it.
 */
import {
	editorNodeTypes,
	installPackage,
	listPackages,
} from '../../tools/n8n-server/communityPackages';
import { declaredNodeTypes, e2eTarball, PACKAGE_NAME } from '../../tools/n8n-server/installation';
import { waitForPublication } from '../../tools/n8n-server/n8nApi';
import { chain, pikaNode, webhookNode } from '../../tools/n8n-server/workflows';
import { tarballWithVersion } from '../../tools/registry/localRegistry';
import { createSimulator } from '../../tools/simulator';

import { registryInstall } from './registryInstall';
import { useN8n } from './setup';

const RUN_ID = 'pikaEnvInstRun01';
const RUN_PATH = 'pika-env-install-create-get';
const NEXT_VERSION = '0.1.1';

/** The variables a user sets (README, Install): the package, at a version, managed by env. */
const envInstall = (version: string): Record<string, string> => ({
	N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: PACKAGE_NAME, version }]),
	N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
});

const sim = createSimulator({
	accounts: [
		{ discord: 'MTE4e2eEnvInstall.account.A1b2C3', channel: '1190000000000000031', maxJobs: 10 },
	],
});
const local = registryInstall();
const fx = useN8n(sim, {
	...local.options(envInstall('0.1.0')),
	workflows: () => [
		chain(RUN_ID, 'e2e env install: create, get job', [
			webhookNode(RUN_PATH),
			pikaNode('Create', { operation: 'create', prompt: '={{ $json.body.prompt }}' }),
			pikaNode('Get Job', { operation: 'get', jobId: '={{ $json.jobid }}' }),
		]),
	],
});

const serverLogs = (): string =>
	fx.n8n
		.logFiles()
		.filter((f) => f.name.startsWith('server'))
		.map((f) => f.text)
		.join('\n');

async function expectInstalled(version: string): Promise<void> {
	const [listed, ...others] = await listPackages(fx.n8n);
	expect(others).toEqual([]);
	expect(listed).toMatchObject({ packageName: PACKAGE_NAME, installedVersion: version });
	const types = await editorNodeTypes(fx.n8n);
	for (const type of declaredNodeTypes()) expect(types).toContain(type);
}

async function runCreateGet(prompt: string): Promise<void> {
	const answer = await fetch(`${fx.n8n.baseUrl}/webhook/${RUN_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt }),
	});
	const items = (await answer.json()) as Array<{ jobid?: string }>;
	expect(answer.status).toBe(200);
	expect(sim.job(items[0]?.jobid ?? '')?.prompt).toBe(prompt);
}

async function restart(): Promise<void> {
	await fx.n8n.stop();
	await fx.n8n.start();
	await waitForPublication(fx.n8n, RUN_ID, 60_000, 'published');
}

describe('installed through N8N_COMMUNITY_PACKAGES, managed by env', () => {
	test('n8n installs it from the registry while it starts; its nodes are loaded and a workflow runs', async () => {
		await expectInstalled('0.1.0');
		expect(serverLogs()).toContain(`Installed community package '${PACKAGE_NAME}@0.1.0' from env`);
		expect(local.registry.tarballRequests().length).toBe(1);
		await fx.n8n.activate(RUN_ID);
		await waitForPublication(fx.n8n, RUN_ID, 60_000, 'published');
		await runCreateGet('A glacier calving, installed by env');
	});

	test("the editor's Install answers 400: packages are managed by the environment", async () => {
		const { result } = await installPackage(fx.n8n);
		expect(result.status).toBe(400);
		expect(result.text).toContain('managed via environment variables');
	});

	test('a restart reuses the install (nothing downloaded) and the workflow still runs', async () => {
		await restart();
		await expectInstalled('0.1.0');
		expect(local.registry.tarballRequests().length).toBe(1);
		await runCreateGet('A glacier calving, after a restart');
	});

	test(`the next version in N8N_COMMUNITY_PACKAGES: the restart updates to it, the workflow runs unchanged`, async () => {
		await local.registry.publish(await tarballWithVersion(e2eTarball(), NEXT_VERSION, fx.n8n.root));
		fx.n8n.setEnv(envInstall(NEXT_VERSION));
		await restart();
		await expectInstalled(NEXT_VERSION);
		expect(serverLogs()).toContain(
			`Updated community package '${PACKAGE_NAME}' from 0.1.0 to ${NEXT_VERSION} from env`,
		);
		expect(local.registry.tarballRequests().length).toBe(2);
		await runCreateGet('A glacier calving, after the update');
	});
});

/**
 * The package installed and updated the way a user does it in n8n's editor, in a real headless
 * Chromium: n8n starts without it but pointed at a local npm registry holding the packed
 * tarball (tools/registry/localRegistry.ts, set up as for the other install files by
 * registryInstall.ts); *Settings → Community nodes → Install*, the name typed, the risk box
 * ticked, *Install*; the Pika node and the Pika Trigger are in the node picker with no restart
 * of n8n. Then the next patch version is published, the page offers
 * *Update*, the confirm dialog names the workflow that uses the nodes, and after the update that
 * workflow (imported before the install) opens with its parameters and runs against the
 * simulator. The REST side of the same steps, and the uninstall, are in install.e2e.test.ts.
 * PIKA_README_SHOTS=<folder> writes the README's install-dialog and installed-package there.
 */
import { e2eTarball, PACKAGE_NAME } from '../../tools/n8n-server/installation';
import {
	executeWorkflow,
	newWorkflowWithTriggerPicker,
	openWorkflow,
	pickerItem,
	pickerText,
	searchPicker,
} from '../../tools/n8n-server/editor';
import {
	confirmInstall,
	confirmUpdate,
	fillInstallDialog,
	openCommunityNodes,
	openInstallDialog,
	openUpdateDialog,
	packageCard,
	waitForCardVersion,
} from '../../tools/n8n-server/editorCommunityNodes';
import { chain, pikaNode } from '../../tools/n8n-server/workflows';
import { tarballWithVersion } from '../../tools/registry/localRegistry';
import { createSimulator } from '../../tools/simulator';

import { registryInstall } from './registryInstall';
import { useEditor } from './setup';

const FIRST_VERSION = '0.1.0';
const NEXT_VERSION = '0.1.1';
const WORKFLOW_ID = 'pikaEditorInst01';
const WORKFLOW_NAME = 'e2e editor install: create, get job';
const PROMPT = 'A paper lantern rising over a harbour';

/** Imported before the package exists in n8n: Manual Trigger → Create (a fixed prompt) → Get Job. */
const workflow = chain(WORKFLOW_ID, WORKFLOW_NAME, [
	{ name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
	pikaNode('Pika Create', { operation: 'create', prompt: PROMPT }),
	pikaNode('Pika Get Job', { operation: 'get', jobId: '={{ $json.jobid }}' }),
]);

const sim = createSimulator({
	jobDurationMs: 60_000,
	progressAfterMs: 1_000,
	accounts: [
		{ discord: 'MTE.editor-install-discord.xyz', channel: '1190000000000000023', maxJobs: 5 },
	],
});
const local = registryInstall();
const fx = useEditor(
	sim,
	{
		...local.options(),
		workflows: () => [workflow],
		timeoutMs: 300_000,
	},
	'editor-install',
);

/**
 * Opens the imported workflow, reads the prompt in the Create panel, closes it and clicks
 * *Execute workflow*; the simulator must get a job with that prompt.
 */
async function openAndRun(): Promise<void> {
	const { page } = fx;
	await openWorkflow(page, fx.n8n.baseUrl, WORKFLOW_ID);
	await page.getByTestId('canvas-node').filter({ hasText: 'Pika Create' }).dblclick();
	const prompt = page.getByTestId('parameter-input-prompt').locator('textarea');
	await expect(prompt.inputValue()).resolves.toBe(PROMPT);
	await page.keyboard.press('Escape');
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
	const before = sim.jobs.filter((job) => job.prompt === PROMPT).length;
	await executeWorkflow(page);
	expect(sim.jobs.filter((job) => job.prompt === PROMPT).length).toBe(before + 1);
}

it('n8n starts without the package: the Community nodes page lists none', async () => {
	await openCommunityNodes(fx.page, fx.n8n.baseUrl);
	await expect(fx.page.getByTestId('community-package-card').count()).resolves.toBe(0);
	expect(await local.registry.versions()).toEqual({
		versions: [FIRST_VERSION],
		latest: FIRST_VERSION,
	});
});

it(`Install: the name typed, the risk box ticked, Install; the card shows both nodes and v${FIRST_VERSION}`, async () => {
	const { page } = fx;
	const dialog = await openInstallDialog(page);
	await fillInstallDialog(dialog, PACKAGE_NAME);
	await fx.shot('install-dialog', 'install-dialog');
	await confirmInstall(dialog);
	const card = packageCard(page, PACKAGE_NAME);
	await waitForCardVersion(card, FIRST_VERSION);
	expect(await card.innerText()).toMatch(/2 nodes:\s*Pika,\s*Pika Trigger/);
	await fx.shot('installed-package', 'installed-package');
});

it('without a restart of n8n, the picker finds Pika with its trigger events and its actions', async () => {
	const { page } = fx;
	await newWorkflowWithTriggerPicker(page, fx.n8n.baseUrl);
	expect(await searchPicker(page, 'Pika')).toContain('Pika');
	await pickerItem(page, 'Pika').click();
	await page.getByTestId('node-creator').getByText('On job completed', { exact: true }).waitFor();
	// The trigger's events and the node's actions: both nodes of the package are loaded.
	const text = await pickerText(page);
	expect(text).toMatch(/Triggers \(4\)/);
	expect(text).toMatch(/Actions \(10\)/);
	await fx.shot('picker-after-install');
	await page.keyboard.press('Escape');
});

it('the workflow imported before the install opens with its prompt and runs', async () => {
	await openAndRun();
});

it(`Update: ${NEXT_VERSION} published, the page offers Update, Confirm update names the workflow; the card shows v${NEXT_VERSION}`, async () => {
	const { page } = fx;
	await local.registry.publish(await tarballWithVersion(e2eTarball(), NEXT_VERSION, fx.n8n.root));
	await openCommunityNodes(page, fx.n8n.baseUrl);
	const card = packageCard(page, PACKAGE_NAME);
	await waitForCardVersion(card, FIRST_VERSION);
	await fx.shot('update-available');
	const dialog = await openUpdateDialog(page, card);
	await dialog.getByText(WORKFLOW_NAME, { exact: true }).waitFor();
	await fx.shot('update-dialog');
	await confirmUpdate(dialog);
	// The card is where the new version shows: n8n's "Package updated" toast says "updated to
	// version" with no number (2.41 and 1.123 alike; it reads the update n8n has just cleared).
	await waitForCardVersion(card, NEXT_VERSION);
	await expect(card.getByRole('button', { name: 'Update', exact: true }).count()).resolves.toBe(0);
	await fx.shot('updated-package');
});

it('after the update the workflow opens with its prompt intact and runs against the simulator', async () => {
	await openAndRun();
});

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * The user's own path through n8n's editor, in a real headless Chromium: sign in, find both
 * nodes in the node picker, add Pika → Create from it, pick the credential, type a prompt, switch
 * on Wait for Completion and Download Video, Execute step, see the video in the Binary view; test
 * and break the credential; add the Pika Trigger, Test this trigger, finish a job in the
 * simulator and see the item arrive; run the imported examples that start manually.
 * Every step leaves a screenshot in <run folder>/screenshots/editor-<n8n version>/ (kept with
 * PIKA_E2E_KEEP=1); PIKA_README_SHOTS=<folder> also writes the README's screenshots there.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { selectors, type BrowserContext, type Page } from 'playwright-core';

import { createSimulator } from '../../tools/simulator';
import { launchBrowser, StepShots, TEST_ID_ATTRIBUTE } from '../../tools/n8n-server/browser';
import {
	addOption,
	newWorkflowWithTriggerPicker,
	openNextStepPicker,
	pickerItem,
	searchPicker,
	signIn,
	switchOn,
} from '../../tools/n8n-server/editor';
import { EXAMPLES, examplesFor } from '../../tools/n8n-server/examples';
import { submitCreate } from '../../tools/n8n-server/simJobs';
import { CREDENTIAL_REF } from '../../tools/n8n-server/workflows';

import { useN8n } from './setup';

const PROMPT = 'A cat surfing a wave at sunset';
/**
 * What the credential test shows for a wrong token: n8n 2.x shows the credential's own message
 * for a 401 (credentials/UseApiPikaApi.credentials.ts); n8n 1.x its generic text.
 */
const unauthorizedText = (n8nVersion: string) =>
	n8nVersion.startsWith('1.')
		? 'Authorization failed - please check your credentials'
		: 'Unauthorized: useapi.net rejected the API token';

let browser: BrowserContext;
let page: Page;
let shots: StepShots;

/** Saves a step's screenshot; with PIKA_README_SHOTS also the README's copy under that name. */
async function readmeShot(name: string): Promise<void> {
	const folder = process.env.PIKA_README_SHOTS;
	if (folder) await page.screenshot({ path: join(folder, `${name}.png`) });
}

const sim = createSimulator({
	jobDurationMs: 3_000,
	progressAfterMs: 1_000,
	playableVideo: true,
	accounts: [
		{ discord: 'MTE.editor-suite-discord-token.xyz', channel: '1190000000000000021', maxJobs: 5 },
	],
});
// Declared before useN8n: Jest runs afterAll hooks in declaration order, so the browser
// closes before n8n stops.
afterAll(async () => {
	await browser?.close();
});
const fx = useN8n(sim, {
	workflows: (n8n) => examplesFor(n8n.filesDir),
	timeoutMs: 300_000,
});

beforeAll(async () => {
	selectors.setTestIdAttribute(TEST_ID_ATTRIBUTE);
	const runDir = process.env.PIKA_E2E_RUN_DIR ?? fx.n8n.root;
	browser = await launchBrowser(runDir);
	page = browser.pages()[0] ?? (await browser.newPage());
	shots = new StepShots(runDir, `editor-n8n-${fx.n8n.installation.version}`);
	fx.n8n.note(`editor: screenshots in ${shots.dir}`);
}, 300_000);

/** On failure the last screen is in the screenshots folder too. */
afterEach(async () => {
	if (page && !page.isClosed()) await shots.take(page, 'after-test').catch(() => undefined);
});

it('signs in', async () => {
	await signIn(page, fx.n8n.baseUrl);
	await shots.take(page, 'signed-in');
});

/**
 * n8n lists a trigger's events from its field labelled "Trigger On" ("On " + each option, lower
 * case); the app entry shows the trigger's description, so that one says what both nodes do.
 */
const TRIGGER_ENTRY = 'On job completed';
const TRIGGER_EVENTS = [
	'On job cancelled',
	'On job completed',
	'On job failed',
	'On job moderated',
];
const APP_DESCRIPTION = 'Create Pika videos on useapi.net and start workflows when they are ready';

it('"What triggers this workflow?": searching "Pika" finds Pika, with its trigger and its 10 actions', async () => {
	await newWorkflowWithTriggerPicker(page, fx.n8n.baseUrl);
	// The trigger node's own name finds it too.
	expect(await searchPicker(page, 'Pika Trigger')).toContain('Pika');
	expect(await searchPicker(page, 'Pika')).toContain('Pika');
	await shots.take(page, 'trigger-picker-search');
	await pickerItem(page, 'Pika').click();
	const details = page.getByTestId('node-creator');
	await details.getByText(TRIGGER_ENTRY, { exact: true }).waitFor();
	const text = await details.innerText();
	expect(text).toContain(APP_DESCRIPTION);
	expect(text).toMatch(new RegExp(`Triggers \\(4\\)[\\s\\S]*${TRIGGER_EVENTS.join('[\\s\\S]*')}`));
	expect(text).toMatch(/Actions \(10\)/);
	expect(text).not.toContain('On new Pika event');
	await shots.take(page, 'trigger-picker-pika');
	await page.keyboard.press('Escape');
});

it('"What happens next?": searching "Pika" finds Pika with its actions; Create a video opens its panel with the credential', async () => {
	await newWorkflowWithTriggerPicker(page, fx.n8n.baseUrl);
	await searchPicker(page, 'Manual');
	await pickerItem(page, 'Manual Trigger').click();
	await openNextStepPicker(page);
	expect(await searchPicker(page, 'Pika')).toContain('Pika');
	await shots.take(page, 'next-step-search');
	await readmeShot('picker');
	await pickerItem(page, 'Pika').click();
	const actions = (
		await page.getByTestId('node-creator').getByTestId('node-creator-item-name').allInnerTexts()
	).map((a) => a.trim());
	expect(actions).toEqual(
		expect.arrayContaining([
			'Create a video',
			'Get a job',
			'Encrypt text into a video',
			'Get many accounts',
		]),
	);
	await shots.take(page, 'pika-actions');
	await pickerItem(page, 'Create a video').click();
	await page.getByTestId('ndv').waitFor();
	// The only credential of its type is picked for a new node.
	await expect(
		page.getByTestId('node-credentials-select').locator('input').inputValue(),
	).resolves.toBe(CREDENTIAL_REF.name);
	await shots.take(page, 'create-panel');
});

it('Create with Wait for Completion and Download Video: Execute step shows the video in the Binary view', async () => {
	await page.getByTestId('parameter-input-prompt').locator('textarea').fill(PROMPT);
	await addOption(page, 'Wait for Completion');
	await addOption(page, 'Download Video');
	await switchOn(page, 'waitForCompletion');
	await switchOn(page, 'downloadVideo');
	await shots.take(page, 'create-options');
	await readmeShot('create-panel');
	await page.getByTestId('node-execute-button').click();
	await shots.take(page, 'create-executing');
	const output = page.getByTestId('output-panel');
	await output.getByTestId('ndv-binary-data_0').waitFor({ timeout: 90_000 });
	const binary = await output.getByTestId('ndv-binary-data_0').innerText();
	expect(binary).toMatch(/a_cat_surfing_a_wave_at_sunset_seed\d+\.mp4/);
	expect(binary).toContain('video/mp4');
	await shots.take(page, 'create-binary');
	await readmeShot('output-video');
	// "View" plays it: a <video> whose source the browser can decode (the real MP4 of the simulator).
	await output.getByTestId('ndv-view-binary-data').click();
	const video = page.locator('video');
	await video.waitFor();
	// readyState 2 (HAVE_CURRENT_DATA): a frame is decoded; random bytes never get there.
	await page.waitForFunction("(document.querySelector('video')?.readyState ?? 0) >= 2", undefined, {
		timeout: 20_000,
	});
	const size = await video.evaluate((element) => {
		const { videoWidth, videoHeight } = element as unknown as {
			videoWidth: number;
			videoHeight: number;
		};
		return [videoWidth, videoHeight];
	});
	expect(size).toEqual([320, 180]);
	await shots.take(page, 'video-playing');
	await page.keyboard.press('Escape');
});

it('the credential: opening it tests it (passes); a broken token shows the credential’s own error text', async () => {
	// Back to the canvas first, then into the Create panel: closing the video preview closes the
	// panel in n8n 2.41 but can leave it half closed in n8n 1.123.
	const ndv = page.getByTestId('ndv');
	if (await ndv.isVisible()) {
		await page.keyboard.press('Escape');
		await ndv.waitFor({ state: 'hidden', timeout: 10_000 });
	}
	await page.getByTestId('canvas-node').filter({ hasText: 'Create a video' }).dblclick();
	await page.getByTestId('credential-edit-button').click();
	const modal = page.getByTestId('editCredential-modal');
	await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30_000 });
	await shots.take(page, 'credential-tested');
	const token = modal.getByTestId('parameter-input-apiToken').locator('input');
	await token.fill('user:1-not-the-right-token');
	await modal.getByTestId('credential-save-button').click();
	try {
		// A banner, with the reason behind "More details" (n8n 2.41 and 1.123 alike).
		await modal.getByText(/Couldn.t connect with these settings/).waitFor({ timeout: 30_000 });
		await modal.getByText('More details', { exact: true }).click();
		await page
			.getByText(unauthorizedText(fx.n8n.installation.version))
			.first()
			.waitFor({ timeout: 30_000 });
		await shots.take(page, 'credential-broken');
	} finally {
		// The right token back, whatever happened, so the steps after this one have a working credential.
		await token.fill(sim.token);
		await modal.getByTestId('credential-save-button').click();
	}
	await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30_000 });
	await page.keyboard.press('Escape');
});

it('Pika Trigger from the picker: Test this trigger, a job finishes in the simulator, the item arrives', async () => {
	await newWorkflowWithTriggerPicker(page, fx.n8n.baseUrl);
	await searchPicker(page, 'Pika');
	await pickerItem(page, 'Pika').click();
	await page.getByTestId('node-creator').getByText(TRIGGER_ENTRY, { exact: true }).click();
	await page.getByTestId('ndv').waitFor();
	await expect(page.getByTestId('node-title-container').innerText()).resolves.toContain(
		'Pika Trigger',
	);
	await shots.take(page, 'trigger-panel');
	const registrations = () =>
		sim.requests.filter((r) => r.method === 'POST' && r.path === '/v2/account').length;
	const before = registrations();
	// n8n 2.x: "Test this trigger" in the output panel; n8n 1.123: the panel's "Execute step"
	// (which listens for the test event, as older 1.x's "Listen for test event" did).
	const ndv = page.getByTestId('ndv');
	await ndv
		.getByRole('button', { name: 'Test this trigger', exact: true })
		.or(ndv.getByRole('button', { name: 'Listen for test event', exact: true }))
		.or(ndv.getByTestId('node-execute-button'))
		.first()
		.click();
	await sim.waitFor(() => (registrations() > before ? true : undefined), 30_000);
	await shots.take(page, 'trigger-listening');
	const jobid = await submitCreate(sim, 'a fox in the snow');
	sim.completeJob(jobid);
	const output = page.getByTestId('output-panel');
	await output.getByText(jobid).first().waitFor({ timeout: 60_000 });
	await shots.take(page, 'trigger-item');
	await page.keyboard.press('Escape');
});

const manualExamples = EXAMPLES.filter(({ workflow }) =>
	workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger'),
);

it.each(manualExamples.map(({ file, workflow }) => [file, workflow.id, workflow.name]))(
	'example %s, as imported, runs with "Execute workflow"',
	async (file, id) => {
		const filesBefore = existsSync(fx.n8n.filesDir) ? readdirSync(fx.n8n.filesDir).length : 0;
		await page.goto(`${fx.n8n.baseUrl}/workflow/${id}`);
		await page.getByTestId('execute-workflow-button').click();
		await page.getByText('Workflow executed successfully').waitFor({ timeout: 120_000 });
		await shots.take(page, `example-${file.replace(/\.json$/, '')}`);
		expect(await page.locator('[data-test-id="canvas-node-status-error"]').count()).toBe(0);
		if (file === 'create-wait-download.json')
			expect(readdirSync(fx.n8n.filesDir).length).toBe(filesBefore + 1);
	},
);

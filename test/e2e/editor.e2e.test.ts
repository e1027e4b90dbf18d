/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * The user's own path through n8n's editor, in a real headless Chromium: find Pika in both node
 * pickers and read what they say about it; add Pika → Create from the picker and read the
 * prompt's limit at the field; switch on Wait for Completion and Download Video, Execute step,
 * see the video in the Binary view; test and break the credential; add the Pika Trigger, read
 * its notice, Test this trigger, finish a job in the simulator and see the item arrive.
 * The examples run in editor.examples.e2e.test.ts. Every step leaves a screenshot (see
 * useEditor); PIKA_README_SHOTS=<folder> also writes the README's screenshots there.
 */
import {
	addOption,
	editorSimulator,
	executeStepForBinary,
	newWorkflowWithTriggerPicker,
	openNextStepPicker,
	parameterRow,
	pickerItem,
	pickerText,
	searchPicker,
	switchOn,
	unfoldPickerSection,
	viewVideo,
} from '../../tools/n8n-server/editor';
import { examplesFor } from '../../tools/n8n-server/examples';
import { submitCreate } from '../../tools/n8n-server/simJobs';
import { CREDENTIAL_REF } from '../../tools/n8n-server/workflows';

import { useEditor } from './setup';

const PROMPT = 'A cat surfing a wave at sunset';
/**
 * What the credential test shows for a wrong token: n8n 2.x shows the credential's own message
 * for a 401 (credentials/UseApiPikaApi.credentials.ts); n8n 1.x its generic text.
 */
const unauthorizedText = (n8nVersion: string) =>
	n8nVersion.startsWith('1.')
		? 'Authorization failed - please check your credentials'
		: 'Unauthorized: useapi.net rejected the API token';

/**
 * n8n joins a package's node and trigger in one picker entry, "Pika", which shows the trigger's
 * description: that one says what both nodes do. n8n lists the trigger's events from its field
 * labelled "Trigger On" ("On " + each option, lower case).
 */
const APP_DESCRIPTION = 'Create Pika videos on useapi.net and start workflows when they are ready';
const TRIGGER_EVENTS = [
	'On job cancelled',
	'On job completed',
	'On job failed',
	'On job moderated',
];
/** A few of the ten actions, from both resources. */
const SOME_ACTIONS = [
	'Create a video',
	'Get a job',
	'Encrypt text into a video',
	'Get many accounts',
];
/** What n8n shows for a trigger without a "Trigger On" field, and the trigger's old description. */
const NOT_SHOWN = ['On new Pika event', 'Starts the workflow when a Pika job'];
/**
 * The picker's list shows the entry's description under its name on n8n 2.x; n8n 1.x lists a
 * community package by its name only (the description is in the entry's details).
 */
const listShowsDescription = (n8nVersion: string) => !n8nVersion.startsWith('1.');
const PROMPT_HINT = 'At most 1500 characters';
const NOTICE_LINK = { text: 'How it works', href: /\/docs\/pika-trigger\.md$/ };

const sim = editorSimulator({
	discord: 'MTE.editor-suite-discord-token.xyz',
	channel: '1190000000000000021',
});
const fx = useEditor(
	sim,
	{ workflows: (n8n) => examplesFor(n8n.filesDir), timeoutMs: 300_000 },
	'editor',
);

/** The picker's list after a search: the Pika entry, described where n8n describes it. */
function expectSearchList(text: string): void {
	if (listShowsDescription(fx.n8n.installation.version)) expect(text).toContain(APP_DESCRIPTION);
	else expect(text).toMatch(/^Pika$/m);
	for (const old of NOT_SHOWN) expect(text).not.toContain(old);
}

/** The picker entry's details name the package, both node kinds, and nothing of before. */
function expectEntryDetails(text: string): void {
	expect(text).toContain(APP_DESCRIPTION);
	expect(text).toMatch(/Triggers \(4\)/);
	expect(text).toMatch(/Actions \(10\)/);
	for (const event of TRIGGER_EVENTS) expect(text).toContain(event);
	for (const action of SOME_ACTIONS) expect(text).toContain(action);
	for (const old of NOT_SHOWN) expect(text).not.toContain(old);
}

it('"What triggers this workflow?": the Pika entry says what the package does; its details list the 4 trigger events and, unfolded, the 10 actions', async () => {
	const { page } = fx;
	await newWorkflowWithTriggerPicker(page, fx.n8n.baseUrl);
	// The trigger node's own name finds it too.
	expect(await searchPicker(page, 'Pika Trigger')).toContain('Pika');
	expect(await searchPicker(page, 'Pika')).toContain('Pika');
	expectSearchList(await pickerText(page));
	await fx.shot('trigger-picker-search');
	await pickerItem(page, 'Pika').click();
	await page.getByTestId('node-creator').getByText(TRIGGER_EVENTS[1], { exact: true }).waitFor();
	// The actions are folded here (a trigger is what this panel is for); unfolded, they are listed.
	await unfoldPickerSection(page, /^Actions \(10\)$/);
	await page.getByTestId('node-creator').getByText(SOME_ACTIONS[0], { exact: true }).waitFor();
	const text = await pickerText(page);
	expect(text).toMatch(new RegExp(`Triggers \\(4\\)\\s+${TRIGGER_EVENTS.join('\\s+')}`));
	expectEntryDetails(text);
	await fx.shot('trigger-picker-pika');
	await page.keyboard.press('Escape');
});

it('"What happens next?": the Pika entry says what the package does; its details list the 10 actions and, unfolded, the 4 trigger events; Create a video opens with the credential', async () => {
	const { page } = fx;
	await newWorkflowWithTriggerPicker(page, fx.n8n.baseUrl);
	await searchPicker(page, 'Manual');
	await pickerItem(page, 'Manual Trigger').click();
	await openNextStepPicker(page);
	expect(await searchPicker(page, 'Pika')).toContain('Pika');
	expectSearchList(await pickerText(page));
	await fx.shot('next-step-search', 'picker');
	await pickerItem(page, 'Pika').click();
	await page.getByTestId('node-creator').getByText(SOME_ACTIONS[0], { exact: true }).waitFor();
	const actions = (
		await page.getByTestId('node-creator').getByTestId('node-creator-item-name').allInnerTexts()
	).map((a) => a.trim());
	expect(actions).toEqual(expect.arrayContaining(SOME_ACTIONS));
	await unfoldPickerSection(page, /^Triggers \(4\)$/);
	await page.getByTestId('node-creator').getByText(TRIGGER_EVENTS[1], { exact: true }).waitFor();
	expectEntryDetails(await pickerText(page));
	await fx.shot('next-step-pika');
	await pickerItem(page, 'Create a video').click();
	await page.getByTestId('ndv').waitFor();
	// The only credential of its type is picked for a new node.
	await expect(
		page.getByTestId('node-credentials-select').locator('input').inputValue(),
	).resolves.toBe(CREDENTIAL_REF.name);
});

it('the Create panel shows the prompt’s limit under the field, before anything runs', async () => {
	const prompt = parameterRow(fx.page, 'prompt');
	await prompt.getByText(PROMPT_HINT, { exact: true }).waitFor();
	expect(await prompt.getByText(PROMPT_HINT, { exact: true }).isVisible()).toBe(true);
});

it('Create with Wait for Completion and Download Video: Execute step shows the video in the Binary view', async () => {
	const { page } = fx;
	await page.getByTestId('parameter-input-prompt').locator('textarea').fill(PROMPT);
	await addOption(page, 'Wait for Completion');
	await addOption(page, 'Download Video');
	await switchOn(page, 'waitForCompletion');
	await switchOn(page, 'downloadVideo');
	await fx.shot('create-options', 'create-panel');
	const binary = await executeStepForBinary(page);
	expect(binary).toMatch(/a_cat_surfing_a_wave_at_sunset_seed\d+\.mp4/);
	expect(binary).toContain('video/mp4');
	await fx.shot('create-binary', 'output-video');
	// "View" plays it: a <video> whose source the browser can decode (the real MP4 of the simulator).
	expect(await viewVideo(page)).toEqual([320, 180]);
	await fx.shot('video-playing');
	await page.keyboard.press('Escape');
});

it('the credential: opening it tests it (passes); a broken token shows the credential’s own error text', async () => {
	const { page } = fx;
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
	await fx.shot('credential-tested');
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
		await fx.shot('credential-broken');
	} finally {
		// The right token back, whatever happened, so the steps after this one have a working credential.
		await token.fill(sim.token);
		await modal.getByTestId('credential-save-button').click();
	}
	await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30_000 });
	await page.keyboard.press('Escape');
});

it('the Pika Trigger panel, added from the picker, opens with a notice of at most two sentences and a "How it works" link to the docs', async () => {
	const { page } = fx;
	await newWorkflowWithTriggerPicker(page, fx.n8n.baseUrl);
	await searchPicker(page, 'Pika');
	await pickerItem(page, 'Pika').click();
	await page.getByTestId('node-creator').getByText(TRIGGER_EVENTS[1], { exact: true }).click();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	await expect(page.getByTestId('node-title-container').innerText()).resolves.toContain(
		'Pika Trigger',
	);
	const notice = ndv.locator('.notice');
	await expect(notice.count()).resolves.toBe(1);
	const link = notice.getByRole('link', { name: NOTICE_LINK.text, exact: true });
	expect(await link.getAttribute('href')).toMatch(NOTICE_LINK.href);
	const shown = (await notice.innerText()).trim();
	expect(shown.endsWith(NOTICE_LINK.text)).toBe(true);
	const text = shown.slice(0, -NOTICE_LINK.text.length).trim();
	// Sentences end with ".", "!" or "?" and a space or the end ("1.x" and "useapi.net" do not).
	const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 0);
	expect(sentences.length).toBeGreaterThan(0);
	expect(sentences.length).toBeLessThanOrEqual(2);
	expect(sentences.every((s) => /[.!?]$/.test(s))).toBe(true);
	const box = await notice.boundingBox();
	const lineHeight = await notice.evaluate((element) => {
		const view = globalThis as unknown as {
			getComputedStyle(e: unknown): { lineHeight: string };
		};
		return parseFloat(view.getComputedStyle(element).lineHeight);
	});
	fx.n8n.note(
		`editor: the trigger notice shows ${sentences.length} sentences and the link in about ${Math.round((box?.height ?? 0) / lineHeight)} lines of the panel`,
	);
	await fx.shot('trigger-panel');
});

it('Pika Trigger: Test this trigger, a job finishes in the simulator, the item arrives', async () => {
	const { page } = fx;
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
	await fx.shot('trigger-listening');
	const jobid = await submitCreate(sim, 'a fox in the snow');
	sim.completeJob(jobid);
	const output = page.getByTestId('output-panel');
	await output.getByText(jobid).first().waitFor({ timeout: 60_000 });
	await fx.shot('trigger-item');
	await page.keyboard.press('Escape');
});

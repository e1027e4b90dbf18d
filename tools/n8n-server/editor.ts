/**
 * What a user does in n8n's editor, as Playwright steps: sign in, open the node picker and search
 * it, add a node from it, set parameters in the node's panel. Selectors are n8n's own
 * data-test-id attributes and the visible words, the same in n8n 2.41 and 1.123 where they agree.
 * And the simulator the browser suites drive through the editor.
 */
import type { Locator, Page } from 'playwright-core';

import { createSimulator, type AccountConfig, type PikaSimulator } from '../simulator';
import { OWNER } from './n8nInstance';

/**
 * The simulator of the browser suites: jobs that finish while the user watches (3 s, progress
 * after 1 s), with a video the browser plays, on one account that runs five jobs at a time.
 */
export function editorSimulator(account: Omit<AccountConfig, 'maxJobs'>): PikaSimulator {
	return createSimulator({
		jobDurationMs: 3_000,
		progressAfterMs: 1_000,
		playableVideo: true,
		accounts: [{ ...account, maxJobs: 5 }],
	});
}

export async function signIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	// n8n 2.x names the field for email or LDAP login; 1.x calls it "email".
	const email = page.getByTestId('emailOrLdapLoginId').or(page.getByTestId('email'));
	await email.locator('input').fill(OWNER.email);
	await page.getByTestId('password').locator('input').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** A new, empty workflow; the picker "What triggers this workflow?" is open. */
export async function newWorkflowWithTriggerPicker(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator').waitFor();
}

/**
 * Types into the open node picker's search and returns the names it lists once the results
 * are in (the list shows the categories until the search has applied).
 */
export async function searchPicker(page: Page, text: string): Promise<string[]> {
	await page.getByTestId('node-creator-search-bar').fill(text);
	const names = page.getByTestId('node-creator').getByTestId('node-creator-item-name');
	const wanted = text.toLowerCase();
	const deadline = Date.now() + 15_000;
	for (;;) {
		const listed = (await names.allInnerTexts()).map((name) => name.trim());
		if (listed.some((name) => name.toLowerCase().includes(wanted)) || Date.now() > deadline)
			return listed;
		await page.waitForTimeout(200);
	}
}

/** The picker entry with exactly this name. */
export function pickerItem(page: Page, name: string): Locator {
	return page
		.getByTestId('node-creator')
		.getByTestId('node-creator-item-name')
		.getByText(name, { exact: true });
}

/** Opens "What happens next?" from the output handle of the last node on the canvas. */
export async function openNextStepPicker(page: Page): Promise<void> {
	await page.getByTestId('canvas-handle-plus').last().click();
	await page.getByTestId('node-creator').waitFor();
}

/** Adds an entry of the Options collection ("Add option" → name). */
export async function addOption(page: Page, name: string): Promise<void> {
	// n8n 2.x: a button with a test id; n8n 1.x: a select whose placeholder is "Add option".
	const ndv = page.getByTestId('ndv');
	await ndv
		.getByTestId('collection-parameter-add')
		.or(ndv.getByPlaceholder('Add option'))
		.or(ndv.getByText('Add option', { exact: true }))
		.first()
		.click();
	await page.getByRole('option', { name, exact: true }).click();
}

/** Switches a boolean parameter of the open node panel on. */
export async function switchOn(page: Page, parameter: string): Promise<void> {
	const input = page.getByTestId(`parameter-input-${parameter}`);
	await input.locator('.el-switch').click();
	await input.locator('.el-switch.is-checked').waitFor();
}

/** The text of the open picker (its list, or the details of the entry clicked). */
export async function pickerText(page: Page): Promise<string> {
	return await page.getByTestId('node-creator').innerText();
}

/** Unfolds a section of the picker's entry details ("Actions (10)", "Triggers (4)"). */
export async function unfoldPickerSection(page: Page, heading: RegExp): Promise<void> {
	await page.getByTestId('node-creator').getByText(heading).first().click();
}

/**
 * The row of a parameter in the open node panel: its label, its input and what n8n shows
 * under it (the hint).
 */
export function parameterRow(page: Page, parameter: string): Locator {
	return page
		.getByTestId('ndv')
		.getByTestId('parameter-item')
		.filter({ has: page.getByTestId(`parameter-input-${parameter}`) });
}

/** Opens a saved workflow on the canvas. */
export async function openWorkflow(page: Page, baseUrl: string, id: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${id}`);
	await page.getByTestId('canvas-node').first().waitFor({ timeout: 30_000 });
}

/** "Execute workflow" on the canvas; resolves once n8n reports the run a success. */
export async function executeWorkflow(page: Page, timeoutMs = 120_000): Promise<void> {
	await page.getByTestId('execute-workflow-button').click();
	await page.getByText('Workflow executed successfully').waitFor({ timeout: timeoutMs });
}

/**
 * Publishes the open workflow: n8n 2.x's "Publish" (a dialog with its own Publish button);
 * n8n 1.x's "Inactive" switch. Resolves once the header says so ("Published" / "Active").
 */
export async function publishWorkflow(page: Page): Promise<void> {
	const openDialog = page.getByTestId('workflow-open-publish-modal-button');
	if ((await openDialog.count()) > 0) {
		await openDialog.click();
		await page.getByTestId('workflow-publish-button').click();
	} else {
		await page.getByTestId('workflow-activate-switch').click();
	}
	await page
		.getByText(/^(Published|Active)$/)
		.first()
		.waitFor({ timeout: 30_000 });
}

/** Opens the workflow's chat ("Open chat") and sends a message as the user. */
export async function sendChatMessage(page: Page, text: string): Promise<Locator> {
	await page.getByTestId('workflow-chat-button').click();
	const chat = page.getByTestId('canvas-chat');
	const input = chat.locator('textarea').first();
	await input.fill(text);
	await input.press('Enter');
	return chat;
}

/**
 * "Execute step" in the open node panel; resolves with what the output panel's Binary view
 * shows of the first item's file (its name, type and size) once the run has put it there.
 */
export async function executeStepForBinary(page: Page, timeoutMs = 90_000): Promise<string> {
	await page.getByTestId('node-execute-button').click();
	const binary = page.getByTestId('output-panel').getByTestId('ndv-binary-data_0');
	await binary.waitFor({ timeout: timeoutMs });
	return await binary.innerText();
}

/**
 * "View" of the output panel's first file: resolves with the width and height of the <video>
 * once a frame is decoded (readyState 2, HAVE_CURRENT_DATA: random bytes never get there).
 */
export async function viewVideo(page: Page): Promise<[number, number]> {
	await page.getByTestId('output-panel').getByTestId('ndv-view-binary-data').click();
	const video = page.locator('video');
	await video.waitFor();
	await page.waitForFunction("(document.querySelector('video')?.readyState ?? 0) >= 2", undefined, {
		timeout: 20_000,
	});
	return await video.evaluate((element) => {
		const { videoWidth, videoHeight } = element as unknown as {
			videoWidth: number;
			videoHeight: number;
		};
		return [videoWidth, videoHeight] as [number, number];
	});
}

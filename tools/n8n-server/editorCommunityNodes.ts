/**
 * The editor's *Settings → Community nodes* page as a user works it: open it from the settings
 * menu, *Install* a package (name, risk box, Install), read its card (name, nodes, version),
 * *Update* it with the confirm dialog. The words and data-test-id attributes are n8n's own, the
 * same in n8n 2.41 and 1.123. Kept apart from editor.ts, which is about workflows and nodes.
 */
import type { Locator, Page } from 'playwright-core';

/** n8n installs from the registry and loads the nodes while the dialog waits (npm runs). */
const NPM_TIMEOUT_MS = 180_000;

/** The page's install button: the empty page's, or the header's once a package is there. */
const installButton = (page: Page): Locator =>
	page
		.getByRole('button', { name: 'Install a community node', exact: true })
		.or(page.getByRole('button', { name: 'Install', exact: true }))
		.first();

/**
 * Opens the settings (n8n's `/settings` page) and clicks *Community nodes* in its menu; resolves
 * once the page has listed the installed packages: n8n shows an install button only then (while
 * it asks npm which updates exist, it shows skeleton cards).
 */
export async function openCommunityNodes(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/settings`);
	// The menu entry's test id is the same in n8n 2.41 and 1.123.
	await page.getByTestId('settings-community-nodes').click();
	await page.waitForURL(/\/settings\/community-nodes$/);
	await installButton(page).waitFor({ timeout: NPM_TIMEOUT_MS });
}

/** The package name field, found by its placeholder (its test id sits on different elements). */
const nameInput = (dialog: Locator): Locator => dialog.getByPlaceholder('e.g. n8n-nodes-chatwork');

/** The install dialog ("Install community nodes"), opened with the page's install button. */
export async function openInstallDialog(page: Page): Promise<Locator> {
	await installButton(page).click();
	const dialog = page.getByRole('dialog').filter({ hasText: 'Install community nodes' });
	await nameInput(dialog).waitFor();
	return dialog;
}

/**
 * Types the package name and ticks "I understand the risks…" in the open install dialog;
 * resolves once the dialog's *Install* can be clicked (n8n enables it only then).
 */
export async function fillInstallDialog(dialog: Locator, packageName: string): Promise<void> {
	await nameInput(dialog).fill(packageName);
	await dialog.getByText('I understand the risks of installing unverified code').click();
	const install = dialog.getByTestId('install-community-package-button');
	for (const deadline = Date.now() + 10_000; !(await install.isEnabled()); ) {
		if (Date.now() > deadline) throw new Error('Install stays disabled after the risk box');
		await dialog.page().waitForTimeout(100);
	}
}

/** Clicks the dialog's *Install*; resolves once the dialog has closed (n8n has installed it). */
export async function confirmInstall(dialog: Locator): Promise<void> {
	await dialog.getByTestId('install-community-package-button').click();
	await dialog.waitFor({ state: 'hidden', timeout: NPM_TIMEOUT_MS });
}

/** The card of an installed package on the page. */
export function packageCard(page: Page, packageName: string): Locator {
	return page.getByTestId('community-package-card').filter({ hasText: packageName });
}

/** Waits until the card shows that version (" v0.1.0" next to the controls). */
export async function waitForCardVersion(card: Locator, version: string): Promise<void> {
	await card.getByText(`v${version}`, { exact: true }).waitFor({ timeout: NPM_TIMEOUT_MS });
}

/**
 * The card's *Update* (shown when npm reports a newer version); resolves to the confirm dialog
 * ("Update node package"), which lists the workflows that use the package's nodes.
 */
export async function openUpdateDialog(page: Page, card: Locator): Promise<Locator> {
	await card.getByRole('button', { name: 'Update', exact: true }).click();
	const dialog = page.getByRole('dialog').filter({ hasText: 'Update node package' });
	await dialog.waitFor();
	return dialog;
}

/** *Confirm update* in the confirm dialog; resolves once n8n has updated and the dialog closed. */
export async function confirmUpdate(dialog: Locator): Promise<void> {
	await dialog.getByRole('button', { name: 'Confirm update', exact: true }).click();
	await dialog.waitFor({ state: 'hidden', timeout: NPM_TIMEOUT_MS });
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-side code runs under plain Node, never inside n8n */
/**
 * A headless Chromium for the editor suite: the one the devDependency @sparticuz/chromium ships
 * (brotli archives inside node_modules, so a plain `npm install` brings it, install scripts off),
 * unpacked once into the cache folder next to the n8n installs and driven with playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { REPO_ROOT } from './installation';

/** n8n's editor marks its elements with data-test-id. */
export const TEST_ID_ATTRIBUTE = 'data-test-id';

/** The window a new user had (the README screenshots' size too). */
export const VIEWPORT = { width: 1440, height: 900 };

// The closed network refuses Chromium's background connections; without these flags it waits on
// them. This build has no font IPC between processes (a renderer drawing text aborts with
// "SkFontMgr_FontConfigInterface: Not implemented"), so everything runs in one process, as
// @sparticuz/chromium's own flags do.
const FLAGS = [
	'--headless=shell',
	'--single-process',
	'--no-zygote',
	'--font-render-hinting=none',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function chromiumVersion(): string {
	const manifest = join(REPO_ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json');
	return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * Unpacks the bundled Chromium (about 10 s, once per version) and returns its folder. The
 * package is ESM and unpacks into os.tmpdir(): a child Node with TMPDIR set to the cache does it.
 */
export function unpackChromium(): string {
	const cache =
		process.env.PIKA_CACHE_DIR ??
		join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-useapi-pika');
	const dir = join(cache, `chromium-${chromiumVersion()}`);
	if (existsSync(join(dir, 'chromium'))) return dir;
	mkdirSync(dir, { recursive: true });
	execFileSync(
		process.execPath,
		['--input-type=module', '-e', "import c from '@sparticuz/chromium'; await c.executablePath();"],
		{ cwd: REPO_ROOT, env: { ...process.env, TMPDIR: dir }, stdio: 'pipe', timeout: 120_000 },
	);
	if (!existsSync(join(dir, 'chromium'))) throw new Error(`Chromium did not unpack into ${dir}`);
	return dir;
}

/**
 * The package's fonts.conf looks in /tmp/fonts (AWS Lambda's layout); without a font Chromium
 * aborts on the first text it draws. This one names the unpacked Open Sans and the system fonts.
 */
function fontConfig(dir: string): string {
	const file = join(dir, 'fonts-pika.conf');
	writeFileSync(
		file,
		[
			'<?xml version="1.0"?>',
			'<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
			'<fontconfig>',
			`  <dir>${join(dir, 'fonts', 'fonts')}</dir>`,
			'  <dir>/usr/share/fonts</dir>',
			`  <cachedir>${join(dir, 'fonts-cache')}</cachedir>`,
			'</fontconfig>',
			'',
		].join('\n'),
	);
	return file;
}

/**
 * Launches headless Chromium with a new empty profile inside `runDir` (a persistent context is
 * how Playwright takes a profile folder), at the viewport a new user had.
 */
export async function launchBrowser(runDir: string): Promise<BrowserContext> {
	const dir = unpackChromium();
	const profile = mkdtempSync(join(runDir, 'chromium-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: join(dir, 'chromium'),
		headless: true,
		args: FLAGS,
		viewport: VIEWPORT,
		env: { ...process.env, FONTCONFIG_FILE: fontConfig(dir), HOME: profile },
		timeout: 60_000,
	});
	context.setDefaultTimeout(20_000);
	return context;
}

/** Screenshots of every step go to `<run folder>/screenshots/<NN>-<name>.png`. */
export class StepShots {
	private count = 0;
	readonly dir: string;
	constructor(runDir: string, label: string) {
		this.dir = join(runDir, 'screenshots', label);
		mkdirSync(this.dir, { recursive: true });
	}
	async take(page: Page, name: string): Promise<string> {
		const file = join(this.dir, `${String(++this.count).padStart(2, '0')}-${name}.png`);
		await page.screenshot({ path: file });
		return file;
	}
}

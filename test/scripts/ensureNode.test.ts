/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * scripts/ensure-node.sh, the one way npm test, the e2e harness, the demo and the benchmarks get
 * Node 22/24. The registry's `node` package creates bin/node in its install script, and `npm test`
 * runs everything with npm_config_ignore_scripts=true inherited from the project's .npmrc: these
 * tests run the script that way, in an empty cache folder, as on a fresh machine.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'ensure-node.sh');
const TMP = process.env.PIKA_TEST_TMP ?? '/tmp';

async function ensureNode(major: string, cacheDir: string) {
	return await run('bash', [SCRIPT, major], {
		env: { ...process.env, PIKA_CACHE_DIR: cacheDir, npm_config_ignore_scripts: 'true' },
		timeout: 240_000,
	});
}

describe('scripts/ensure-node.sh', () => {
	let cacheDir: string;
	beforeEach(() => {
		cacheDir = mkdtempSync(join(TMP, 'ensure-node-'));
	});
	afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

	it('installs a working Node 24 into an empty cache with install scripts off around it', async () => {
		const { stdout } = await ensureNode('24', cacheDir);
		const bin = stdout.trim();
		expect(bin).toBe(join(cacheDir, 'node24', 'node_modules', 'node', 'bin'));
		const { stdout: version } = await run(join(bin, 'node'), ['--version']);
		expect(version.trim()).toMatch(/^v24\./);
	}, 300_000);

	it('fails, printing no folder, when the cached node is another major and cannot be replaced', async () => {
		// A stale install whose bin/node is a script answering "v20": the script must reinstall
		// or fail, never hand back a folder whose node is not 24. Make reinstalling impossible
		// with a package.json npm cannot parse.
		const bin = join(cacheDir, 'node24', 'node_modules', 'node', 'bin');
		mkdirSync(bin, { recursive: true });
		writeFileSync(join(bin, 'node'), '#!/bin/sh\necho v20.0.0\n', { mode: 0o755 });
		writeFileSync(join(cacheDir, 'node24', 'package.json'), '{ not json');
		const failure = await ensureNode('24', cacheDir).then(
			() => undefined,
			(error: { code: number; stdout: string; stderr: string }) => error,
		);
		expect(failure).toBeDefined();
		expect(failure?.code).not.toBe(0);
		expect(failure?.stdout).toBe('');
		expect(failure?.stderr).toContain('could not install Node.js 24');
		expect(existsSync(join(bin, 'node'))).toBe(true);
	}, 120_000);

	it('refuses a major that is not a number', async () => {
		await expect(ensureNode('latest', cacheDir)).rejects.toMatchObject({
			code: 2,
			stderr: expect.stringContaining('MAJOR must be a number'),
		});
	});
});

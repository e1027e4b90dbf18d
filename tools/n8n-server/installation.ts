/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-side code runs under plain Node, never inside n8n */
/**
 * Where the real n8n lives (installed by tools/n8n-server/install-n8n.sh), and the shortcut that
 * unpacks this package into an n8n user folder without a registry: exactly the steps n8n 2.41's
 * CommunityPackagesService.downloadPackage takes for Settings → Community Nodes → Install, with
 * our `npm pack` tarball in place of the one it would fetch. Tests that are about the package's
 * nodes use it (one n8n start, no registry); how users install it, from a registry by n8n's own
 * installer, is tested with tools/registry/localRegistry.ts.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-useapi-pika';

export interface N8nInstallation {
	/** Folder holding node_modules/n8n. */
	dir: string;
	/** The Node binary n8n runs on (24 for n8n 2.x). */
	node: string;
	/** n8n's CLI script. */
	bin: string;
	version: string;
}

/** The project cache (PIKA_CACHE_DIR): the installs of install-n8n.sh and install-registry.sh. */
export function cacheRoot(): string {
	if (process.env.PIKA_CACHE_DIR) return process.env.PIKA_CACHE_DIR;
	return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), PACKAGE_NAME);
}

/** The installed n8n of a harness folder (default `n8n`); throws with the fix when missing. */
export function findInstallation(harness = process.env.PIKA_E2E_HARNESS ?? 'n8n'): N8nInstallation {
	const dir = process.env.PIKA_E2E_N8N_DIR ?? join(cacheRoot(), `e2e-${harness}`);
	const nodePathFile = join(dir, 'node-path');
	const bin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(join(dir, '.installed')) || !existsSync(nodePathFile) || !existsSync(bin)) {
		throw new Error(
			`no n8n installed in ${dir}: run tools/n8n-server/install-n8n.sh ${harness} first`,
		);
	}
	const node = readFileSync(nodePathFile, 'utf8').trim();
	assertNodeMajor(node, harness);
	const { version } = JSON.parse(
		readFileSync(join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	) as {
		version: string;
	};
	return { dir, node, bin, version };
}

/** Fails unless `node` is the Node major the harness's package.json names in `engines.node`. */
function assertNodeMajor(node: string, harness: string): void {
	const manifest = JSON.parse(
		readFileSync(
			join(REPO_ROOT, 'tools', 'n8n-server', 'installs', harness, 'package.json'),
			'utf8',
		),
	) as { engines: { node: string } };
	const wanted = /\d+/.exec(manifest.engines.node)?.[0];
	const actual = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
	if (actual.replace(/^v/, '').split('.')[0] !== wanted) {
		throw new Error(`${harness}: n8n must run on Node ${wanted}, but ${node} is ${actual}`);
	}
}

/** `<package>.<node name>` of every node package.json declares, read from the built files. */
export function declaredNodeTypes(): string[] {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	return manifest.n8n.nodes.map((file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built node, as n8n loads it
		const moduleExports = require(join(REPO_ROOT, file)) as Record<
			string,
			new () => { description: { name: string } }
		>;
		const [NodeClass] = Object.values(moduleExports);
		return `${PACKAGE_NAME}.${new NodeClass().description.name}`;
	});
}

/** The packed package of this e2e run (made by the global setup). */
export function e2eTarball(): string {
	const tarball = process.env.PIKA_E2E_TARBALL;
	if (!tarball) throw new Error('PIKA_E2E_TARBALL is not set: run through test/e2e/jest.config.js');
	return tarball;
}

/** `npm pack` of the built package into `destDir`; returns the tarball path. */
export async function packPackage(destDir: string): Promise<string> {
	if (!existsSync(join(REPO_ROOT, 'dist', 'nodes', 'Pika', 'Pika.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
	}
	mkdirSync(destDir, { recursive: true });
	const { stdout } = await run(
		'npm',
		['pack', '--pack-destination', destDir, '--ignore-scripts', '--json'],
		{
			cwd: REPO_ROOT,
			timeout: 120_000,
		},
	);
	const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
	return join(destDir, filename);
}

/**
 * Unpacks the tarball into `<userFolder>/.n8n/nodes` the way n8n's installer does: into
 * node_modules/<name>, drop dev/peer/optional dependencies from its package.json, `npm install`
 * its runtime dependencies with n8n's flags, and record it in nodes/package.json. n8n keeps no
 * record of it in its database (it loads what the folder holds).
 */
export async function unpackIntoUserFolder(tarball: string, userFolder: string): Promise<string> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	// A kept user folder (the demo's) gets the new build without files of the old one.
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
		timeout: 60_000,
	});
	const packageJsonPath = join(packageDir, 'package.json');
	const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete packageJson[key];
	writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, timeout: 120_000 },
	);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { [PACKAGE_NAME]: packageJson.version },
			},
			null,
			2,
		),
	);
	return packageDir;
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-side code runs under plain Node, never inside n8n */
/**
 * What users and n8n's verification get: the package.json contract of a verifiable community
 * package, and the files `npm pack` would publish (run after `npm run build`, as npm test does).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	license: string;
	keywords: string[];
	files: string[];
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	overrides?: unknown;
	n8n: { n8nNodesApiVersion: number; strict: boolean; nodes: string[]; credentials: string[] };
};

describe('package.json', () => {
	it('is a verifiable n8n community package', () => {
		expect(pkg.name).toBe('n8n-nodes-useapi-pika');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	});

	it('has no runtime dependencies, n8n-workflow as its only peer, and no overrides', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.overrides).toBeUndefined();
	});

	it('lists both nodes and the credential from dist/', () => {
		expect(pkg.n8n.nodes).toEqual([
			'dist/nodes/Pika/Pika.node.js',
			'dist/nodes/PikaTrigger/PikaTrigger.node.js',
		]);
		expect(pkg.n8n.credentials).toEqual(['dist/credentials/UseApiPikaApi.credentials.js']);
	});
});

describe('npm pack', () => {
	const packed = (): string[] => {
		if (!existsSync(join(ROOT, 'dist', 'nodes', 'Pika', 'Pika.node.js'))) {
			throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
		}
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		const [report] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
		return report.files.map((file) => file.path);
	};
	let files: string[];
	beforeAll(() => {
		files = packed();
	});

	it('contains every node and credential listed in package.json, with their icons and codex', () => {
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(entry);
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/Pika/Pika.node.json',
				'dist/nodes/PikaTrigger/PikaTrigger.node.json',
				'dist/icons/pika.svg',
				'dist/icons/pika.dark.svg',
				'index.js',
				'README.md',
				'LICENSE',
				'package.json',
			]),
		);
	});

	it('contains no build leftovers: no source maps (their sources are not shipped), no tsbuildinfo, no type declarations', () => {
		// n8n's scanner lints the tarball's .ts files too, and rejects dist/credentials/*.credentials.d.ts by its name.
		expect(files.filter((path) => /\.map$|\.tsbuildinfo$|\.d\.ts$/.test(path))).toEqual([]);
		// The README's screenshots are for the repository page; n8n never loads them.
		expect(files.filter((path) => path.startsWith('dist/docs/'))).toEqual([]);
	});

	it('contains no test, simulator, benchmark or example files', () => {
		const unwanted = files.filter((path) =>
			/(^|\/)(test|bench|examples|simulator)(\/|$)|\.test\.|\.spec\./.test(path),
		);
		expect(unwanted).toEqual([]);
	});

	it('every icon a built node or credential names is in the package', () => {
		const named: string[] = [];
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built module, as n8n loads it
			const module = require(join(ROOT, entry)) as Record<
				string,
				new () => { icon?: unknown; description?: { icon?: unknown } }
			>;
			const instance = new (Object.values(module)[0])();
			const icon = (instance.description?.icon ?? instance.icon) as { light: string; dark: string };
			for (const file of [icon.light, icon.dark]) {
				named.push(posix.normalize(posix.join(posix.dirname(entry), file.replace(/^file:/, ''))));
			}
		}
		expect(named).toHaveLength(6);
		expect(files).toEqual(expect.arrayContaining(named));
	});
});

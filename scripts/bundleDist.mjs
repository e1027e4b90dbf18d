/**
 * The second half of `npm run build`, after `n8n-node build` (which type-checks with tsc and
 * copies the static files): each entry that package.json's `n8n` block lists (the two nodes
 * and the credential) is rebuilt from its TypeScript source as one file holding every module
 * of ours it imports. n8n requires every community node at startup to read its description;
 * one file per entry instead of forty-odd modules takes well under half the time (bench/
 * README.md, measure 5). n8n-workflow stays an outside require: it is the host's. tsc's
 * per-module output is then removed, as are source maps (their sources are not shipped) and
 * tsc's incremental state, which would otherwise claim the removed files are up to date.
 * The source layout is untouched; only dist/ changes.
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];

await build({
	entryPoints: entries.map((entry) => entry.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
	outdir: 'dist',
	outbase: '.',
	allowOverwrite: true,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	// tsconfig.json's target, so the syntax is what tsc emits (class fields as assignments).
	target: 'es2019',
	external: ['n8n-workflow'],
	legalComments: 'none',
	logLevel: 'warning',
});

const kept = new Set(entries.flatMap((entry) => [entry, entry.replace(/\.js$/, '.d.ts')]));
function prune(dir) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			prune(path);
			if (readdirSync(path).length === 0) rmdirSync(path);
		} else if (/\.(js|js\.map|d\.ts)$/.test(entry.name) && !kept.has(relative('.', path))) {
			rmSync(path);
		}
	}
}
for (const dir of ['dist/nodes', 'dist/credentials']) prune(dir);
rmSync('dist/tsconfig.tsbuildinfo', { force: true });

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark code runs under plain Node, never inside n8n */
/**
 * Measure 5 — the package: `npm pack` tarball size, runtime dependencies (declared, and what
 * dist/ actually requires), and the time to require() the built node and credential modules.
 * The headline is our own modules once n8n-workflow is loaded (n8n has always loaded it before
 * any community package), timed inside fresh `node` processes, against n8n-workflow's own
 * require time; also the wall time of processes requiring everything, minus that of processes
 * requiring nothing. Medians; the variants' order rotates every round.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { goal, goalText, kB, median, ms, ratioOf, type MeasureResult } from './lib/report';

const REPO = join(__dirname, '..');
const run = promisify(execFile);

interface PackFile {
	path: string;
	size: number;
}

const MODULES = [
	'dist/nodes/Pika/Pika.node.js',
	'dist/nodes/PikaTrigger/PikaTrigger.node.js',
	'dist/credentials/UseApiPikaApi.credentials.js',
];

/** Every bare module name that a built .js file under dist/ requires. */
function requiredPackages(dir: string): Set<string> {
	const found = new Set<string>();
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) for (const name of requiredPackages(path)) found.add(name);
		else if (entry.name.endsWith('.js')) {
			for (const [, spec] of readFileSync(path, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
				if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec))
					continue;
				found.add(
					spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0],
				);
			}
		}
	}
	return found;
}

/** Wall time of `node -e script` (ms), and the time the script itself measured around its requires. */
function timeProcess(node: string, script: string): { wallMs: number; innerMs: number } {
	const started = process.hrtime.bigint();
	const result = spawnSync(node, ['-e', script], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr}`);
	return { wallMs, innerMs: Number(result.stdout.trim() || 'NaN') };
}

const script = (paths: string[]) =>
	`const t=process.hrtime.bigint();${paths.map((p) => `require(${JSON.stringify(p)});`).join('')}process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;

export async function measurePackage(node: string, runs: number): Promise<MeasureResult> {
	const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: REPO,
		timeout: 120_000,
	});
	const [pack] = JSON.parse(stdout) as Array<{
		size: number;
		unpackedSize: number;
		entryCount: number;
		files: PackFile[];
	}>;
	const packageJson = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<
		string,
		Record<string, string> | undefined
	>;
	const declared =
		Object.keys(packageJson.dependencies ?? {}).length +
		Object.keys(packageJson.bundleDependencies ?? packageJson.bundledDependencies ?? {}).length;
	const required = [...requiredPackages(join(REPO, 'dist'))].sort();
	const undeclared = required.filter((name) => !(name in (packageJson.peerDependencies ?? {})));

	const variants = {
		nothing: script([]),
		n8nWorkflow: script(['n8n-workflow']),
		ours: script(MODULES.map((m) => `./${m}`)),
		oursAfterN8nWorkflow: `require('n8n-workflow');${script(MODULES.map((m) => `./${m}`))}`,
	};
	const times: Record<keyof typeof variants, Array<{ wallMs: number; innerMs: number }>> = {
		nothing: [],
		n8nWorkflow: [],
		ours: [],
		oursAfterN8nWorkflow: [],
	};
	for (const key of Object.keys(variants) as Array<keyof typeof variants>)
		timeProcess(node, variants[key]); // warm the file cache
	const keys = Object.keys(variants) as Array<keyof typeof variants>;
	for (let i = 0; i < runs; i++) {
		// The order rotates every round, so no variant always runs right after the same one.
		for (const key of keys.map((_, k) => keys[(k + i) % keys.length]))
			times[key].push(timeProcess(node, variants[key]));
	}
	const wall = (key: keyof typeof variants) => median(times[key].map((t) => t.wallMs));
	const inner = (key: keyof typeof variants) => median(times[key].map((t) => t.innerMs));
	const requireMs = wall('ours') - wall('nothing');
	const ownMs = inner('oursAfterN8nWorkflow');
	const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
	const biggest = [...pack.files].sort((a, b) => b.size - a.size).slice(0, 3);
	const workflowMs = inner('n8nWorkflow');
	const goals = [
		goal('tarball ≤ 60 KB', pack.size <= 60 * 1000),
		goal('0 runtime dependencies', declared === 0 && undeclared.length === 0),
		goal('own modules ≤ 10 ms', ownMs <= 10),
	];
	return {
		name: 'package',
		line:
			`5 package: npm pack ${kB(pack.size)} (${pack.size} B, ${pack.entryCount} files, ${kB(pack.unpackedSize)} unpacked); runtime dependencies ${declared} ` +
			`(dist requires only ${required.join(', ') || 'Node built-ins'}: peer); require() of node + trigger + credential, median of ${runs} fresh Node ${nodeVersion} processes: ` +
			`our own modules, with n8n-workflow already loaded (as in n8n) ${ms(ownMs, 1)} vs n8n-workflow itself ${ms(workflowMs, 1)}, ratio ${(ownMs / workflowMs).toFixed(2)} (timed inside the process); ` +
			`with n8n-workflow, as a process sees it: ${ms(wall('ours'))} − ${ms(wall('nothing'))} (requiring nothing) = ${ms(requireMs, 1)}; ${goalText(goals)}`,
		goals,
		ratios: [
			ratioOf(
				'require() of our node, trigger and credential modules once n8n-workflow is loaded / require() of n8n-workflow',
				ownMs,
				workflowMs,
				'ms',
			),
			ratioOf('tarball bytes / 60 kB', pack.size, 60_000, 'bytes', 1),
		],
		notes: [
			`n8n-workflow alone costs a process ${ms(wall('n8nWorkflow') - wall('nothing'), 1)} of wall time; n8n has it loaded before any community package`,
			`largest files in the tarball: ${biggest.map((f) => `${f.path} ${kB(f.size)}`).join(', ')}`,
		],
		data: {
			tarballBytes: pack.size,
			unpackedBytes: pack.unpackedSize,
			entryCount: pack.entryCount,
			runtimeDependencies: declared,
			requiredPackages: required,
			undeclaredRequires: undeclared,
			requireMs,
			ownRequireMsAfterN8nWorkflow: ownMs,
			n8nWorkflowRequireMs: workflowMs,
			medians: {
				wallMs: {
					nothing: wall('nothing'),
					n8nWorkflow: wall('n8nWorkflow'),
					ours: wall('ours'),
					oursAfterN8nWorkflow: wall('oursAfterN8nWorkflow'),
				},
				innerMs: { ours: inner('ours'), oursAfterN8nWorkflow: ownMs },
			},
			runs,
		},
	};
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-side code runs under plain Node, never inside n8n */
/**
 * gulpfile.js, the watch loop of `npm run build:watch`: run in a scratch project (its own
 * tsconfig.json, one node, one icon) with the repository's gulp and TypeScript, as a developer
 * runs it in the package: the first build puts the compiled node and the icon in dist/, then an
 * edited source and a new icon reach dist/ without a restart.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const GULP = [
	join(ROOT, 'node_modules', 'gulp', 'bin', 'gulp.js'),
	'--gulpfile',
	join(ROOT, 'gulpfile.js'),
];
const TMP = process.env.PIKA_TEST_TMP ?? '/tmp';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"/>';

/** Polls the file system until `check` holds (tsc and the watcher are other processes). */
async function eventually(check: () => boolean, what: string) {
	for (let attempt = 0; attempt < 300; attempt++) {
		if (check()) return;
		await delay(100);
	}
	throw new Error(`gave up waiting for ${what}`);
}

describe('gulpfile.js (npm run build:watch)', () => {
	let project: string;
	let watcher: ChildProcess | undefined;
	const file = (...parts: string[]) => join(project, ...parts);

	beforeEach(() => {
		project = mkdtempSync(join(TMP, 'gulp-watch-'));
		mkdirSync(file('icons'));
		mkdirSync(file('nodes'));
		writeFileSync(file('icons', 'pika.svg'), SVG);
		writeFileSync(file('nodes', 'Example.node.ts'), 'export const answer = 1;\n');
		writeFileSync(
			file('tsconfig.json'),
			JSON.stringify({
				compilerOptions: { rootDir: '.', outDir: './dist/', module: 'commonjs' },
				include: ['nodes/**/*'],
			}),
		);
	});
	afterEach(() => {
		if (watcher?.pid) process.kill(-watcher.pid, 'SIGTERM');
		rmSync(project, { recursive: true, force: true });
	});

	it('build:icons copies the icons into dist/, as n8n-node build does', async () => {
		await promisify(execFile)(process.execPath, [...GULP, '--cwd', project, 'build:icons']);
		expect(readFileSync(file('dist', 'icons', 'pika.svg'), 'utf8')).toBe(SVG);
	});

	it('build:watch compiles and copies the icons, then follows edits to both', async () => {
		watcher = spawn(process.execPath, [...GULP, '--cwd', project, 'build:watch'], {
			detached: true,
			stdio: 'ignore',
		});
		const compiled = () => {
			const out = file('dist', 'nodes', 'Example.node.js');
			return existsSync(out) ? readFileSync(out, 'utf8') : '';
		};
		await eventually(() => compiled().includes('answer = 1'), 'the first compile');
		expect(readFileSync(file('dist', 'icons', 'pika.svg'), 'utf8')).toBe(SVG);

		writeFileSync(file('nodes', 'Example.node.ts'), 'export const answer = 2;\n');
		writeFileSync(file('icons', 'pika.dark.svg'), SVG);
		await eventually(() => compiled().includes('answer = 2'), 'the recompile after an edit');
		await eventually(
			() => existsSync(file('dist', 'icons', 'pika.dark.svg')),
			'the new icon in dist/',
		);
	});
});

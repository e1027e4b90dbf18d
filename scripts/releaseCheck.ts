/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a release script under plain Node, never inside n8n */
/**
 * What the release workflow checks before it publishes, so that a wrong tag or stale
 * metadata fails the release instead of reaching npm:
 *
 *   npx tsx scripts/releaseCheck.ts <tag> <repository URL>
 *
 * - the tag is `v` + package.json's version;
 * - CHANGELOG.md has a dated section for that version;
 * - package.json's repository (the project home, see projectHome.ts) is the repository
 *   the workflow runs in, and every link derived from it matches. npm's provenance
 *   check would refuse a repository mismatch too, but only after the build, and less clearly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { homeReferences, readHome, repositoryHome } from './projectHome';

const ROOT = join(__dirname, '..');

/** Every reason not to publish; empty when the release may go ahead. */
export function releaseProblems(tag: string, repositoryUrl: string, root = ROOT): string[] {
	const problems: string[] = [];
	const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		version: string;
	};
	if (tag !== `v${version}`) {
		problems.push(`the tag ${tag} is not v${version}, the version in package.json`);
	}
	const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
	const escaped = version.replace(/[.+-]/g, '\\$&');
	if (!new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm').test(changelog)) {
		problems.push(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section`);
	}
	const home = readHome(root);
	let repository: string;
	try {
		repository = repositoryHome(repositoryUrl);
	} catch (error) {
		return [...problems, (error as Error).message];
	}
	if (home.toLowerCase() !== repository.toLowerCase()) {
		problems.push(
			`package.json repository.url names ${home}, but the release runs in ${repository}: ` +
				'set repository.url, then `npm run project-home -- --write`',
		);
	}
	for (const reference of homeReferences(root, home)) {
		if (reference.actual !== reference.expected) {
			problems.push(
				`${reference.file}: ${reference.what} is ${reference.actual}, expected ${reference.expected}`,
			);
		}
	}
	return problems;
}

if (require.main === module) {
	const [tag = '', repositoryUrl = ''] = process.argv.slice(2);
	const problems = releaseProblems(tag, repositoryUrl);
	for (const problem of problems) process.stderr.write(`release check: ${problem}\n`);
	if (problems.length === 0)
		process.stdout.write(`release check: ${tag} may be published from ${repositoryUrl}\n`);
	process.exitCode = problems.length === 0 ? 0 : 1;
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-side code runs under plain Node, never inside n8n */
/**
 * The project's home is named once, in package.json's repository.url; every other link to
 * it (homepage, bugs, the credential's documentationUrl, the codex documentation links)
 * is derived from it. Moving the project is a one-line edit plus `npm run project-home -- --write`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { UseApiPikaApi } from '../../credentials/UseApiPikaApi.credentials';
import {
	DERIVED_FILES,
	homeReferences,
	readHome,
	repositoryHome,
	writeHome,
} from '../../scripts/projectHome';

const ROOT = join(__dirname, '..', '..');

describe('the project home', () => {
	it('every link to it matches package.json repository.url', () => {
		const references = homeReferences();
		expect(references.length).toBeGreaterThanOrEqual(8);
		expect(references.filter((reference) => reference.actual !== reference.expected)).toEqual([]);
		expect(new UseApiPikaApi().documentationUrl).toBe(`${readHome()}#credentials`);
	});

	it('no other tracked file names it', () => {
		const home = readHome().replace(/^https:\/\//, '');
		const naming = execFileSync('git', ['grep', '-l', '-i', '-F', home], {
			cwd: ROOT,
			encoding: 'utf8',
		})
			.split('\n')
			.filter(Boolean);
		expect(naming.sort()).toEqual(['package.json', ...DERIVED_FILES].sort());
	});

	it('the README has every section the links point at', () => {
		const anchors = homeReferences()
			.map((reference) => reference.expected.split('#')[1])
			.filter((anchor): anchor is string => anchor !== undefined && anchor !== 'readme');
		const headings = readFileSync(join(ROOT, 'README.md'), 'utf8')
			.split('\n')
			.filter((line) => /^#{1,6} /.test(line))
			.map((line) =>
				line
					.replace(/^#+ /, '')
					.toLowerCase()
					.replace(/[^\w\s-]/g, '')
					.trim()
					.replace(/\s+/g, '-'),
			);
		expect(new Set(anchors)).toEqual(new Set(['credentials', 'the-pika-node', 'pika-trigger']));
		for (const anchor of anchors) expect(headings).toContain(anchor);
	});

	it('reads the forms npm accepts for a GitHub repository', () => {
		for (const url of [
			'git+https://github.com/acme/n8n-nodes-x.git',
			'https://github.com/acme/n8n-nodes-x',
			'git@github.com:acme/n8n-nodes-x.git',
		]) {
			expect(repositoryHome(url)).toBe('https://github.com/acme/n8n-nodes-x');
		}
		expect(() => repositoryHome('https://gitlab.com/acme/x')).toThrow(/not a GitHub repository/);
	});

	it('changing repository.url and running --write moves every link, and nothing else', () => {
		const copy = mkdtempSync(join(process.env.PIKA_TEST_TMP ?? tmpdir(), 'project-home-'));
		for (const file of ['package.json', ...DERIVED_FILES]) {
			mkdirSync(dirname(join(copy, file)), { recursive: true });
			cpSync(join(ROOT, file), join(copy, file));
		}
		const pkgText = readFileSync(join(copy, 'package.json'), 'utf8');
		const oldUrl = (JSON.parse(pkgText) as { repository: { url: string } }).repository.url;
		writeFileSync(
			join(copy, 'package.json'),
			pkgText.replace(oldUrl, 'git+https://github.com/acme/pika-nodes.git'),
		);

		expect(
			homeReferences(copy).filter((reference) => reference.actual !== reference.expected),
		).toHaveLength(8);
		writeHome(copy);
		const after = homeReferences(copy);
		expect(after.filter((reference) => reference.actual !== reference.expected)).toEqual([]);
		expect(
			after.every((reference) =>
				reference.expected.startsWith('https://github.com/acme/pika-nodes'),
			),
		).toBe(true);

		// Only the home's value changed in each file: same lines, same formatting.
		const oldHome = readHome(ROOT);
		for (const file of ['package.json', ...DERIVED_FILES]) {
			const original = readFileSync(join(ROOT, file), 'utf8')
				.split(oldHome)
				.join('https://github.com/acme/pika-nodes')
				.replace(oldUrl, 'git+https://github.com/acme/pika-nodes.git');
			expect(readFileSync(join(copy, file), 'utf8')).toBe(original);
		}
	});
});

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a developer and release script under plain Node, never inside n8n */
/**
 * The project's home has one source: `repository.url` in package.json. Every other place
 * that names it is derived from it: package.json's homepage and bugs, the credential's
 * documentationUrl, the codex documentation links of both nodes and the Pika Trigger's link
 * to its docs page. Those must stay
 * literal strings (n8n reads the codex JSON as is, and the linter wants a literal URL), so
 * this script writes them, and a unit test and the release workflow check them.
 *
 *   npx tsx scripts/projectHome.ts                  check; exit 1 listing every stale place
 *   npx tsx scripts/projectHome.ts --write          rewrite them from repository.url
 *   npx tsx scripts/projectHome.ts --expect-repository https://github.com/owner/name
 *                                                    also fail unless the home is that repository
 *                                                    (the release workflow passes the repository it runs in)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** A GitHub repository as `https://github.com/<owner>/<name>`, from any form npm accepts. */
export function repositoryHome(repositoryUrl: string): string {
	const match = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(repositoryUrl.trim());
	if (!match) throw new Error(`repository.url is not a GitHub repository: ${repositoryUrl}`);
	return `https://github.com/${match[1]}/${match[2]}`;
}

/** One place outside repository.url that names the home: where, what it holds, what it should. */
export interface HomeReference {
	file: string;
	what: string;
	actual: string | undefined;
	expected: string;
}

interface PackageJson {
	repository?: { url?: string };
	homepage?: string;
	bugs?: { url?: string };
}

interface Codex {
	resources: {
		credentialDocumentation: Array<{ url: string }>;
		primaryDocumentation: Array<{ url: string }>;
	};
}

/** README sections the links point at (GitHub's anchors for the headings). */
const ANCHORS = {
	credentials: 'credentials',
	pikaNode: 'the-pika-node',
	trigger: 'pika-trigger',
} as const;

const CREDENTIAL_FILE = 'credentials/UseApiPikaApi.credentials.ts';
const DOCUMENTATION_URL = /documentationUrl = '([^']*)'/;
const CODEX_FILES = {
	'nodes/Pika/Pika.node.json': ANCHORS.pikaNode,
	'nodes/PikaTrigger/PikaTrigger.node.json': ANCHORS.trigger,
} as const;

/** The Pika Trigger's notice links to the page with the details it leaves out. */
const TRIGGER_NOTICE_FILE = 'nodes/PikaTrigger/description.ts';
const TRIGGER_DOCS_PAGE = 'docs/pika-trigger.md';
const TRIGGER_DOCS_LINK = /href="([^"]*\/docs\/pika-trigger\.md)"/;

/** The files that name the home besides package.json (for tests that work on a copy). */
export const DERIVED_FILES = [CREDENTIAL_FILE, ...Object.keys(CODEX_FILES), TRIGGER_NOTICE_FILE];

/** `root` is the project folder; tests pass a copy. */
function reader(root: string) {
	return (file: string): string => readFileSync(join(root, file), 'utf8');
}

export function readHome(root = ROOT): string {
	const pkg = JSON.parse(reader(root)('package.json')) as PackageJson;
	return repositoryHome(pkg.repository?.url ?? '');
}

/** Every derived place, with its current and its expected value. */
export function homeReferences(root = ROOT, home = readHome(root)): HomeReference[] {
	const read = reader(root);
	const pkg = JSON.parse(read('package.json')) as PackageJson;
	const references: HomeReference[] = [
		{ file: 'package.json', what: 'homepage', actual: pkg.homepage, expected: `${home}#readme` },
		{ file: 'package.json', what: 'bugs.url', actual: pkg.bugs?.url, expected: `${home}/issues` },
		{
			file: CREDENTIAL_FILE,
			what: 'documentationUrl',
			actual: DOCUMENTATION_URL.exec(read(CREDENTIAL_FILE))?.[1],
			expected: `${home}#${ANCHORS.credentials}`,
		},
		{
			file: TRIGGER_NOTICE_FILE,
			what: "the notice's docs link",
			actual: TRIGGER_DOCS_LINK.exec(read(TRIGGER_NOTICE_FILE))?.[1],
			expected: `${home}/blob/main/${TRIGGER_DOCS_PAGE}`,
		},
	];
	for (const [file, anchor] of Object.entries(CODEX_FILES)) {
		const codex = JSON.parse(read(file)) as Codex;
		references.push(
			{
				file,
				what: 'credentialDocumentation',
				actual: codex.resources.credentialDocumentation.map((link) => link.url).join(' '),
				expected: `${home}#${ANCHORS.credentials}`,
			},
			{
				file,
				what: 'primaryDocumentation',
				actual: codex.resources.primaryDocumentation.map((link) => link.url).join(' '),
				expected: `${home}#${anchor}`,
			},
		);
	}
	return references;
}

/** Rewrites every stale place; each file keeps its formatting except the changed value. */
export function writeHome(root = ROOT, home = readHome(root)): HomeReference[] {
	const stale = homeReferences(root, home).filter(
		(reference) => reference.actual !== reference.expected,
	);
	for (const reference of stale) {
		const text = reader(root)(reference.file);
		let updated: string;
		if (reference.file === 'package.json') {
			const pkg = JSON.parse(text) as PackageJson & Record<string, unknown>;
			if (reference.what === 'homepage') pkg.homepage = reference.expected;
			else pkg.bugs = { ...pkg.bugs, url: reference.expected };
			updated = `${JSON.stringify(pkg, null, 2)}\n`;
		} else if (reference.file === CREDENTIAL_FILE) {
			updated = text.replace(DOCUMENTATION_URL, `documentationUrl = '${reference.expected}'`);
		} else if (reference.file === TRIGGER_NOTICE_FILE) {
			updated = text.replace(TRIGGER_DOCS_LINK, `href="${reference.expected}"`);
		} else {
			const key =
				reference.what === 'credentialDocumentation'
					? 'credentialDocumentation'
					: 'primaryDocumentation';
			const block = new RegExp(`("${key}": \\[\\s*\\{ "url": )"[^"]*"`);
			updated = text.replace(block, `$1"${reference.expected}"`);
		}
		writeFileSync(join(root, reference.file), updated);
	}
	return stale;
}

function main(args: string[]): number {
	const home = readHome();
	const expectIndex = args.indexOf('--expect-repository');
	if (expectIndex >= 0) {
		const expected = repositoryHome(args[expectIndex + 1] ?? '');
		if (expected.toLowerCase() !== home.toLowerCase()) {
			process.stderr.write(
				`package.json repository.url names ${home}, but this is ${expected}. ` +
					'Set repository.url to the repository that publishes, then run `npx tsx scripts/projectHome.ts --write`.\n',
			);
			return 1;
		}
	}
	if (args.includes('--write')) {
		for (const reference of writeHome(ROOT, home)) {
			process.stdout.write(`${reference.file}: ${reference.what} → ${reference.expected}\n`);
		}
		return 0;
	}
	const stale = homeReferences(ROOT, home).filter(
		(reference) => reference.actual !== reference.expected,
	);
	for (const reference of stale) {
		process.stderr.write(
			`${reference.file}: ${reference.what} is ${reference.actual}, expected ${reference.expected}\n`,
		);
	}
	if (stale.length > 0) {
		process.stderr.write(
			'Run `npx tsx scripts/projectHome.ts --write` to derive them from repository.url.\n',
		);
		return 1;
	}
	process.stdout.write(`project home ${home}: every reference matches\n`);
	return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

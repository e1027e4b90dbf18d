/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * .github/workflows/ci.yml against what the tiers and suites read, checked without GitHub: each
 * job runs npm scripts that exist, on the Node the tiers expect; together the jobs run every tier
 * of `npm test` and every n8n harness in tools/n8n-server/installs/; a job whose harness runs the
 * queue-mode suite has PostgreSQL and Redis where tools/n8n-server/queueServices.ts looks for
 * them, and their clients; the cache each job saves is the project cache the scripts use
 * (PIKA_CACHE_DIR), keyed on the files that decide its contents. Expectations come from the code
 * (queueServices.ts, the installs' package.json, scripts/test.sh, test/e2e/jest.config.js).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import { CLIENT_PACKAGES, POSTGRES, REDIS } from '../../tools/n8n-server/queueServices';

const ROOT = join(__dirname, '..', '..');
const read = (...path: string[]): string => readFileSync(join(ROOT, ...path), 'utf8');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}
interface Service {
	image: string;
	env?: Record<string, unknown>;
	ports?: Array<string | number>;
	options?: string;
}
interface Job {
	name?: string;
	'timeout-minutes'?: number;
	env?: Record<string, unknown>;
	container?: unknown;
	services?: Record<string, Service>;
	steps?: Step[];
}
interface Workflow {
	env?: Record<string, unknown>;
	jobs: Record<string, Job>;
}

const ci = parse(read('.github', 'workflows', 'ci.yml')) as Workflow;
const jobs = Object.entries(ci.jobs);
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

const INSTALLS = join(ROOT, 'tools', 'n8n-server', 'installs');
/** The n8n harnesses: the folders of tools/n8n-server/installs holding a package.json. */
const HARNESSES = readdirSync(INSTALLS)
	.filter((name) => existsSync(join(INSTALLS, name, 'package.json')))
	.sort();
/** The Node major of a harness, from its engines.node (as install-n8n.sh reads it). */
const nodeMajor = (harness: string): string =>
	String(
		(
			JSON.parse(read('tools', 'n8n-server', 'installs', harness, 'package.json')) as {
				engines: { node: string };
			}
		).engines.node,
	).match(/\d+/)![0];
/** n8n 2.x's runtime, the Node the unit and package tiers run on. */
const CURRENT_NODE = nodeMajor('n8n');

const runsOf = (job: Job): string[] => (job.steps ?? []).flatMap((step) => step.run ?? []);
const npmScriptsOf = (job: Job): string[] =>
	runsOf(job).flatMap((run) => [...run.matchAll(/\bnpm run (\S+)/g)].map((match) => match[1]));
const jobsRunning = (script: string): Array<[string, Job]> =>
	jobs.filter(([, job]) => npmScriptsOf(job).includes(script));
/** A variable as the job's steps see it: the job's own env over the workflow's. */
const envOf = (job: Job, name: string): string | undefined => {
	const value = job.env?.[name] ?? ci.env?.[name];
	return value === undefined ? undefined : String(value);
};
const setupNode = (job: Job): Step | undefined =>
	job.steps?.find((step) => step.uses?.startsWith('actions/setup-node@'));
const cacheSteps = (job: Job): Step[] =>
	(job.steps ?? []).filter((step) => step.uses?.startsWith('actions/cache@'));
const harnessesOf = (job: Job): string[] =>
	(envOf(job, 'PIKA_E2E_HARNESSES') ?? '').split(/\s+/).filter(Boolean);
const hashedFiles = (key: string): string[] =>
	[...key.matchAll(/hashFiles\(([^)]*)\)/g)].flatMap((match) =>
		[...match[1].matchAll(/'([^']+)'/g)].map((file) => file[1]),
	);

/** The e2e files a harness runs: test/e2e/jest.config.js evaluated with PIKA_E2E_HARNESS set. */
function e2eFilesOf(harness: string): string[] {
	let ignore: string[] = [];
	const before = process.env.PIKA_E2E_HARNESS;
	jest.isolateModules(() => {
		process.env.PIKA_E2E_HARNESS = harness;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		ignore = (require('../e2e/jest.config.js') as { testPathIgnorePatterns: string[] })
			.testPathIgnorePatterns;
	});
	if (before === undefined) delete process.env.PIKA_E2E_HARNESS;
	else process.env.PIKA_E2E_HARNESS = before;
	return readdirSync(join(ROOT, 'test', 'e2e'))
		.filter((name) => name.endsWith('.e2e.test.ts'))
		.map((name) => join(ROOT, 'test', 'e2e', name))
		.filter((file) => !ignore.some((pattern) => new RegExp(pattern).test(file)));
}
/**
 * The queue-mode suite: the e2e files that start a queue-mode cluster (test/e2e/setup.ts's
 * useQueueCluster) or talk to PostgreSQL and Redis themselves (queueServices.ts, queueCluster.ts).
 */
const QUEUE_FILES = readdirSync(join(ROOT, 'test', 'e2e'))
	.filter((name) => name.endsWith('.e2e.test.ts'))
	.map((name) => join(ROOT, 'test', 'e2e', name))
	.filter((file) =>
		/\buseQueueCluster\(|tools\/n8n-server\/queue(Services|Cluster)'/.test(
			readFileSync(file, 'utf8'),
		),
	);

/** Scripts and TypeScript modules under a folder. */
function sourceFiles(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
		return /\.(ts|sh|mjs|js)$/.test(entry.name) ? [path] : [];
	});
}

describe('.github/workflows/ci.yml', () => {
	it('every job runs npm scripts that exist, on Node 24 with npm cache, within a timeout', () => {
		expect(CURRENT_NODE).toBe('24');
		for (const [id, job] of jobs) {
			const scripts = npmScriptsOf(job);
			expect({ id, scripts: scripts.length > 0 }).toEqual({ id, scripts: true });
			for (const script of scripts)
				expect({ id, script, defined: script in pkg.scripts }).toEqual({
					id,
					script,
					defined: true,
				});
			expect(setupNode(job)?.with).toMatchObject({
				'node-version': Number(CURRENT_NODE),
				cache: 'npm',
			});
			expect(job['timeout-minutes']).toBeGreaterThan(0);
			expect(job['timeout-minutes']).toBeLessThanOrEqual(60);
		}
	});

	it('runs every tier of npm test (scripts/test.sh) and the release rehearsal', () => {
		const tiers = [...read('scripts', 'test.sh').matchAll(/npm run --silent (test:\S+)/g)].map(
			(match) => match[1],
		);
		expect(tiers).toEqual(
			expect.arrayContaining(['test:checks', 'test:unit', 'test:package', 'test:e2e:harnesses']),
		);
		for (const tier of tiers)
			expect({ tier, jobs: jobsRunning(tier).length > 0 }).toEqual({ tier, jobs: true });
		expect(jobs.flatMap(([, job]) => runsOf(job))).toContain('bash scripts/release-dry-run.sh');
	});

	it('runs the jest tiers on the Node npm test gives them (PIKA_EXPECT_NODE_MAJOR)', () => {
		// npm test: Node 24 from ensure-node.sh, checked by test/globalSetup.ts.
		const testSh = read('scripts', 'test.sh');
		expect(testSh).toContain(`scripts/ensure-node.sh ${CURRENT_NODE}`);
		expect(testSh).toContain(`PIKA_EXPECT_NODE_MAJOR=${CURRENT_NODE}`);
		for (const tier of ['test:unit', 'test:package']) {
			expect(jobsRunning(tier)).not.toHaveLength(0);
			for (const [id, job] of jobsRunning(tier)) {
				expect({ id, major: envOf(job, 'PIKA_EXPECT_NODE_MAJOR') }).toEqual({
					id,
					major: CURRENT_NODE,
				});
				expect(String(setupNode(job)?.with?.['node-version'])).toBe(CURRENT_NODE);
			}
		}
	});

	it(`runs the e2e tier once for every harness in tools/n8n-server/installs (${HARNESSES.join(', ')})`, () => {
		expect(HARNESSES).toEqual(expect.arrayContaining(['n8n', 'n8n-1']));
		const covered = jobsRunning('test:e2e:harnesses').flatMap(([, job]) => harnessesOf(job));
		expect([...covered].sort()).toEqual(HARNESSES);
	});

	it('gives the job that runs the queue-mode suite PostgreSQL and Redis where queueServices.ts looks, and their clients', () => {
		expect(QUEUE_FILES.length).toBeGreaterThan(0);
		const queueJobs = jobsRunning('test:e2e:harnesses').filter(([, job]) =>
			harnessesOf(job).some((harness) =>
				e2eFilesOf(harness).some((file) => QUEUE_FILES.includes(file)),
			),
		);
		expect(queueJobs.map(([id]) => id)).not.toHaveLength(0);
		for (const [id, job] of queueJobs) {
			// Services' ports are published on the runner's 127.0.0.1, where the suite connects;
			// inside a job container they would have other host names.
			expect(POSTGRES.host).toBe('127.0.0.1');
			expect(REDIS.host).toBe('127.0.0.1');
			expect({ id, container: job.container }).toEqual({ id, container: undefined });
			const services = Object.values(job.services ?? {});
			const postgres = services.find((service) => /^postgres:/.test(service.image));
			const redis = services.find((service) => /^redis:/.test(service.image));
			expect({ id, postgres: postgres?.image, redis: redis?.image }).toEqual({
				id,
				postgres: expect.any(String),
				redis: expect.any(String),
			});
			expect(postgres?.ports?.map(String)).toContain(`${POSTGRES.port}:5432`);
			expect(redis?.ports?.map(String)).toContain(`${REDIS.port}:6379`);
			// psql and n8n connect without a password, as the image's default superuser.
			expect(postgres?.env?.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
			expect(postgres?.env?.POSTGRES_USER ?? 'postgres').toBe(POSTGRES.user);
			// The job's steps start only once both answer.
			expect(postgres?.options).toMatch(/--health-cmd\b/);
			expect(redis?.options).toMatch(/--health-cmd\b/);

			const steps = job.steps ?? [];
			const clientsAt = steps.findIndex((step) =>
				Object.entries(CLIENT_PACKAGES).every(
					([command, debPackage]) =>
						step.run?.includes(`command -v ${command}`) && step.run.includes(debPackage),
				),
			);
			const suiteAt = steps.findIndex((step) => step.run?.includes('npm run test:e2e:harnesses'));
			expect(clientsAt).toBeGreaterThanOrEqual(0);
			expect(suiteAt).toBeGreaterThan(clientsAt);
		}
	});

	it('caches the project cache the scripts use (PIKA_CACHE_DIR), keyed on the files that decide it, one key per job', () => {
		const cacheDir = String(ci.env?.PIKA_CACHE_DIR ?? '');
		// An absolute folder: the scripts use the variable as it is, they do not expand `~`.
		expect(cacheDir).toMatch(/^(\$\{\{ github\.workspace \}\}|\/)\S+$/);
		// The scripts and the browser suite read it (and fall back to ~/.cache/... without it).
		for (const file of ['scripts/ensure-node.sh', 'tools/pinned-install.sh'])
			expect(read(file)).toContain('${PIKA_CACHE_DIR:-');
		expect(read('tools', 'n8n-server', 'browser.ts')).toContain('process.env.PIKA_CACHE_DIR');

		const keys: string[] = [];
		for (const [id, job] of jobs) {
			const scripts = npmScriptsOf(job);
			const usesProjectCache =
				scripts.includes('test:checks') || scripts.includes('test:e2e:harnesses');
			const caches = cacheSteps(job);
			if (usesProjectCache) expect({ id, caches: caches.length }).toEqual({ id, caches: 1 });
			for (const cache of caches) {
				expect({ id, path: cache.with?.path }).toEqual({ id, path: '${{ env.PIKA_CACHE_DIR }}' });
				expect(envOf(job, 'PIKA_CACHE_DIR')).toBe(cacheDir);
				const key = String(cache.with?.key);
				keys.push(key.replace(/\$\{\{.*?\}\}/g, '*'));
				const files = hashedFiles(key);
				expect(files).toContain('scripts/ensure-node.sh');
				for (const harness of harnessesOf(job)) {
					expect(files).toEqual(
						expect.arrayContaining([
							'tools/pinned-install.sh',
							'tools/n8n-server/install-n8n.sh',
							// The local npm registry of every harness (tools/registry).
							'tools/registry/package.json',
							'tools/registry/package-lock.json',
							`tools/n8n-server/installs/${harness}/package.json`,
							`tools/n8n-server/installs/${harness}/package-lock.json`,
							// The Chromium version unpacked into the cache is the root lockfile's.
							'package-lock.json',
						]),
					);
				}
				for (const file of files) expect(existsSync(join(ROOT, file))).toBe(true);
			}
		}
		// Parallel jobs saving one key would race; each job's cache has a key of its own.
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('sets only PIKA_* variables that the scripts and suites read', () => {
		// Everything the tiers run, but not this folder's tests (they only name the variables).
		const sources = ['scripts', 'tools', 'test']
			.flatMap((folder) => sourceFiles(join(ROOT, folder)))
			.filter((file) => !file.startsWith(join(ROOT, 'test', 'package')))
			.map((file) => readFileSync(file, 'utf8'))
			.join('\n');
		const set = [ci.env, ...jobs.map(([, job]) => job.env)].flatMap((env) =>
			Object.keys(env ?? {}).filter((name) => name.startsWith('PIKA_')),
		);
		expect(set).toEqual(
			expect.arrayContaining(['PIKA_CACHE_DIR', 'PIKA_EXPECT_NODE_MAJOR', 'PIKA_E2E_HARNESSES']),
		);
		for (const name of set)
			expect({ name, read: sources.includes(name) }).toEqual({ name, read: true });
	});
});

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Shared setup of the e2e test files: one real n8n (or one queue-mode cluster) per file, seeded
 * with n8n's own CLI against the file's simulator. `useN8n` / `useQueueCluster` register the
 * beforeAll/afterAll hooks and return a fixture whose `n8n` / `cluster` is the running server;
 * `useEditor` / `useQueueEditor` add a headless Chromium signed in to that server's (main's) editor
 * (the browser suites).
 *
 * Order, as a user would set it up: the simulator and any other local server start; n8n gets a
 * throwaway user folder with the packed package; the Pika credential (the simulator's first
 * token and URL) and the file's workflows are imported; `beforeStart` runs; n8n starts and its
 * owner is created; `activate` workflows go live through the public API. Afterwards n8n stops,
 * then the simulator, then the other servers.
 */
import { join } from 'node:path';

import { selectors, type BrowserContext, type Page } from 'playwright-core';

import { launchBrowser, StepShots, TEST_ID_ATTRIBUTE } from '../../tools/n8n-server/browser';
import { signIn } from '../../tools/n8n-server/editor';
import { e2eTarball } from '../../tools/n8n-server/installation';
import { waitForPublication } from '../../tools/n8n-server/n8nApi';
import { N8nInstance } from '../../tools/n8n-server/n8nInstance';
import { QueueCluster, type QueueClusterOptions } from '../../tools/n8n-server/queueCluster';
import { pikaCredential } from '../../tools/n8n-server/workflows';
import type { PikaSimulator } from '../../tools/simulator';

export interface E2eSetupOptions {
	/** The workflows to import; `n8n` is the instance they go into (its filesDir, say). */
	workflows: (n8n: N8nInstance) => object[];
	/** Discord fields of the Pika credential (by default it has none). */
	discord?: { discordToken: string; discordChannel: string };
	/** More credentials, imported with the Pika one (made once `servers` run). */
	credentials?: () => object[];
	/** Other local servers the workflows talk to: started after the simulator, stopped last. */
	servers?: Array<{ start(): Promise<unknown>; stop(): Promise<void> }>;
	/** After seeding, before n8n starts: files, simulator jobs that must exist first. */
	beforeStart?: (n8n: N8nInstance) => Promise<void> | void;
	/** Activated on the running server, each waited for until n8n has applied it. */
	activate?: string[];
	/** Extra environment of every n8n process (e.g. N8N_LOG_LEVEL); read once `servers` run. */
	env?: Record<string, string> | (() => Record<string, string>);
	/**
	 * `unpacked` (default): the tarball is unpacked into the user folder before n8n starts (the
	 * shortcut for tests about the nodes); `none`: n8n starts without the package, which the test
	 * or `env` then installs from a registry by n8n's own installer.
	 */
	package?: 'unpacked' | 'none';
	/** Timeout of the setup hook (default 600 s: a cold start on a loaded 2-core machine). */
	timeoutMs?: number;
}

export interface N8nFixture {
	/** The running n8n (inside hooks and tests). */
	readonly n8n: N8nInstance;
}

export interface QueueClusterFixture {
	/** The running cluster: main, webhook processor, workers (inside hooks and tests). */
	readonly cluster: QueueCluster;
}

/** What differs between one server and a queue-mode cluster. */
interface Harness<T> {
	create(tarball: string | undefined, env?: Record<string, string>): Promise<T>;
	/** The process that seeds, owns the API and activates. */
	main(harness: T): N8nInstance;
	start(harness: T): Promise<void>;
	activate(harness: T, workflowId: string): Promise<void>;
	stop(harness: T): Promise<void>;
}

function useHarness<T>(sim: PikaSimulator, options: E2eSetupOptions, harness: Harness<T>): () => T {
	let running: T | undefined;
	beforeAll(async () => {
		const simUrl = await sim.start();
		for (const server of options.servers ?? []) await server.start();
		const env = typeof options.env === 'function' ? options.env() : options.env;
		running = await harness.create(options.package === 'none' ? undefined : e2eTarball(), env);
		const n8n = harness.main(running);
		await n8n.timed('seed with the CLI (credential, workflows)', async () => {
			await n8n.importCredentials([
				pikaCredential({ apiToken: sim.token, baseUrl: simUrl, ...options.discord }),
				...(options.credentials?.() ?? []),
			]);
			await n8n.importWorkflows(options.workflows(n8n));
		});
		await options.beforeStart?.(n8n);
		await harness.start(running);
		for (const id of options.activate ?? []) await harness.activate(running, id);
	}, options.timeoutMs ?? 600_000);
	afterAll(async () => {
		if (running) await harness.stop(running);
		await sim.stop();
		for (const server of options.servers ?? []) await server.stop();
	});
	return () => {
		if (!running) throw new Error('n8n is not set up (use inside a hook or test)');
		return running;
	};
}

/** One n8n server for the test file (see the header for the order of events). */
export function useN8n(sim: PikaSimulator, options: E2eSetupOptions): N8nFixture {
	const n8n = useHarness<N8nInstance>(sim, options, {
		create: async (tarball, env) =>
			tarball
				? await N8nInstance.create(tarball, { env })
				: await N8nInstance.createWithoutPackage({ env }),
		main: (instance) => instance,
		start: async (instance) => {
			await instance.start();
			await instance.setupOwner();
		},
		activate: async (instance, id) => {
			await instance.activate(id);
			await waitForPublication(instance, id);
		},
		stop: async (instance) => await instance.stop(),
	});
	return {
		get n8n() {
			return n8n();
		},
	};
}

/**
 * One queue-mode cluster for the test file: seeded, activated and owned by its main. `layout`:
 * the cluster's other options (number of workers, webhooks served by main).
 */
export function useQueueCluster(
	sim: PikaSimulator,
	options: E2eSetupOptions,
	layout: Omit<QueueClusterOptions, 'env'> = {},
): QueueClusterFixture {
	const cluster = useHarness<QueueCluster>(sim, options, {
		// Every process installs the package from a registry (queueCluster.ts): `package` does
		// not apply.
		create: async (_tarball, env) => await QueueCluster.create(e2eTarball(), { ...layout, env }),
		main: (running) => running.main,
		start: async (running) => await running.start(),
		activate: async (running, id) => await running.setActive(id, true),
		stop: async (running) => await running.stop(),
	});
	return {
		get cluster() {
			return cluster();
		},
	};
}

export interface BrowserFixture {
	/** The editor tab, signed in as the owner (inside hooks and tests). */
	readonly page: Page;
	/**
	 * Saves a step's screenshot under <run folder>/screenshots/<label>-n8n-<version>/; with
	 * PIKA_README_SHOTS=<folder> a `readme` name also writes that README screenshot there.
	 */
	shot(name: string, readme?: string): Promise<void>;
}

export type EditorFixture = N8nFixture & BrowserFixture;
export type QueueEditorFixture = QueueClusterFixture & BrowserFixture;

/**
 * The server fixture `serve` registers, and a headless Chromium signed in to the editor of its
 * `editorOf` process. Every test leaves its last screen in the screenshots folder, failed ones too.
 */
function withBrowser<F>(
	label: string,
	serve: () => F,
	editorOf: (fx: F) => N8nInstance,
): { fx: F; browser: BrowserFixture } {
	let browser: BrowserContext | undefined;
	let page: Page | undefined;
	let shots: StepShots | undefined;
	// Registered before the server's: Jest runs afterAll hooks in declaration order, so the
	// browser closes before n8n stops.
	afterAll(async () => {
		await browser?.close();
	});
	const fx = serve();
	beforeAll(async () => {
		const n8n = editorOf(fx);
		selectors.setTestIdAttribute(TEST_ID_ATTRIBUTE);
		const runDir = process.env.PIKA_E2E_RUN_DIR ?? n8n.root;
		browser = await launchBrowser(runDir);
		page = browser.pages()[0] ?? (await browser.newPage());
		shots = new StepShots(runDir, `${label}-n8n-${n8n.installation.version}`);
		n8n.note(`${label}: screenshots in ${shots.dir}`);
		await signIn(page, n8n.baseUrl);
	}, 300_000);
	afterEach(async () => {
		if (page && shots && !page.isClosed())
			await shots.take(page, 'after-test').catch(() => undefined);
	});
	const open = (): Page => {
		if (!page) throw new Error('the editor is not open (use inside a hook or test)');
		return page;
	};
	return {
		fx,
		browser: {
			get page() {
				return open();
			},
			async shot(name, readme) {
				await shots?.take(open(), name);
				const folder = process.env.PIKA_README_SHOTS;
				if (readme && folder) await open().screenshot({ path: join(folder, `${readme}.png`) });
			},
		},
	};
}

/** One n8n server (as useN8n) and a headless Chromium signed in to its editor. */
export function useEditor(
	sim: PikaSimulator,
	options: E2eSetupOptions,
	label: string,
): EditorFixture {
	const { fx, browser } = withBrowser(
		label,
		() => useN8n(sim, options),
		(server) => server.n8n,
	);
	return {
		get n8n() {
			return fx.n8n;
		},
		get page() {
			return browser.page;
		},
		shot: async (name, readme) => await browser.shot(name, readme),
	};
}

/** One queue-mode cluster (as useQueueCluster) and a headless Chromium signed in to main's editor. */
export function useQueueEditor(
	sim: PikaSimulator,
	options: E2eSetupOptions,
	label: string,
): QueueEditorFixture {
	const { fx, browser } = withBrowser(
		label,
		() => useQueueCluster(sim, options),
		(cluster) => cluster.cluster.main,
	);
	return {
		get cluster() {
			return fx.cluster;
		},
		get page() {
			return browser.page;
		},
		shot: async (name, readme) => await browser.shot(name, readme),
	};
}

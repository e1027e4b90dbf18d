/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test-side code runs under plain Node, never inside n8n */
/**
 * A private npm registry on 127.0.0.1 (verdaccio, installed by tools/registry/install-registry.sh)
 * that the e2e tests publish the packed package to, so that n8n's own installer fetches it the
 * way it fetches from npmjs.com. Storage, config and log live in a throwaway folder; there are no
 * uplinks (nothing is fetched from elsewhere, a name it does not hold is a 404). The registry runs
 * in its own process group, recorded like every n8n process, so nothing outlives a run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { cacheRoot, PACKAGE_NAME } from '../n8n-server/installation';
import { freePort, spawnGroup, stopGroup, tail, type Spawned } from '../n8n-server/processes';

const run = promisify(execFile);

/** The preload that lets n8n use another registry without an Enterprise licence (see there). */
export const LICENCE_PRELOAD = join(__dirname, 'customRegistryLicence.cjs');

/** The only account of the registry; it publishes. */
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- account of a throwaway loopback registry
const PUBLISHER = { name: 'pika-publisher', password: 'pika-publisher-e2e' };

/** The environment of npm commands the harness runs: none of the caller's npm settings. */
function npmEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
	) as NodeJS.ProcessEnv;
}

/** The verdaccio install of install-registry.sh; throws with the fix when missing. */
function findRegistryInstall(): { node: string; bin: string } {
	const dir = join(cacheRoot(), 'e2e-registry');
	const bin = join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	if (!existsSync(join(dir, '.installed')) || !existsSync(bin))
		throw new Error(`no verdaccio installed in ${dir}: run tools/registry/install-registry.sh`);
	return { node: readFileSync(join(dir, 'node-path'), 'utf8').trim(), bin };
}

export class LocalRegistry {
	/** `http://127.0.0.1:<port>/`, as npm and n8n want it. */
	readonly url: string;
	private constructor(
		readonly root: string,
		private readonly server: Spawned,
		port: number,
		private readonly userConfig: string,
	) {
		this.url = `http://127.0.0.1:${port}/`;
	}

	/** Starts verdaccio on a free port, waits for it, and adds the publishing user. */
	static async start(): Promise<LocalRegistry> {
		const base = process.env.PIKA_E2E_RUN_DIR ?? tmpdir();
		mkdirSync(base, { recursive: true });
		const root = mkdtempSync(join(base, 'registry-'));
		const port = await freePort();
		// JSON is YAML: verdaccio reads it as its config file.
		const config = {
			storage: join(root, 'storage'),
			auth: { htpasswd: { file: join(root, 'htpasswd'), max_users: 1 } },
			uplinks: {},
			packages: { '**': { access: '$all', publish: '$authenticated' } },
			web: { enable: false },
			log: { type: 'stdout', format: 'pretty', level: 'http' },
		};
		writeFileSync(join(root, 'config.yaml'), JSON.stringify(config, null, 2));
		const { node, bin } = findRegistryInstall();
		const server = spawnGroup(
			node,
			[bin, '--config', join(root, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
			{ ...npmEnv(), HOME: root },
			join(root, 'verdaccio'),
			root,
		);
		const registry = new LocalRegistry(root, server, port, join(root, 'npmrc'));
		try {
			await registry.waitUntilUp(server);
			await registry.addPublisher();
		} catch (error) {
			await registry.stop();
			throw error;
		}
		return registry;
	}

	private async waitUntilUp(server: Spawned, timeoutMs = 60_000): Promise<void> {
		let exited: number | undefined;
		void server.exited.then((code) => (exited = code));
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (exited !== undefined) throw new Error(`verdaccio exited (${exited}):\n${this.logTail()}`);
			if (Date.now() > deadline) throw new Error(`verdaccio not up:\n${this.logTail()}`);
			const up = await fetch(`${this.url}-/ping`).then(
				(r) => r.ok,
				() => false,
			);
			if (up) return;
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/** `npm adduser` over the registry's REST API; the token goes into this registry's npmrc. */
	private async addPublisher(): Promise<void> {
		const response = await fetch(`${this.url}-/user/org.couchdb.user:${PUBLISHER.name}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...PUBLISHER, type: 'user', roles: [], date: new Date() }),
		});
		const body = (await response.json()) as { token?: string };
		if (response.status !== 201 || !body.token)
			throw new Error(`adding the publisher: ${response.status} ${JSON.stringify(body)}`);
		const host = this.url.replace(/^http:/, '');
		writeFileSync(this.userConfig, `registry=${this.url}\n${host}:_authToken=${body.token}\n`, {
			mode: 0o600,
		});
	}

	/** `npm publish` of exactly this tarball (what `npm pack` and the release make). */
	async publish(tarball: string): Promise<void> {
		await run(
			'npm',
			['publish', tarball, `--registry=${this.url}`, `--userconfig=${this.userConfig}`],
			{ cwd: this.root, env: npmEnv(), timeout: 120_000 },
		);
	}

	/** The versions the registry holds of the package, and its `latest` tag. */
	async versions(name = PACKAGE_NAME): Promise<{ versions: string[]; latest?: string }> {
		const response = await fetch(`${this.url}${name}`);
		if (response.status === 404) return { versions: [] };
		const body = (await response.json()) as {
			versions: Record<string, unknown>;
			'dist-tags': { latest?: string };
		};
		return { versions: Object.keys(body.versions), latest: body['dist-tags'].latest };
	}

	/** Verdaccio's log lines of the tarball downloads of a package, one `requested` line each. */
	tarballRequests(name = PACKAGE_NAME): string[] {
		return readFileSync(join(this.root, 'verdaccio.out'), 'utf8')
			.split('\n')
			.filter((line) => line.includes(`requested 'GET /${name}/-/${name}-`));
	}

	logTail(lines = 30): string {
		return `${tail(join(this.root, 'verdaccio.out'), lines)}\n${tail(join(this.root, 'verdaccio.err'), lines)}`;
	}

	/** Stops the registry's process group and removes its storage (unless PIKA_E2E_KEEP=1). */
	async stop(): Promise<void> {
		await stopGroup(this.server, 5_000);
		if (process.env.PIKA_E2E_KEEP !== '1') rmSync(this.root, { recursive: true, force: true });
	}

	/**
	 * What an n8n process needs to install from this registry: n8n's own setting (with the
	 * preload that lets it take another registry), and npm's for the commands n8n runs without
	 * `--registry` (`npm outdated` when it lists installed packages). Nothing else of the
	 * caller's npm settings reaches n8n (n8nEnv drops them). The installer also asks
	 * api.n8n.io whether the package is banned (and installs when that fails): a proxy on a
	 * closed loopback port keeps that request, and any other that is not for 127.0.0.1, on the
	 * machine, where it fails at once instead of waiting for a network that may not be there.
	 */
	n8nEnv(): Record<string, string> {
		const nowhere = 'http://127.0.0.1:9';
		return {
			N8N_COMMUNITY_PACKAGES_REGISTRY: this.url.replace(/\/$/, ''),
			NODE_OPTIONS: `--require ${LICENCE_PRELOAD}`,
			npm_config_registry: this.url,
			HTTP_PROXY: nowhere,
			HTTPS_PROXY: nowhere,
			NO_PROXY: '127.0.0.1,localhost',
		};
	}

	/**
	 * npm's own config file in an n8n user folder's `.n8n/nodes`, for n8n 1.x: it runs npm
	 * there with an environment whose `npm_config_registry` it does not pass on.
	 */
	writeNodesNpmrc(userFolder: string): void {
		const nodes = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodes, { recursive: true });
		writeFileSync(join(nodes, '.npmrc'), `registry=${this.url}\n`);
	}
}

/**
 * The same package as `tarball` with another version in its package.json, packed from a
 * throwaway copy (the repository's package.json is never touched): the next release.
 */
export async function tarballWithVersion(
	tarball: string,
	version: string,
	destDir: string,
): Promise<string> {
	const copy = mkdtempSync(join(destDir, 'repack-'));
	try {
		await run('tar', ['-xzf', tarball, '-C', copy, '--strip-components=1'], { timeout: 60_000 });
		const manifestPath = join(copy, 'package.json');
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
		manifest.version = version;
		writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
		const { stdout } = await run(
			'npm',
			['pack', copy, '--pack-destination', destDir, '--ignore-scripts', '--json'],
			{ cwd: destDir, env: npmEnv(), timeout: 120_000 },
		);
		const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
		return join(destDir, filename);
	} finally {
		rmSync(copy, { recursive: true, force: true });
	}
}

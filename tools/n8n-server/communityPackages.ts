/**
 * n8n's community-package routes, called the way the editor's *Settings → Community nodes* page
 * calls them (session cookie, the same bodies): install, list (with the update check), update,
 * uninstall. Each returns n8n's answer; the tests assert on it.
 */
import { PACKAGE_NAME } from './installation';
import type { HttpResult, N8nInstance } from './n8nInstance';

/** One entry of `GET /rest/community-packages` (the fields the tests read). */
export interface InstalledPackage {
	packageName: string;
	installedVersion: string;
	/** Set when `npm outdated` (against n8n's npm registry) reports a newer version. */
	updateAvailable?: string;
	installedNodes: Array<{ name: string; type: string; latestVersion: number }>;
	/** n8n 2.x: whether the package's nodes are loaded in this process. */
	isLoaded?: boolean;
}

/** n8n wraps REST answers in `{ data }`. */
type Wrapped<T> = { data: T };

async function expectOk<T>(what: string, result: HttpResult<Wrapped<T>>): Promise<T> {
	if (result.status !== 200)
		throw new Error(`${what}: ${result.status} ${result.text.slice(0, 800)}`);
	return result.body.data;
}

/**
 * *Install* on the settings page: `POST /rest/community-packages` with the name typed in (the
 * editor sends `verify: false` for a name it does not list as verified). Resolves to n8n's
 * answer (200 with the installed package, or its error) and how long it took.
 */
export async function installPackage(
	n8n: N8nInstance,
	name = PACKAGE_NAME,
): Promise<{ result: HttpResult<Wrapped<InstalledPackage>>; ms: number }> {
	const started = Date.now();
	const result = await n8n.http<Wrapped<InstalledPackage>>('POST', '/rest/community-packages', {
		body: { name, verify: false },
		timeoutMs: 180_000,
	});
	return { result, ms: Date.now() - started };
}

/** The settings page's list (n8n runs `npm outdated` for `updateAvailable`). */
export async function listPackages(n8n: N8nInstance): Promise<InstalledPackage[]> {
	return await expectOk(
		'GET /rest/community-packages',
		await n8n.http<Wrapped<InstalledPackage[]>>('GET', '/rest/community-packages', {
			timeoutMs: 120_000,
		}),
	);
}

/** *Update* on the package's card: `PATCH /rest/community-packages` (to the newest version). */
export async function updatePackage(
	n8n: N8nInstance,
	name = PACKAGE_NAME,
): Promise<{ installed: InstalledPackage; ms: number }> {
	const started = Date.now();
	const installed = await expectOk(
		'PATCH /rest/community-packages',
		await n8n.http<Wrapped<InstalledPackage>>('PATCH', '/rest/community-packages', {
			body: { name },
			timeoutMs: 180_000,
		}),
	);
	return { installed, ms: Date.now() - started };
}

/** *Uninstall* on the package's card: `DELETE /rest/community-packages?name=…`. */
export async function uninstallPackage(
	n8n: N8nInstance,
	name = PACKAGE_NAME,
): Promise<HttpResult<unknown>> {
	return await n8n.http('DELETE', `/rest/community-packages?name=${encodeURIComponent(name)}`, {
		timeoutMs: 120_000,
	});
}

/** The node types the editor loads (`/types/nodes.json`), by name. */
export async function editorNodeTypes(n8n: N8nInstance): Promise<string[]> {
	const result = await n8n.http<Array<{ name: string }>>('GET', '/types/nodes.json');
	if (result.status !== 200) throw new Error(`/types/nodes.json: ${result.status}`);
	return result.body.map((type) => type.name);
}

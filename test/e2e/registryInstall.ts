/**
 * The setup the files share in which n8n installs the package from a registry by its own
 * installer (install.e2e, installEnv.e2e, editorInstall.e2e): n8n starts without the package;
 * a local registry (tools/registry/localRegistry.ts) starts before it, holding the packed
 * version; every n8n process gets the registry's environment, and the user folder the .npmrc
 * n8n 1.x's npm reads.
 */
import { e2eTarball } from '../../tools/n8n-server/installation';
import { LocalRegistry } from '../../tools/registry/localRegistry';

import type { E2eSetupOptions } from './setup';

export interface RegistryInstall {
	/** The running registry (inside hooks and tests). */
	readonly registry: LocalRegistry;
	/** The useN8n options that set it up; `env` is added to the registry's environment. */
	options(
		env?: Record<string, string>,
	): Pick<E2eSetupOptions, 'package' | 'servers' | 'env' | 'beforeStart'>;
}

export function registryInstall(): RegistryInstall {
	let registry: LocalRegistry | undefined;
	const running = (): LocalRegistry => {
		if (!registry) throw new Error('the registry is not running');
		return registry;
	};
	return {
		get registry() {
			return running();
		},
		options: (env = {}) => ({
			package: 'none',
			servers: [
				{
					start: async () => {
						registry = await LocalRegistry.start();
						await registry.publish(e2eTarball());
					},
					stop: async () => await registry?.stop(),
				},
			],
			env: () => ({ ...running().n8nEnv(), ...env }),
			beforeStart: (n8n) => running().writeNodesNpmrc(n8n.userFolder),
		}),
	};
}

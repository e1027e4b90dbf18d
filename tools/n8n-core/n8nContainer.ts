/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-side code runs under plain Node, never inside n8n */
import { dirname } from 'node:path';

/**
 * The `@n8n/di` container n8n-core itself uses. The repository holds two copies of
 * @n8n/di (n8n-core's own and an older one hoisted for @n8n/node-cli), so a plain
 * `import '@n8n/di'` here could configure the wrong one. Resolving from n8n-core's folder
 * and loading through `import()` keeps it in the caller's module registry (Jest's, under Jest).
 */
export async function n8nContainer(): Promise<typeof import('@n8n/di').Container> {
	const diPath = require.resolve('@n8n/di', { paths: [dirname(require.resolve('n8n-core'))] });
	const { Container } = (await import(diPath)) as typeof import('@n8n/di');
	return Container;
}

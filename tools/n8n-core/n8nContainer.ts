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

/** What nodes logged through n8n's Logger (warnings and errors), for tests to read. */
export const loggedMessages: Array<{ level: 'warn' | 'error'; message: string }> = [];

/**
 * Puts a Logger into n8n's container that keeps warnings and errors in `loggedMessages` and
 * prints nothing: the server's Logger would write them to the test output. Resolved from
 * n8n-core's folder for the same reason as the container itself.
 */
export async function recordN8nLogs(): Promise<void> {
	const Container = await n8nContainer();
	const path = require.resolve('@n8n/backend-common', {
		paths: [dirname(require.resolve('n8n-core'))],
	});
	const { Logger } = (await import(path)) as typeof import('@n8n/backend-common');
	const logger: object = Object.assign(Object.create(Logger.prototype) as object, {
		error: (message: string) => void loggedMessages.push({ level: 'error', message }),
		warn: (message: string) => void loggedMessages.push({ level: 'warn', message }),
		info: () => {},
		debug: () => {},
		scoped: () => logger,
	});
	Container.set(Logger, logger as InstanceType<typeof Logger>);
}

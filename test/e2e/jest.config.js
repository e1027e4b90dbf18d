/**
 * End-to-end tests (`npm run test:e2e`): the packed package inside a real n8n server
 * (installed by test/e2e/install-n8n.sh), driven over HTTP and n8n's CLI against the
 * simulator. Kept out of the default `npx jest` run: they need the n8n install (minutes, cached).
 * @type {import('jest').Config}
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{ tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: { warnOnly: false } },
		],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	// One n8n at a time (2-core machines): test files run one after the other.
	maxWorkers: 1,
	testTimeout: 300_000,
	slowTestThreshold: 60,
};

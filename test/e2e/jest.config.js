/**
 * End-to-end tests (`npm run test:e2e`): the packed package inside a real n8n server
 * (installed by tools/n8n-server/install-n8n.sh), driven over HTTP and n8n's CLI against the
 * simulator. Kept out of the default `npx jest` run: they need the n8n install (minutes, cached).
 * @type {import('jest').Config}
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// The 500-callback burst (a reliability measure, about a minute) and the queue-mode suite
	// (PostgreSQL, Redis, four n8n processes) run on the current n8n only; n8n 1.x runs every
	// compatibility scenario. Installing through N8N_COMMUNITY_PACKAGES needs n8n 2.21 or later.
	testPathIgnorePatterns:
		process.env.PIKA_E2E_HARNESS === 'n8n-1'
			? [
					'/node_modules/',
					'burst\\.e2e\\.test\\.ts$',
					'queue[^/]*\\.e2e\\.test\\.ts$',
					'installEnv\\.e2e\\.test\\.ts$',
				]
			: ['/node_modules/'],
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{ tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: { warnOnly: false } },
		],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	// One n8n at a time (2-core machines): test files run one after the other.
	maxWorkers: 1,
	testTimeout: 300_000,
	slowTestThreshold: 60,
};

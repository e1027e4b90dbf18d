/**
 * The unit tier (`npm run test:unit`, plain `npx jest`): unit and integration tests (test/**).
 * They run the nodes through n8n-core's real execution engine against the local API simulator;
 * nothing is mocked at the HTTP level. They need no build: test/e2e/ (real n8n servers,
 * test/e2e/jest.config.js) and test/package/ (dist/ and the npm pack tarball,
 * test/package/jest.config.js) are tiers of their own.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/package/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: { warnOnly: false } }] },
	testTimeout: 60_000,
	globalSetup: '<rootDir>/test/globalSetup.ts',
	globalTeardown: '<rootDir>/test/globalTeardown.ts',
	// Policy waits (10 s polls, queue waits, backoffs) on a virtual clock; PIKA_REAL_TIME=1 turns it off.
	setupFilesAfterEnv: ['<rootDir>/test/useVirtualClock.ts'],
};

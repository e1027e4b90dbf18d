/**
 * The package tier (`npm run test:package`): what users and n8n's verification get, read from
 * `dist/` and the `npm pack` tarball, so it runs after `npm run build`; plus package.json's
 * contract and the GitHub Actions workflows. The root config's transform and setup, these files only.
 * @type {import('jest').Config}
 */
const root = require('../../jest.config.js');

module.exports = {
	...root,
	rootDir: '../..',
	roots: ['<rootDir>/test/package'],
	testPathIgnorePatterns: ['/node_modules/'],
};

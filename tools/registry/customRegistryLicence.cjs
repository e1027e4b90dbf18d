/**
 * Test-only Node preload (`NODE_OPTIONS=--require <this file>`) for n8n processes that install
 * community packages from the local registry (tools/registry/localRegistry.ts).
 *
 * n8n installs from another registry than npmjs.com (N8N_COMMUNITY_PACKAGES_REGISTRY) only with
 * an Enterprise licence: CommunityPackagesService.getNpmRegistry() throws "Your license does not
 * allow for feat:communityNodes:customRegistry" otherwise. This makes exactly that one licence
 * check, License.prototype.isCustomNpmRegistryEnabled, answer true; every other licence check and
 * the whole installer (registry metadata request, `npm pack`, `npm install`, integrity check,
 * loading the nodes) run as n8n ships them. It is the one place the tests change n8n
 * (test/e2e/README.md says so).
 *
 * n8n's License class is found by what it is, not by its file path: the first module whose
 * exports hold a `License` class with that method (n8n/dist/license.js in 1.x and 2.x).
 */
'use strict';
const Module = require('node:module');

const load = Module._load;
Module._load = function loadAndPatchLicense(...args) {
	const loaded = load.apply(this, args);
	const License = loaded && typeof loaded === 'object' ? loaded.License : undefined;
	if (
		typeof License === 'function' &&
		typeof License.prototype?.isCustomNpmRegistryEnabled === 'function'
	) {
		License.prototype.isCustomNpmRegistryEnabled = () => true;
		Module._load = load;
	}
	return loaded;
};

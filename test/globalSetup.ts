/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/** One temporary folder per test run; every worker puts its files there (see globalTeardown.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup(): Promise<void> {
	// `npm test` names the Node major each stage must run on; refuse to pass on another one.
	const expected = process.env.PIKA_EXPECT_NODE_MAJOR;
	const actual = process.versions.node.split('.')[0];
	if (expected && expected !== actual) {
		throw new Error(
			`this test stage must run on Node ${expected}, not Node ${process.versions.node}`,
		);
	}
	process.env.PIKA_TEST_TMP = mkdtempSync(join(tmpdir(), 'pika-test-'));
}

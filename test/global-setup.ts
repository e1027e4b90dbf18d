/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/** One temporary folder per test run; every worker puts its files there (see global-teardown.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup(): Promise<void> {
	process.env.PIKA_TEST_TMP = mkdtempSync(join(tmpdir(), 'pika-test-'));
}

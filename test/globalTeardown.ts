/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/** Removes the run's temporary folder (binary data the tests stored on disk). */
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
	const folder = process.env.PIKA_TEST_TMP;
	if (folder) rmSync(folder, { recursive: true, force: true });
}

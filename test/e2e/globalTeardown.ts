/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Runs after every e2e run, passed or failed: kills whatever process group a test left behind
 * (recorded in pid files), then removes the run folder unless PIKA_E2E_KEEP=1 (to read logs).
 */
import { rmSync } from 'node:fs';

import { killRecordedGroups } from '../../tools/n8n-server/processes';

export default async function globalTeardown(): Promise<void> {
	const killed = killRecordedGroups();
	if (killed > 0)
		process.stderr.write(`e2e teardown: killed ${killed} leftover process group(s)\n`);
	const runDir = process.env.PIKA_E2E_RUN_DIR;
	if (!runDir) return;
	if (process.env.PIKA_E2E_KEEP === '1') process.stdout.write(`e2e: logs kept in ${runDir}\n`);
	else rmSync(runDir, { recursive: true, force: true });
}

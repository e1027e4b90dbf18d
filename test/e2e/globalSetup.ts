/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test-side code runs under plain Node, never inside n8n */
/**
 * Once per e2e run: checks that n8n is installed, packs the built package (what users get from
 * the registry), makes the run folder that instances, logs and pid files live in, and starts a
 * watchdog that kills every recorded n8n process group if Jest dies without its teardown
 * (Ctrl-C, SIGKILL, a CI timeout): n8n runs in its own process groups, which no signal to
 * Jest's group reaches.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findInstallation, packPackage } from '../../tools/n8n-server/installation';
import { pidDir } from '../../tools/n8n-server/processes';

const WATCHDOG = `
watch="$1" pids="$2" run="$3" keep="$4"
while kill -0 "$watch" 2>/dev/null; do sleep 2; done
for f in "$pids"/*; do [ -e "$f" ] && kill -KILL -- "-\${f##*/}" 2>/dev/null; done
case "$run" in */pika-e2e-*) [ "$keep" = 1 ] || rm -rf -- "$run" ;; esac
`;

export default async function globalSetup(): Promise<void> {
	const installation = findInstallation();
	const runDir = mkdtempSync(join(process.env.PIKA_E2E_TMP ?? tmpdir(), 'pika-e2e-'));
	process.env.PIKA_E2E_RUN_DIR = runDir;
	const watchdog = spawn(
		'bash',
		[
			'-c',
			WATCHDOG,
			'pika-e2e-watchdog',
			String(process.pid),
			pidDir(),
			runDir,
			process.env.PIKA_E2E_KEEP ?? '',
		],
		{ detached: true, stdio: 'ignore' },
	);
	watchdog.unref();
	process.env.PIKA_E2E_TARBALL = await packPackage(runDir);
	process.stdout.write(
		`\ne2e: n8n ${installation.version} on ${installation.node}; run folder ${runDir}\n`,
	);
}

/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a developer script under plain Node, never inside n8n */
/**
 * `npm run demo`: the package inside a real n8n at http://127.0.0.1:5678, next to the API
 * simulator on 127.0.0.1:8787, with a credential pointing at the simulator and every example
 * workflow imported. Prints the URL and the login; Ctrl-C stops all of it.
 * Reuses the e2e harness (test/e2e/lib): same install, same way of loading the package.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { importableExamples } from '../test/e2e/lib/examples';
import { packPackage } from '../test/e2e/lib/installation';
import { N8nInstance, OWNER } from '../test/e2e/lib/n8n-instance';
import { CREDENTIAL_REF } from '../test/e2e/lib/workflows';
import { createSimulator } from '../test/simulator';

const N8N_PORT = Number(process.env.PIKA_DEMO_N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.PIKA_DEMO_SIMULATOR_PORT ?? 8787);

async function main(): Promise<void> {
	const runDir = mkdtempSync(join(tmpdir(), 'pika-demo-'));
	process.env.PIKA_E2E_RUN_DIR = runDir;
	const sim = createSimulator({
		port: SIMULATOR_PORT,
		jobDurationMs: 8_000,
		progressAfterMs: 2_000,
		videoSize: 1024 * 1024,
		accounts: [{ discord: 'MTE.demo-account-discord-token.xyz', channel: '1190000000000000000', maxJobs: 3 }],
	});
	const simulatorUrl = await sim.start();
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping n8n and the simulator…\n');
		await n8n?.stop();
		await sim.stop();
		rmSync(runDir, { recursive: true, force: true });
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		const tarball = await packPackage(runDir);
		n8n = await N8nInstance.create(tarball, { port: N8N_PORT });
		await n8n.importCredentials([
			{ ...CREDENTIAL_REF, type: 'useApiPikaApi', data: { apiToken: sim.token, baseUrl: simulatorUrl } },
		]);
		await n8n.importWorkflows(importableExamples());
		await n8n.start();
		await n8n.setupOwner();
	} catch (error) {
		process.stderr.write(`demo: ${(error as Error).message}\n`);
		await stop(1);
		return;
	}
	process.stdout.write(
		[
			'',
			`n8n with n8n-nodes-useapi-pika: ${n8n.baseUrl}`,
			`  login: ${OWNER.email} / ${OWNER.password}`,
			`  credential "${CREDENTIAL_REF.name}" points at the simulator; example workflows imported`,
			`useapi.net simulator: ${simulatorUrl} (API token ${sim.token}; jobs finish after 8 s)`,
			'Press Ctrl-C to stop everything.',
			'',
		].join('\n'),
	);
}

void main();

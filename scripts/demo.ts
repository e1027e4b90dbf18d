/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a developer script under plain Node, never inside n8n */
/**
 * `npm run demo`: the package inside a real n8n at http://127.0.0.1:5678, next to the API
 * simulator on 127.0.0.1:8787, with a credential pointing at the simulator and every example
 * workflow imported. Prints the URL and the login; Ctrl-C stops all of it.
 *
 * n8n's data (workflows, credentials, executions, saved videos) lives in .demo/ in the
 * repository and is kept between runs; `npm run demo -- --fresh` deletes it first. The first
 * run seeds it (owner, credential, examples); later runs only install the new build.
 * Reuses the e2e harness (tools/n8n-server): same install, same way of loading the package.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { examplesFor } from '../tools/n8n-server/examples';
import { packPackage, REPO_ROOT } from '../tools/n8n-server/installation';
import { N8nInstance, OWNER } from '../tools/n8n-server/n8nInstance';
import { CREDENTIAL_REF, pikaCredential } from '../tools/n8n-server/workflows';
import { createSimulator } from '../tools/simulator';

const N8N_PORT = Number(process.env.PIKA_DEMO_N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.PIKA_DEMO_SIMULATOR_PORT ?? 8787);
const DATA_DIR = process.env.PIKA_DEMO_DIR ?? join(REPO_ROOT, '.demo');
/** Written once the owner, credential and examples exist: later runs keep what the user made. */
const SEEDED_MARK = join(DATA_DIR, 'seeded');

const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
	const fresh = process.argv.includes('--fresh');
	const shown = relative(process.cwd(), DATA_DIR) || DATA_DIR;
	if (fresh && existsSync(DATA_DIR)) {
		rmSync(DATA_DIR, { recursive: true, force: true });
		say(`Deleted the demo's n8n data (${shown}): starting clean.`);
	}
	const firstRun = !existsSync(SEEDED_MARK);
	const packDir = mkdtempSync(join(tmpdir(), 'pika-demo-'));
	// The harness records n8n's process groups (pid files) here; removed on exit.
	process.env.PIKA_E2E_RUN_DIR = packDir;
	const sim = createSimulator({
		port: SIMULATOR_PORT,
		jobDurationMs: 8_000,
		progressAfterMs: 2_000,
		playableVideo: true,
		accounts: [
			{ discord: 'MTE.demo-account-discord-token.xyz', channel: '1190000000000000000', maxJobs: 3 },
		],
	});
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the simulator…');
		await n8n?.stop();
		await sim.stop();
		rmSync(packDir, { recursive: true, force: true });
		if (existsSync(SEEDED_MARK))
			say(
				`Your workflows, credentials and executions are kept in ${shown}; \`npm run demo -- --fresh\` starts clean.`,
			);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		const simulatorUrl = await sim.start();
		say('Installing this package into the demo n8n…');
		const tarball = await packPackage(packDir);
		n8n = await N8nInstance.create(tarball, { port: N8N_PORT, root: DATA_DIR });
		if (firstRun) {
			say('First run: adding the credential and the example workflows…');
			await n8n.importCredentials([pikaCredential({ apiToken: sim.token, baseUrl: simulatorUrl })]);
			await n8n.importWorkflows(examplesFor(n8n.filesDir));
		}
		say('Starting n8n (about 20-60 s)…');
		await n8n.start();
		if (firstRun) {
			await n8n.setupOwner();
			writeFileSync(SEEDED_MARK, `${new Date().toISOString()}\n`);
		}
		say(
			[
				'',
				`n8n with n8n-nodes-useapi-pika: ${n8n.baseUrl}`,
				`  login: ${OWNER.email} / ${OWNER.password}`,
				`  credential "${CREDENTIAL_REF.name}" points at the simulator; the example workflows are under Overview`,
				`  videos the examples save go to ${relative(process.cwd(), n8n.filesDir)}`,
				`useapi.net simulator: ${simulatorUrl} (API token ${sim.token}; jobs finish after 8 s)`,
				`Your workflows, credentials and executions are kept in ${shown} between runs`,
				'  (`npm run demo -- --fresh` starts clean). Jobs of the simulator are not kept.',
				'Press Ctrl-C to stop everything.',
				'',
			].join('\n'),
		);
	} catch (error) {
		process.stderr.write(`demo: ${(error as Error).message}\n`);
		await stop(1);
	}
}

void main();

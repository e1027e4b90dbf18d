/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a developer script under plain Node, never inside n8n */
/**
 * `npm run demo`: the package inside a real n8n at http://127.0.0.1:5678, next to the API
 * simulator on 127.0.0.1:8787, with a credential pointing at the simulator and every example
 * workflow imported. Prints the URL and the login; Ctrl-C stops all of it.
 *
 * n8n's data (workflows, credentials, executions, saved videos) lives in .demo/ in the
 * repository and is kept between runs; `npm run demo -- --fresh` deletes it first. The first
 * run seeds it (owner, credentials, examples); later runs only install the new build.
 * Every example runs with nothing to fill in: the demo stands in for what an example needs of
 * the user's own (a URL that receives videos, a chat model), on fixed ports because the
 * imported examples keep pointing at them across runs.
 * Reuses the e2e harness (tools/n8n-server): same install, same way of loading the package.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import {
	DEMO_CHAT_MODEL,
	DEMO_RECEIVER_PATH,
	demoChatModelCredential,
	examplesFor,
} from '../tools/n8n-server/examples';
import { FakeOpenAi } from '../tools/n8n-server/fakeOpenai';
import { packPackage, REPO_ROOT } from '../tools/n8n-server/installation';
import { removeImportFiles } from '../tools/n8n-server/n8nCli';
import { N8nInstance, OWNER } from '../tools/n8n-server/n8nInstance';
import { Receiver, type ReceivedRequest } from '../tools/n8n-server/receiver';
import { CREDENTIAL_REF, pikaCredential } from '../tools/n8n-server/workflows';
import { POLLING } from '../nodes/shared/constants';
import { createSimulator } from '../tools/simulator';

const N8N_PORT = Number(process.env.PIKA_DEMO_N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.PIKA_DEMO_SIMULATOR_PORT ?? 8787);
/** Receives what trigger-post-video posts, in place of the user's own server. */
const RECEIVER_PORT = Number(process.env.PIKA_DEMO_RECEIVER_PORT ?? 8788);
/** An offline, scripted OpenAI-compatible chat model for ai-agent-pika-tool. */
const MODEL_PORT = Number(process.env.PIKA_DEMO_MODEL_PORT ?? 8789);
/** How long a simulator job runs. */
const JOB_SECONDS = 8;
const DATA_DIR = process.env.PIKA_DEMO_DIR ?? join(REPO_ROOT, '.demo');
/** Written once the owner, credential and examples exist: later runs keep what the user made. */
const SEEDED_MARK = join(DATA_DIR, 'seeded');

const say = (line = '') => process.stdout.write(`${line}\n`);

/** One line per video trigger-post-video posts, so its end is seen without a server of one's own. */
function reportUpload(request: ReceivedRequest): { body: string } {
	const query = new URL(request.url, 'http://receiver').searchParams;
	say(
		`Demo receiver: ${request.method} ${request.body.length} bytes (${request.headers['content-type'] ?? 'no type'}) for job ${query.get('jobid') ?? '?'}`,
	);
	return { body: JSON.stringify({ received: request.body.length }) };
}

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
		jobDurationMs: JOB_SECONDS * 1000,
		progressAfterMs: 2_000,
		playableVideo: true,
		accounts: [
			{ discord: 'MTE.demo-account-discord-token.xyz', channel: '1190000000000000000', maxJobs: 3 },
		],
	});
	const receiver = new Receiver(reportUpload);
	const model = new FakeOpenAi();
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the simulator…');
		await n8n?.stop();
		await Promise.all([sim.stop(), receiver.stop(), model.stop()]);
		rmSync(packDir, { recursive: true, force: true });
		// A credential file an interrupted import left behind holds the credential in plain text.
		removeImportFiles(DATA_DIR);
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
		const postUrl = `${await receiver.start(RECEIVER_PORT)}${DEMO_RECEIVER_PATH}`;
		await model.receiver.start(MODEL_PORT);
		const modelUrl = model.baseUrl;
		say('Installing this package into the demo n8n…');
		const tarball = await packPackage(packDir);
		n8n = await N8nInstance.create(tarball, { port: N8N_PORT, root: DATA_DIR });
		if (firstRun) {
			say('First run: adding the credentials and the example workflows…');
			await n8n.importCredentials([
				pikaCredential({ apiToken: sim.token, baseUrl: simulatorUrl }),
				demoChatModelCredential(modelUrl),
			]);
			await n8n.importWorkflows(examplesFor(n8n.filesDir, { postUrl, chatModel: DEMO_CHAT_MODEL }));
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
				`  credential "${CREDENTIAL_REF.name}" points at the simulator. The examples, under Overview, run as they are:`,
				`  - create a video, wait for it, save it: Execute workflow; the video goes to ${relative(process.cwd(), n8n.filesDir)}`,
				'  - pause until useapi.net calls back: Execute workflow (it runs the request pinned on Webhook)',
				`  - when a video is ready, post it to a URL: Publish it, then create a video; it posts to ${postUrl},`,
				'    a receiver of the demo that prints a line here for each video',
				`  - an AI agent: Open chat and ask for a video; its model, "${DEMO_CHAT_MODEL.name}",`,
				'    runs offline: it passes your message to the Pika tool as the prompt and quotes the answer',
				`useapi.net simulator: ${simulatorUrl} (API token ${sim.token}). A job finishes ${JOB_SECONDS} s after it starts;`,
				`  Wait for Completion checks every ${POLLING.defaultSeconds} s (its default Poll Interval), so a Create that waits returns after about ${POLLING.defaultSeconds + 1} s.`,
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

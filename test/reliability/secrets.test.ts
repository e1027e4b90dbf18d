/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * No secret leaves through the node: neither the API token nor a Discord token (the
 * credential's, a configured account's, one typed into a field) appears in output items,
 * error messages or descriptions, the errors as thrown (cause included, as a logger would
 * JSON.stringify them), the execution's run data, or what n8n-core reported (logged).
 *
 * The runs hit every error path: API errors and network faults on the endpoints that carry
 * a Discord token (Create, Create or Update) and on the others, with and without
 * continue-on-fail, plus validation errors, a real 401, failed and timed-out jobs, the
 * credential test. The secrets are really in play: the test checks they were sent.
 */
import type { INodeParameters, INodeProperties, IRun } from 'n8n-workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { UseApiPikaApi } from '../../credentials/UseApiPikaApi.credentials';
import { Pika } from '../../nodes/Pika/Pika.node';
import { PikaTrigger } from '../../nodes/PikaTrigger/PikaTrigger.node';
import { reportedErrors, testCredential } from '../../tools/n8n-core/credentialTester';
import type { RunNodeOptions, RunNodeResult } from '../../tools/n8n-core/runNode';
import { runPikaNode } from '../../tools/n8n-core/runNode';
import { ACCOUNT, CREDENTIAL_CHANNEL, CREDENTIAL_DISCORD } from '../nodes/Pika/setup';
import type { PikaSimulator } from '../../tools/simulator';
import type { FaultId } from './faultMatrix.cases';
import { FAULT_IDS } from './faultMatrix.cases';
import { runRow } from './runRow';
import { leaksIn, loggedJson, reachableText } from './secretScan';
import { ENDPOINTS, OTHER_ACCOUNT, completedJob, startJob, startSimulator } from './setup';

const API_TOKEN = 'user:4242-R3l1ab1l1ty-api-token-9f2c';
const WRONG_TOKEN = 'user:4242-mistyped-api-token-0d7e';
const DISCORD_FROM_FIELD = 'MTk4.token-typed-into-a-field.Hq2v';
const SECRETS = {
	'API token': API_TOKEN,
	'mistyped API token': WRONG_TOKEN,
	'credential Discord token': CREDENTIAL_DISCORD,
	'configured account Discord token': ACCOUNT.discord,
	'second account Discord token': OTHER_ACCOUNT.discord,
	'Discord token from a field': DISCORD_FROM_FIELD,
};
const CREDENTIALS = {
	apiToken: API_TOKEN,
	discordToken: CREDENTIAL_DISCORD,
	discordChannel: CREDENTIAL_CHANNEL,
};

/** Requests that carried a Discord token to the API, across all runs (proof the secrets were in play). */
let discordTokensSent = 0;

/**
 * The run data, minus the input items n8n keeps on its stack after a failure (to resume):
 * they are what the user fed in — here a Discord token typed into an item — not a leak.
 */
function runDataOf(run: IRun): unknown {
	const stack = run.data.executionData?.nodeExecutionStack ?? [];
	const withoutInput = stack.map((entry) => ({ ...entry, data: '[input items]' }));
	return {
		...run,
		data: {
			...run.data,
			executionData: { ...run.data.executionData, nodeExecutionStack: withoutInput },
		},
	};
}

function expectNoLeak(result: RunNodeResult): void {
	const left = { items: result.items, error: result.error, run: runDataOf(result.run) };
	const error = result.error as (RunNodeResult['error'] & { cause?: unknown }) | undefined;
	const text = [
		reachableText(left),
		loggedJson(left),
		error ? JSON.stringify(error) : '',
		error?.cause ? loggedJson(error.cause) : '',
	].join('\n');
	expect(leaksIn(text, SECRETS)).toEqual([]);
}

function countDiscordSent(sim: { requests: PikaSimulator['requests'] }): void {
	discordTokensSent += sim.requests.filter(
		(r) =>
			r.fields.discord === CREDENTIAL_DISCORD ||
			(r.json as { discord?: string } | undefined)?.discord !== undefined,
	).length;
}

const byOperation = (operation: string) =>
	ENDPOINTS.find((endpoint) => endpoint.operation === operation)!;
/** The faults of the reads: the error paths they have (the slow ones are covered on the writes). */
const READ_FAULTS: FaultId[] = [
	'401',
	'503',
	'reset after the body',
	'malformed JSON',
	'empty body',
	'response timeout',
];
const CELLS = [
	...FAULT_IDS.map((fault) => ({ operation: 'Create', fault, continueOnFail: false })),
	...FAULT_IDS.map((fault) => ({
		operation: 'Create or Update (account)',
		fault,
		continueOnFail: true,
	})),
	...['Get', 'Cancel', 'Get Many (accounts)', 'Delete (account)', 'Download Video'].flatMap(
		(operation) =>
			READ_FAULTS.flatMap((fault) =>
				[false, true].map((continueOnFail) => ({ operation, fault, continueOnFail })),
			),
	),
];

describe('no secret in anything a run leaves behind', () => {
	it.each(CELLS)(
		'$operation, $fault, continue on fail: $continueOnFail',
		async ({ operation, fault, continueOnFail }) => {
			const observed = await runRow(byOperation(operation), fault, {
				simulator: { tokens: [API_TOKEN] },
				credentials: CREDENTIALS,
				continueOnFail,
			});
			countDiscordSent({ requests: observed.allRequests });
			expectNoLeak(observed.result);
		},
		30_000,
	);

	/** A scenario against a simulator of its own that accepts API_TOKEN. */
	async function scenario(
		run: (
			sim: PikaSimulator,
			node: (
				o: Omit<RunNodeOptions, 'credentials'> & Partial<RunNodeOptions>,
			) => Promise<RunNodeResult>,
		) => Promise<void>,
	) {
		const sim = await startSimulator({ tokens: [API_TOKEN], jobDurationMs: Infinity });
		try {
			await run(sim, async (options) => {
				const result = await runPikaNode({
					...options,
					credentials: { baseUrl: sim.baseUrl, ...CREDENTIALS, ...options.credentials },
				});
				expectNoLeak(result);
				return result;
			});
			countDiscordSent(sim);
		} finally {
			await sim.stop();
		}
	}

	it.each([false, true])(
		'a real 401 for a mistyped token (continue on fail: %p)',
		async (continueOnFail) => {
			await scenario(async (sim, node) => {
				const result = await node({
					parameters: { resource: 'job', operation: 'create', prompt: 'x' },
					credentials: { apiToken: WRONG_TOKEN },
					continueOnFail,
				});
				expect(sim.requests.map((r) => [r.auth, r.status])).toEqual([['invalid', 401]]);
				expect(JSON.stringify(continueOnFail ? result.items : result.error?.message)).toContain(
					'Unauthorized',
				);
			});
		},
	);

	it.each([false, true])(
		'a token from a field that another account uses: the API refuses it (continue on fail: %p)',
		async (continueOnFail) => {
			await scenario(async (sim, node) => {
				const parameters = {
					resource: 'account',
					operation: 'upsert',
					channel: '1190000000000000999',
					maxJobs: 2,
					discordTokenSource: 'field',
					discordToken: '={{ $json.token }}',
				};
				await node({ parameters, items: [{ json: { token: ACCOUNT.discord } }], continueOnFail });
				expect(
					sim.requests.map((r) => [(r.json as { discord: string }).discord, r.status]),
				).toEqual([[ACCOUNT.discord, 400]]);
			});
		},
	);

	it.each([false, true])(
		'validation errors next to secrets (continue on fail: %p)',
		async (continueOnFail) => {
			await scenario(async (sim, node) => {
				const upsert = {
					resource: 'account',
					operation: 'upsert',
					channel: '={{ $json.channel }}',
					maxJobs: 2,
					discordTokenSource: 'field',
					discordToken: '={{ $json.token }}',
				};
				await node({
					parameters: upsert,
					items: [{ json: { channel: 'abc', token: DISCORD_FROM_FIELD } }],
					continueOnFail,
				});
				const create = {
					resource: 'job',
					operation: 'create',
					prompt: 'x',
					options: { replyUrl: '={{ $json.url }}' },
				};
				await node({
					parameters: create,
					items: [
						{ json: { url: 'https://example.com/ok' } },
						{ json: { url: 'javascript:alert(1)' } },
					],
					continueOnFail,
				});
				expect(sim.requests.length).toBe(continueOnFail ? 1 : 0);
			});
		},
	);

	it('an account listed with its Discord token in clear comes out masked', async () => {
		await scenario(async (sim, node) => {
			const account = {
				channel: OTHER_ACCOUNT.channel,
				maxJobs: 10,
				discord: OTHER_ACCOUNT.discord,
			};
			sim.injectFault({
				method: 'GET',
				path: '/v1/pika/account',
				fault: { status: 200, body: { [account.channel]: account } },
			});
			const result = await node({ parameters: { resource: 'account', operation: 'getAll' } });
			expect(result.items.map((item) => item.json.discord)).toEqual([
				`${OTHER_ACCOUNT.discord.slice(0, 3)}…secured…${OTHER_ACCOUNT.discord.slice(-3)}`,
			]);
		});
	});

	it('a failed job, a timed-out wait, a download: the CDN never gets the API token', async () => {
		await scenario(async (sim, node) => {
			const failing = await startJob(sim, 'will fail');
			sim.finishNow(failing, 'failed', { error: 'Pika could not render' });
			const running = await startJob(sim, 'still running');
			const done = await completedJob(sim, 'to download');
			const get = (jobId: string, options: INodeParameters): INodeParameters => ({
				resource: 'job',
				operation: 'get',
				jobId,
				options,
			});
			const failed = await node({ parameters: get(failing, { waitForCompletion: true }) });
			expect(failed.error?.message).toContain('ended with status "failed": Pika could not render');
			const late = await node({
				parameters: get(running, { waitForCompletion: true, maxWait: 0 }),
			});
			expect(late.error?.message).toContain('did not finish within 0 minutes');
			await node({ parameters: get(done, { downloadVideo: true }) });
			expect(sim.downloads.map((d) => d.authorizationSent)).toEqual([false]);
		});
	});

	it('the credential test with a mistyped token reports "Unauthorized" and nothing else', async () => {
		const sim = await startSimulator({ tokens: [API_TOKEN] });
		try {
			const result = await testCredential(new UseApiPikaApi(), {
				apiToken: WRONG_TOKEN,
				baseUrl: sim.baseUrl,
			});
			expect(result.status).toBe('Error');
			expect(leaksIn(reachableText(result), SECRETS)).toEqual([]);
		} finally {
			await sim.stop();
		}
	});

	it('the scan itself finds a token hidden deep in a cause, URL-encoded or base64', () => {
		const headers = { Authorization: `Bearer ${Buffer.from(API_TOKEN).toString('base64')}` };
		const error = new Error('request failed', {
			cause: { config: { headers, url: `/x?t=${encodeURIComponent(WRONG_TOKEN)}` } },
		});
		Object.defineProperty(error, 'hidden', { value: CREDENTIAL_DISCORD, enumerable: false });
		const found = new Set(
			leaksIn(reachableText(error), SECRETS).map((leak) => leak.split(' (')[0]),
		);
		expect([...found]).toEqual(['API token', 'mistyped API token', 'credential Discord token']);
	});

	it('what n8n-core reported (logged) holds no secret either, and the secrets were really sent', () => {
		expect(reportedErrors.length).toBeGreaterThan(0);
		expect(leaksIn(reachableText(reportedErrors) + loggedJson(reportedErrors), SECRETS)).toEqual(
			[],
		);
		expect(discordTokensSent).toBeGreaterThan(20);
	});
});

describe('credential values never sit in node parameters or example workflows', () => {
	const properties = (nodeProperties: INodeProperties[]): INodeProperties[] =>
		nodeProperties.flatMap((p) => [
			p,
			...properties((p.options ?? []).filter((o): o is INodeProperties => 'type' in o)),
		]);

	it.each([
		['Pika', new Pika().description.properties],
		['Pika Trigger', new PikaTrigger().description.properties],
	])(
		'%s: no parameter for the API token or base URL; a token field is a password, empty by default',
		(_name, nodeProperties) => {
			const all = properties(nodeProperties);
			expect(all.filter((p) => /apiToken|baseUrl|bearer/i.test(p.name))).toEqual([]);
			for (const p of all.filter((p) => /(token|secret|password)$/i.test(p.name))) {
				expect([p.name, p.typeOptions?.password, p.default]).toEqual([p.name, true, '']);
			}
		},
	);

	const examplesDir = join(__dirname, '../../examples');
	const files = readdirSync(examplesDir).filter((file) => file.endsWith('.json'));

	it.each(files)('examples/%s: credentials by reference only, no token anywhere', (file) => {
		const text = readFileSync(join(examplesDir, file), 'utf8');
		const workflow = JSON.parse(text) as {
			nodes: Array<{ credentials?: Record<string, object>; parameters?: Record<string, unknown> }>;
		};
		for (const node of workflow.nodes) {
			for (const reference of Object.values(node.credentials ?? {}))
				expect(Object.keys(reference).sort()).toEqual(['id', 'name']);
		}
		expect(text).not.toMatch(/\buser:\d+-[\w-]{6,}/); // a useapi.net API token
		expect(text).not.toMatch(/[MN][\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/); // a Discord token
		expect(text).not.toMatch(/Bearer\s+\w/i);
		expect(text).not.toMatch(/"(apiToken|discordToken|token|password)"\s*:\s*"(?!=|")/);
		expect(leaksIn(text, SECRETS)).toEqual([]);
	});
});

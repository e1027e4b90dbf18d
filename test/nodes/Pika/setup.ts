/**
 * Shared setup of the Pika node tests: a fresh simulator per test (so request logs and job
 * counts belong to that test alone), credentials pointing at it, and small builders.
 *
 * Jobs never finish on a timer here (jobDurationMs and progressAfterMs: Infinity): a test that needs a finished
 * job finishes it with the simulator's control API, so nothing depends on timing.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

import type { RunNodeOptions, RunNodeResult } from '../../../tools/n8n-core/runNode';
import { binaryProperty, runPikaNode } from '../../../tools/n8n-core/runNode';
import { createSimulator } from '../../../tools/simulator';
import type { PikaSimulator, RequestRecord, SimulatorOptions } from '../../../tools/simulator';

/** The account configured in the simulator by default (its Discord token must never leak). */
export const ACCOUNT = {
	discord: 'MTEy.configured-account-discord-token.Zq9x',
	channel: '1190000000000000001',
	maxJobs: 10,
};

/** A Discord token that only the credential holds. */
export const CREDENTIAL_DISCORD = 'MTk5.credential-only-discord-token.Kp3w';
export const CREDENTIAL_CHANNEL = '1190000000000000777';

export interface SimulatorFixture {
	readonly sim: PikaSimulator;
	readonly baseUrl: string;
	/** The credential as a user would type it for this simulator, plus `extra`. */
	credentials(extra?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject;
	/** runPikaNode with this simulator's credentials unless the options give their own. */
	run(
		options: Omit<RunNodeOptions, 'credentials'> & { credentials?: ICredentialDataDecryptedObject },
	): Promise<RunNodeResult>;
}

/** Registers beforeEach/afterEach hooks that start and stop a fresh simulator for every test. */
export function useSimulator(options: SimulatorOptions = {}): SimulatorFixture {
	let sim: PikaSimulator | undefined;
	let baseUrl = '';
	beforeEach(async () => {
		sim = createSimulator({
			jobDurationMs: Infinity,
			progressAfterMs: Infinity,
			accounts: [ACCOUNT],
			...options,
		});
		baseUrl = await sim.start();
	});
	afterEach(async () => {
		await sim?.stop();
		sim = undefined;
	});
	const fixture: SimulatorFixture = {
		get sim() {
			if (!sim) throw new Error('simulator not started (use inside a test)');
			return sim;
		},
		get baseUrl() {
			return baseUrl;
		},
		credentials: (extra = {}) => ({ apiToken: fixture.sim.token, baseUrl, ...extra }),
		run: async ({ credentials, ...rest }) =>
			await runPikaNode({ ...rest, credentials: credentials ?? fixture.credentials() }),
	};
	return fixture;
}

export function createParameters(prompt: string, extra: INodeParameters = {}): INodeParameters {
	return { resource: 'job', operation: 'create', prompt, ...extra };
}

export function retryParameters(jobId: string, extra: INodeParameters = {}): INodeParameters {
	return { resource: 'job', operation: 'retry', jobId, button: 'retry', ...extra };
}

export function getParameters(jobId: string): INodeParameters {
	return { resource: 'job', operation: 'get', jobId };
}

/** A resource-locator value for the Channel option, as the UI stores "By ID". */
export function channelById(channel: string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value: channel };
}

/** `count` empty input items. */
export function emptyItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, () => ({ json: {} }));
}

/** Items whose json carries a prompt, for parameters such as `={{ $json.prompt }}`. */
export function promptItems(prompts: string[]): INodeExecutionData[] {
	return prompts.map((prompt) => ({ json: { prompt } }));
}

/**
 * Every byte value 0..255, then the byte sequences a multipart encoder or parser is most
 * likely to mangle (CRLF, a blank line, a boundary-like line, lone CR and LF), then every
 * byte value again in reverse.
 */
export function trickyImageBytes(): Buffer {
	const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
	return Buffer.concat([
		all,
		Buffer.from(
			'\r\n\r\n--boundary\r\nContent-Disposition: form-data; name="x"\r\n\r\n\r\r\n\n',
			'latin1',
		),
		Buffer.from([...all].reverse()),
		Buffer.from('\r\n', 'latin1'),
	]);
}

/** The API requests the simulator received for one method + path (trailing slashes ignored). */
/** A job that went through Create and was then completed by the simulator. */
export async function completedJob(fx: SimulatorFixture, prompt: string): Promise<string> {
	const result = await fx.run({ parameters: createParameters(prompt) });
	expect(result.error).toBeUndefined();
	const jobid = String(result.items[0].json.jobid);
	fx.sim.completeJob(jobid);
	return jobid;
}

/** An item holding the tricky start image as a PNG in `property`. */
export async function imageItem(
	property = 'data',
	fileName = 'start.png',
): Promise<INodeExecutionData> {
	return {
		json: {},
		binary: { [property]: await binaryProperty(trickyImageBytes(), fileName, 'image/png') },
	};
}

export function requestsTo(sim: PikaSimulator, method: string, path: string): RequestRecord[] {
	const wanted = path.replace(/\/+$/, '');
	return sim.requests.filter((r) => r.method === method && r.path.replace(/\/+$/, '') === wanted);
}

/** The job JSON exactly as the API returns it for a job (the body's `code` included). */
export function apiJob(sim: PikaSimulator, jobid: string): IDataObject {
	const job = sim.job(jobid);
	if (!job) throw new Error(`the simulator has no job ${jobid}`);
	return { ...job, code: 200 } as unknown as IDataObject;
}

/** Everything a user or a log could see of a run: output items and the recorded error. */
export function visibleText(result: RunNodeResult): string {
	return JSON.stringify({
		items: result.items,
		error: result.error,
		run: result.run.data.resultData,
	});
}

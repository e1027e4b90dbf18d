/**
 * One cell of the fault matrix: an operation run through n8n-core's engine against a
 * simulator of its own, with one fault on the endpoint it calls. Shared by the fault matrix
 * and the secrets test (which runs the same cells with secrets in the credential).
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunNodeResult } from '../../tools/n8n-core/runNode';
import { runPikaNode } from '../../tools/n8n-core/runNode';
import type { PikaSimulator, RequestRecord, SimulatorOptions } from '../../tools/simulator';
import type { FaultId } from './faultMatrix.cases';
import { FAULTS } from './faultMatrix.cases';
import type { Arranged, Endpoint } from './setup';
import { closedPort, credentialsFor, pikaWithTimeout, settled, startSimulator } from './setup';

/** The node's timeouts during a 'response timeout' cell (production: 120 s, downloads 10 min). */
const SHORT_TIMEOUT_MS = 300;
/** A submit's late answer comes after the node gave up, as a slow API would send it. */
const LATE_ANSWER_MS = 1_500;

export interface RowOptions {
	simulator?: SimulatorOptions;
	/** Added to the credential (over the simulator's token and URL). */
	credentials?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
}

export interface Observed {
	items: INodeExecutionData[];
	result: RunNodeResult;
	/** Requests that reached the faulted endpoint. */
	requests: RequestRecord[];
	/** Every request the simulator received during the run. */
	allRequests: RequestRecord[];
	jobs: number;
	arranged: Arranged;
}

/** Makes the endpoint's next request fail the way `faultId` says; returns the base URL to use. */
async function injectFault(
	sim: PikaSimulator,
	endpoint: Endpoint,
	faultId: FaultId,
	arranged: Arranged,
): Promise<string> {
	const fault = FAULTS[faultId];
	if (fault !== 'refused') {
		const injected =
			fault === 'timeout'
				? endpoint.kind === 'submit'
					? { delayMs: LATE_ANSWER_MS }
					: 'timeout'
				: fault;
		sim.injectFault({ method: endpoint.method, path: endpoint.path, fault: injected });
		return sim.baseUrl;
	}
	const deadUrl = `http://127.0.0.1:${await closedPort()}`;
	if (endpoint.kind !== 'download') return deadUrl;
	// The API answers; the attachment link it hands out leads to a port where nothing listens.
	const job = { ...sim.job(String(arranged.jobid)), code: 200 } as unknown as IDataObject;
	job.attachments = (job.attachments as IDataObject[]).map((a) => ({
		...a,
		url: String(a.url).replace(sim.baseUrl, deadUrl),
	}));
	sim.injectFault({
		method: 'GET',
		path: /^\/v1\/pika\/jobs\/?$/,
		fault: { status: 200, body: job },
	});
	return sim.baseUrl;
}

export async function runRow(
	endpoint: Endpoint,
	faultId: FaultId,
	options: RowOptions = {},
): Promise<Observed> {
	const sim = await startSimulator(options.simulator);
	try {
		const arranged = await endpoint.arrange(sim);
		sim.clearLogs();
		const baseUrl = await injectFault(sim, endpoint, faultId, arranged);
		const result = await runPikaNode({
			parameters: arranged.parameters,
			items: arranged.items,
			credentials: {
				...credentialsFor(sim, { ...arranged.credentials, ...options.credentials }),
				baseUrl,
			},
			continueOnFail: options.continueOnFail,
			nodeType: FAULTS[faultId] === 'timeout' ? pikaWithTimeout(SHORT_TIMEOUT_MS) : undefined,
		});
		await settled(sim);
		return {
			items: result.items,
			result,
			requests: sim.requests.filter(
				(r) => r.method === endpoint.method && endpoint.path.test(r.path),
			),
			allRequests: [...sim.requests],
			jobs: sim.createdJobCount,
			arranged,
		};
	} finally {
		await sim.stop();
	}
}

/**
 * Fault injection: status faults (JSON, HTML, malformed, empty), socket resets before/after the
 * body, never-answering requests, delays; matching by method/path/RegExp and `times`.
 */
import FormData from 'form-data';
import { sleep } from 'n8n-workflow';

import { FaultPresets } from '../../../tools/simulator/index';
import {
	SEED_CHANNEL,
	SEED_DISCORD,
	freshSimulatorEachTest,
	getJson,
	http,
	postForm,
} from './setup';

const fx = freshSimulatorEachTest({ jobDurationMs: 60_000 });

function createForm() {
	const form = new FormData();
	form.append('discord', SEED_DISCORD);
	form.append('channel', SEED_CHANNEL);
	form.append('prompt', 'p');
	return form;
}
const create = () => postForm(`${fx.base}/v1/pika/create`, createForm(), fx.sim.token);
const account = () => getJson(`${fx.base}/v2/account`, fx.sim.token);

describe('status faults', () => {
	it('JSON error for `times` requests, then normal service; faults are recorded', async () => {
		const handle = fx.sim.injectFault({
			path: '/v1/pika/create',
			times: 2,
			fault: { status: 503, body: { error: 'Service Unavailable', code: 503 } },
		});
		for (let i = 0; i < 2; i++) {
			const res = await create();
			expect(res.status).toBe(503);
			expect(res.json).toEqual({ error: 'Service Unavailable', code: 503 });
		}
		expect(handle).toMatchObject({ served: 2, remaining: 0 });
		expect((await create()).status).toBe(200);
		expect(fx.sim.createdJobCount).toBe(1);
		expect(fx.sim.faultsServed.map((f) => [f.method, f.path, f.kind, f.status])).toEqual([
			['POST', '/v1/pika/create', 'status-503', 503],
			['POST', '/v1/pika/create', 'status-503', 503],
		]);
		expect(fx.sim.requests.map((r) => r.fault)).toEqual(['status-503', 'status-503', undefined]);
	});

	it('method filter and RegExp paths', async () => {
		fx.sim.injectFault({ method: 'POST', path: /^\/v2\//, fault: FaultPresets.jsonError(500) });
		expect((await account()).status).toBe(200); // GET does not match
		fx.sim.injectFault({ method: 'GET', path: /^\/v2\/acc/, fault: FaultPresets.jsonError(500) });
		expect((await account()).json).toEqual({ error: 'Internal Server Error', code: 500 });
	});

	it('presets: 504 job queued, 596, HTML page, malformed JSON, empty body, custom headers', async () => {
		fx.sim.injectFault({ path: '/v1/pika/create', fault: FaultPresets.jobQueued504() });
		const queued = await create();
		expect(queued.status).toBe(504);
		expect(queued.json.error).toMatch(/^Job queued\./);

		fx.sim.injectFault({ path: '/v1/pika/create', fault: FaultPresets.accountError596() });
		expect((await create()).status).toBe(596);

		fx.sim.injectFault({ path: '/v2/account', fault: FaultPresets.htmlErrorPage(502) });
		const html = await account();
		expect(html.status).toBe(502);
		expect(html.headers['content-type']).toMatch(/^text\/html/);
		expect(html.text).toContain('<html>');

		fx.sim.injectFault({ path: '/v2/account', fault: FaultPresets.malformedJson(200) });
		const broken = await account();
		expect(broken.status).toBe(200);
		expect(() => JSON.parse(broken.text)).toThrow();

		fx.sim.injectFault({ path: '/v2/account', fault: FaultPresets.emptyBody(200) });
		const empty = await account();
		expect([empty.status, empty.body.length]).toEqual([200, 0]);

		fx.sim.injectFault({
			path: '/v2/account',
			fault: {
				status: 429,
				body: { error: 'slow down', code: 429 },
				headers: { 'retry-after': '3' },
			},
		});
		const limited = await account();
		expect(limited.headers['retry-after']).toBe('3');
		expect(fx.sim.createdJobCount).toBe(0);
	});

	it('applies to the CDN too', async () => {
		fx.sim.configure({ jobDurationMs: Infinity });
		const res = await create();
		const job = fx.sim.completeJob(res.json.jobid);
		fx.sim.injectFault({ path: '/cdn/', fault: FaultPresets.jsonError(503, 'cdn down') });
		expect((await http(job.attachments![0].url)).status).toBe(503);
		expect((await http(job.attachments![0].url)).status).toBe(200);
	});
});

describe('connection faults', () => {
	it("'reset-before-body': socket destroyed, nothing processed", async () => {
		fx.sim.injectFault({ path: '/v1/pika/create', fault: 'reset-before-body' });
		await expect(create()).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
		expect(fx.sim.createdJobCount).toBe(0);
		expect(fx.sim.requests[0]).toMatchObject({ fault: 'reset-before-body', status: undefined });
	});

	it("'reset-after-body': the job IS created, but the client gets no answer", async () => {
		fx.sim.injectFault({ path: '/v1/pika/create', fault: 'reset-after-body' });
		await expect(create()).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(fx.sim.createdJobCount).toBe(1);
		expect(fx.sim.jobs[0]).toMatchObject({ status: 'started', prompt: 'p' });
		expect(fx.sim.requests[0]).toMatchObject({
			fault: 'reset-after-body',
			fields: { prompt: 'p' },
		});
		// A naive retry now creates a duplicate — exactly what this fault is for.
		expect((await create()).status).toBe(200);
		expect(fx.sim.createdJobCount).toBe(2);
	});

	it("'timeout': never answers until the client gives up or stop() is called", async () => {
		fx.sim.injectFault({ path: '/v2/account', fault: 'timeout' });
		let settled = false;
		const pending = account().then(
			() => (settled = true),
			(error: Error) => {
				settled = true;
				throw error;
			},
		);
		await fx.sim.waitFor(() => fx.sim.requests.length === 1);
		await sleep(200);
		expect(settled).toBe(false);
		await fx.sim.stop();
		await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(fx.sim.requests[0]).toMatchObject({ fault: 'timeout', status: undefined });
	});

	it('{ delayMs }: answers normally after the delay', async () => {
		fx.sim.injectFault({ path: '/v1/pika/create', fault: { delayMs: 150 } });
		const started = Date.now();
		const res = await create();
		expect(res.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(fx.sim.faultsServed[0].kind).toBe('delay-150');
	});

	it('remove() and clearFaults() disarm rules', async () => {
		const handle = fx.sim.injectFault({
			path: '/v2/account',
			times: Infinity,
			fault: FaultPresets.jsonError(500),
		});
		expect((await account()).status).toBe(500);
		expect((await account()).status).toBe(500);
		handle.remove();
		expect((await account()).status).toBe(200);
		fx.sim.injectFault({ path: '/v2/account', fault: FaultPresets.jsonError(500) });
		fx.sim.clearFaults();
		expect((await account()).status).toBe(200);
	});
});

/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * Reading an n8n server's state over HTTP: executions (public API and the editor's list),
 * and whether an activation or deactivation has been applied; and a manual run the way the
 * editor starts one.
 */
import type { HttpResult, N8nInstance } from './n8nInstance';
import type { RunData } from './runData';

/** An execution as the public API lists it (run data only with includeData=true). */
export interface ExecutionSummary extends Partial<RunData> {
	id: string;
	finished: boolean;
	status?: string;
	mode?: string;
	startedAt: string;
	stoppedAt: string | null;
	waitTill?: string | null;
	workflowId: string;
}

/**
 * Waits until n8n has applied the last activation or deactivation of a workflow. n8n 2.x
 * applies them in the background (a publication outbox) after the API call has answered;
 * n8n 1.x applies them before answering and has no publication status (404).
 *
 * Without `expected` it returns the first status that is not `in_progress`. Under load that can
 * still be the status from before the change, so callers that know the outcome pass it
 * (`published` / `not_published`): the wait then lasts until n8n reports exactly that, and a
 * `failed` or `partial` publication is an error.
 */
export async function waitForPublication(
	n8n: N8nInstance,
	workflowId: string,
	timeoutMs = 60_000,
	expected?: 'published' | 'not_published',
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const result = await n8n.http<{ data?: { status?: string } }>(
			'GET',
			`/rest/workflows/${workflowId}/publication-status`,
		);
		if (result.status === 404) return 'applied synchronously';
		const status = result.body.data?.status;
		if (expected) {
			if (status === expected) return status;
			if (status === 'failed' || status === 'partial')
				throw new Error(`${workflowId}: publication ${status}: ${result.text}`);
		} else if (result.status === 200 && status && status !== 'in_progress') return status;
		if (Date.now() > deadline)
			throw new Error(
				`publication of ${workflowId} still ${status ?? result.status} after ${timeoutMs} ms`,
			);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** Every execution of a workflow (newest first), all pages of the public API. */
export async function listExecutions(
	n8n: N8nInstance,
	workflowId: string,
	options: { includeData?: boolean; status?: string } = {},
): Promise<ExecutionSummary[]> {
	const all: ExecutionSummary[] = [];
	let cursor: string | undefined;
	for (;;) {
		const query = new URLSearchParams({
			workflowId,
			includeData: String(options.includeData ?? false),
			limit: '250',
			...(options.status ? { status: options.status } : {}),
			...(cursor ? { cursor } : {}),
		});
		const page = await n8n.http<{ data?: ExecutionSummary[]; nextCursor?: string | null }>(
			'GET',
			`/api/v1/executions?${query.toString()}`,
			{ auth: 'apiKey', timeoutMs: 120_000 },
		);
		if (page.status !== 200 || !page.body.data)
			throw new Error(`executions of ${workflowId}: ${page.status} ${page.text.slice(0, 500)}`);
		all.push(...page.body.data);
		cursor = page.body.nextCursor ?? undefined;
		if (!cursor || page.body.data.length === 0) return all;
	}
}

/**
 * Executions of a workflow as the editor lists them (`/rest/executions`, no run data):
 * unlike n8n 1.x's public API, this list includes waiting executions.
 */
export async function editorExecutions(
	n8n: N8nInstance,
	workflowId: string,
): Promise<Array<{ id: string; status: string; waitTill?: string | null }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await n8n.http<{
		data?: { results?: Array<{ id: string; status: string; waitTill?: string | null }> };
	}>('GET', `/rest/executions?filter=${filter}`);
	if (list.status !== 200 || !list.body.data?.results)
		throw new Error(`/rest/executions of ${workflowId}: ${list.status} ${list.text.slice(0, 500)}`);
	return list.body.data.results;
}

/** Polls the executions of a workflow (with data) until one satisfies `accept`. */
export async function waitForExecution(
	n8n: N8nInstance,
	workflowId: string,
	accept: (execution: ExecutionSummary) => boolean,
	timeoutMs = 60_000,
): Promise<ExecutionSummary> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await listExecutions(n8n, workflowId, { includeData: true });
		const found = list.find(accept);
		if (found) return found;
		if (Date.now() > deadline) {
			const seen = list.map((e) => `${e.id}:${e.status ?? '?'}`).join(', ');
			throw new Error(`no such execution of ${workflowId} after ${timeoutMs} ms (seen: ${seen})`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * The workflow's executions once `count` have finished, or, when fewer ever start (a callback
 * lost never starts one), once their number has not moved for `settleMs` and all listed have
 * finished. The settle window is generous: in queue mode a busy worker may hold an execution for
 * many seconds. n8n answers 503 while its database ping fails: such a round is simply asked again.
 */
export async function settledExecutions(
	n8n: N8nInstance,
	workflowId: string,
	count: number,
	{ settleMs = 30_000, timeoutMs = 180_000 } = {},
): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	let seen = -1;
	let changedAt = Date.now();
	for (;;) {
		const list = await listExecutions(n8n, workflowId, { includeData: true }).catch(
			() => undefined,
		);
		if (list) {
			if (list.length !== seen) [seen, changedAt] = [list.length, Date.now()];
			const settled = list.length >= count || Date.now() - changedAt > settleMs;
			if (settled && list.every((e) => e.stoppedAt)) return list;
		}
		if (Date.now() > deadline)
			throw new Error(`${workflowId}: ${seen} of ${count} executions listed after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 1_000));
	}
}

/**
 * What the editor's *Execute workflow* and *Test this trigger* send: the stored workflow and the
 * node to start from, `POST /rest/workflows/<id>/run` (n8n 1.x runs the workflow it is sent;
 * n8n 2.x reads it from the database). n8n's answer names the execution, or says that it waits
 * for the trigger's test event.
 */
export async function runFromEditor(
	n8n: N8nInstance,
	workflowId: string,
	startNode: string,
): Promise<HttpResult<{ data?: { executionId?: string; waitingForWebhook?: boolean } }>> {
	const editor = await n8n.http<{ data: unknown }>('GET', `/rest/workflows/${workflowId}`);
	return await n8n.http('POST', `/rest/workflows/${workflowId}/run`, {
		body: { workflowData: editor.body.data, triggerToStartFrom: { name: startNode } },
	});
}

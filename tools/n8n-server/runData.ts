/** The run data n8n reports for an execution, and how tests read a node's output from it. */

/** Run data of one execution, as `execute --rawOutput` and the executions API return it. */
export interface RunData {
	status?: string;
	finished?: boolean;
	data: { resultData: { error?: { message: string }; runData: Record<string, NodeRun[]> } };
}
export interface NodeRun {
	error?: { message: string; description?: string };
	data?: {
		main: Array<Array<{
			json: Record<string, unknown>;
			binary?: Record<string, BinaryMeta>;
		}> | null>;
	};
}
export interface BinaryMeta {
	mimeType: string;
	fileName?: string;
	fileSize?: string;
	id?: string;
	data?: string;
}

/** Items a node emitted on its first output in its last run. */
export function nodeOutput(
	run: RunData,
	nodeName: string,
): NonNullable<NodeRun['data']>['main'][number] & object {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.length)
		throw new Error(`node "${nodeName}" did not run; error: ${run.data.resultData.error?.message}`);
	return runs[runs.length - 1].data?.main[0] ?? [];
}

/**
 * Items a node emitted in its last run, for an execution listed by the public API (which
 * must include its data); `connection` is the output type (`ai_tool` for a tool's result).
 */
export function executionOutput(
	execution: Partial<RunData>,
	nodeName: string,
	connection = 'main',
): ReturnType<typeof nodeOutput> {
	if (!execution.data) throw new Error('the execution was listed without its data (includeData)');
	if (connection === 'main') return nodeOutput(execution as RunData, nodeName);
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	const outputs = runs[runs.length - 1].data as
		| Record<string, ReturnType<typeof nodeOutput>[]>
		| undefined;
	return outputs?.[connection]?.[0] ?? [];
}

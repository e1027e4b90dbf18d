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

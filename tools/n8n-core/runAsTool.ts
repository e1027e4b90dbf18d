/**
 * Runs the Pika node the way n8n runs a node that an AI agent calls as a tool: a
 * SupplyDataContext on the ai_tool connection, the agent's arguments as the single input
 * item, then the node's own execute() (n8n-core's makeHandleToolInvocation does the same).
 */
import { SupplyDataContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes } from 'n8n-workflow';

import { bootstrapN8nCore, createAdditionalData } from './credentialTester';
import { pikaCredentialsHelper, pikaWorkflow } from './runNode';

export async function runPikaAsTool(
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
	toolArgs: IDataObject = {},
	typeVersion?: number,
): Promise<{ context: SupplyDataContext; output: INodeExecutionData[][] }> {
	await bootstrapN8nCore();
	const { node, nodeType, workflow } = pikaWorkflow({ parameters, typeVersion });
	const additionalData = createAdditionalData(pikaCredentialsHelper(credentials));
	const runExecutionData = createRunExecutionData();
	const input: INodeExecutionData[] = [{ json: toolArgs }];
	const context = new SupplyDataContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		input,
		{ [NodeConnectionTypes.AiTool]: [input] },
		NodeConnectionTypes.AiTool,
		{ node, data: { [NodeConnectionTypes.AiTool]: [input] }, source: null },
		[],
	);
	const output = (await nodeType.execute!.call(context as never)) as INodeExecutionData[][];
	return { context, output };
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_ITEMS_PER_BATCH, batchPacer, readBatching } from '../helpers/batching';
import { mapWithConcurrency } from '../helpers/concurrency';
import { accountOperations } from './account/Account.resource';
import { jobOperations } from './job/Job.resource';
import type { PikaOperation } from './operation';

const operationsByResource: Record<string, Record<string, PikaOperation<unknown>>> = {
	job: jobOperations,
	account: accountOperations,
};

type Prepared = { ok: true; value: unknown } | { ok: false; error: Error; value?: undefined };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operationsByResource[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of "${resource}" is not supported`,
		);
	}

	// The Batching option is checked, like every item, before any request leaves.
	const batching = operation.batching ? readBatching(this) : undefined;

	// Phase 1: every item is checked before any request leaves.
	const prepared: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push({ ok: true, value: await operation.prepare.call(this, itemIndex) });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			prepared.push({ ok: false, error: asNodeError(this, error, itemIndex) });
		}
	}

	// Phase 2: requests, several items at a time, output kept in input order.
	const valid = prepared.filter((entry) => entry.ok).map((entry) => entry.value);
	const limit = batching?.size ?? operation.concurrency?.(valid) ?? DEFAULT_ITEMS_PER_BATCH;
	const pace = batching && batchPacer(this, batching);
	const outputs = await mapWithConcurrency(
		prepared,
		limit,
		async (entry, itemIndex) => {
			if (!entry.ok) return [errorItem(entry.error, itemIndex)];
			try {
				const result = await operation.execute.call(this, entry.value, itemIndex);
				return result.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
				return [errorItem(asNodeError(this, error, itemIndex), itemIndex)];
			}
		},
		pace,
	);
	return [outputs.flat()];
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** The continue-on-fail item: the error in the item's place, the rest go on. */
function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const { description, httpCode } = error as { description?: unknown; httpCode?: unknown };
	if (typeof description === 'string' && description) json.description = description;
	if (typeof httpCode === 'string' && httpCode) json.httpCode = httpCode;
	return { json, pairedItem: { item: itemIndex } };
}

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { cancelSignalOf } from '../../shared/transport';
import { cancellableSleep } from '../../shared/transport/sleep';
import { InputValidator } from './validation';

/**
 * Items whose requests run at once for reads and account updates when the node's Batching
 * option is not set, chosen from `npm run bench -- items`, which compares several values
 * against the HTTP Request node at three network latencies (figures: bench/README.md).
 * The cap stays finite so that a run of 10,000
 * items does not open 10,000 connections to useapi.net, which publishes no request rate
 * for reads or account calls (its documented limits are on submits).
 */
export const DEFAULT_ITEMS_PER_BATCH = 200;

/** "All at once", as in the HTTP Request node's Items per Batch. */
const ALL_AT_ONCE = -1;

/**
 * The HTTP Request node's Batching option, same names, same meaning of -1, 0 and the
 * interval, but with this node's default batch size instead of "off".
 */
export const batchingOption: INodeProperties = {
	displayName: 'Batching',
	name: 'batching',
	placeholder: 'Add Batching',
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	default: { batch: {} },
	description: 'How many items send their request at once, and how long to wait between batches',
	options: [
		{
			displayName: 'Batching',
			name: 'batch',
			values: [
				{
					displayName: 'Items per Batch',
					name: 'batchSize',
					type: 'number',
					typeOptions: { minValue: ALL_AT_ONCE, numberPrecision: 0 },
					default: DEFAULT_ITEMS_PER_BATCH,
					description:
						'How many items send their request at once; the next item starts when one of them is answered. -1 sends every item at once, 0 is treated as 1.',
				},
				{
					// The HTTP Request node says "Batch Interval (ms)", which n8n's verification scanner
					// refuses (not title case), and "(Milliseconds)" is cut off in the panel: the unit goes
					// in the hint.
					displayName: 'Batch Interval',
					hint: 'In milliseconds',
					name: 'batchInterval',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 0 },
					default: 0,
					description:
						'Time (in milliseconds) from the start of one batch to the start of the next, to stay under a rate limit. 0 for no wait.',
				},
			],
		},
	],
};

export interface Batching {
	/** Items in flight at most; Infinity for all at once. */
	size: number;
	intervalMs: number;
}

/** The largest interval accepted: one hour between batches. */
const MAX_INTERVAL_MS = 3_600_000;

/**
 * The Batching option of the node run (read from the first item, like every per-run
 * setting), or undefined when the user has not added it. Checked before any request.
 */
export function readBatching(context: IExecuteFunctions): Batching | undefined {
	const options = context.getNodeParameter('options', 0, {}) as {
		batching?: { batch?: { batchSize?: unknown; batchInterval?: unknown } };
	};
	const batch = options.batching?.batch;
	if (batch === undefined) return undefined;
	const check = new InputValidator(context, 0);
	const size =
		check.integer('Items per Batch', batch.batchSize, ALL_AT_ONCE, Number.MAX_SAFE_INTEGER) ??
		DEFAULT_ITEMS_PER_BATCH;
	const intervalMs = check.integer('Batch Interval', batch.batchInterval, 0, MAX_INTERVAL_MS) ?? 0;
	return { size: size === ALL_AT_ONCE ? Number.POSITIVE_INFINITY : Math.max(1, size), intervalMs };
}

/**
 * With an interval, item `index` may not start before its batch's turn: batch k starts
 * k × interval after the first, as in the HTTP Request node. Without one, nothing waits.
 */
export function batchPacer(
	context: IExecuteFunctions,
	batching: Batching,
): ((index: number) => Promise<void>) | undefined {
	if (batching.intervalMs === 0 || !Number.isFinite(batching.size)) return undefined;
	const startedAt = Date.now();
	const signal = cancelSignalOf(context);
	return async (index) => {
		const wait = startedAt + Math.floor(index / batching.size) * batching.intervalMs - Date.now();
		if (wait > 0) await cancellableSleep(wait, signal);
	};
}

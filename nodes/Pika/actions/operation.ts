import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * One operation of the Pika node, split in two so that every item is validated before
 * the first request leaves: a bad item 7 must not leave items 0–6 as paid jobs.
 */
export interface PikaOperation<Prepared = unknown> {
	description: INodeProperties[];
	/** Reads and checks one item's parameters. Sends nothing. */
	prepare(this: IExecuteFunctions, itemIndex: number): Promise<Prepared>;
	/** Runs one prepared item; returns its output items (pairedItem is set by the router). */
	execute(
		this: IExecuteFunctions,
		prepared: Prepared,
		itemIndex: number,
	): Promise<INodeExecutionData[]>;
	/** How many items may run at once, given all prepared items (undefined: the router's default). */
	concurrency?(prepared: Prepared[]): number | undefined;
	/** The operation offers the Batching option (reads and account updates), which then wins. */
	batching?: true;
}

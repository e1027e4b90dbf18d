import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Each property with the operation's display options merged into its own: what n8n-workflow's
 * updateDisplayOptions returns, without its deep merge. That merge (lodash's, still cold when
 * n8n loads a community package) took about a quarter of the time n8n spends requiring this
 * package. A test checks that the result equals updateDisplayOptions' for every operation.
 */
export function withDisplayOptions(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: mergeDisplayOptions(property.displayOptions, displayOptions),
	}));
}

function mergeDisplayOptions(own: IDisplayOptions = {}, added: IDisplayOptions): IDisplayOptions {
	const merged: IDisplayOptions = { ...own, ...added };
	for (const key of ['show', 'hide'] as const) {
		if (own[key] && added[key]) merged[key] = { ...own[key], ...added[key] };
	}
	return merged;
}

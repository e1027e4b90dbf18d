/**
 * withDisplayOptions must give exactly what n8n-workflow's updateDisplayOptions gives, for
 * every property the node declares, whichever display options an operation adds.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { Pika } from '../../../../nodes/Pika/Pika.node';
import { withDisplayOptions } from '../../../../nodes/Pika/descriptions/displayOptions';

const nodeProperties = new Pika().description.properties;

/** A declared property as it was before its operation's options were added. */
function beforeOperation(property: INodeProperties): INodeProperties {
	const show = { ...property.displayOptions?.show };
	delete show.resource;
	delete show.operation;
	const displayOptions: IDisplayOptions = { ...property.displayOptions, show };
	if (Object.keys(show).length === 0) delete displayOptions.show;
	return Object.keys(displayOptions).length === 0
		? { ...property, displayOptions: undefined }
		: { ...property, displayOptions };
}

const added: IDisplayOptions[] = [
	{ show: { resource: ['job'], operation: ['create'] } },
	{ show: { resource: ['account'], operation: ['upsert', 'delete'] } },
	{ hide: { '@tool': [true] } },
	{ show: { resource: ['job'] }, hide: { operation: ['get'] }, hideOnCloud: true },
];

describe('withDisplayOptions', () => {
	it('covers properties with and without display options of their own', () => {
		const originals = nodeProperties.map(beforeOperation);
		expect(originals.some((p) => p.displayOptions === undefined)).toBe(true);
		expect(originals.some((p) => p.displayOptions?.show !== undefined)).toBe(true);
	});

	it.each(added.map((displayOptions) => [JSON.stringify(displayOptions), displayOptions]))(
		'equals updateDisplayOptions for every property of the node, adding %s',
		(_, displayOptions) => {
			const originals = nodeProperties.map(beforeOperation);
			expect(withDisplayOptions(displayOptions, originals)).toEqual(
				updateDisplayOptions(displayOptions, originals),
			);
		},
	);

	it('leaves the properties it is given unchanged', () => {
		const originals = nodeProperties.map(beforeOperation);
		const copy = structuredClone(originals);
		withDisplayOptions(added[3], originals);
		expect(originals).toEqual(copy);
	});
});

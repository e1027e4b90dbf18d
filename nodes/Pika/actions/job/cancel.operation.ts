import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { jobIdField, optionsCollection } from '../../descriptions/common.description';
import { withDisplayOptions } from '../../descriptions/displayOptions';
import { batchingOption } from '../../helpers/batching';
import { JOB_ID_PATTERN } from '../../../shared/job';
import { InputValidator } from '../../helpers/validation';
import { pikaApiRequest } from '../../../shared/transport';
import type { PikaOperation } from '../operation';
import { CANCEL_PATH } from '../../../shared/constants';

const properties: INodeProperties[] = [
	{ ...jobIdField, description: 'The jobid of a running job to cancel' },
	optionsCollection([batchingOption]),
];

export const description = withDisplayOptions(
	{ show: { resource: ['job'], operation: ['cancel'] } },
	properties,
);

interface PreparedCancel {
	jobid: string;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedCancel> {
	const check = new InputValidator(this, itemIndex);
	const jobid = check.identifier(
		'Job ID',
		this.getNodeParameter('jobId', itemIndex, ''),
		JOB_ID_PATTERN,
		'the jobid of a running job',
	);
	return { jobid };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedCancel,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// A GET with an effect, but repeating it is harmless: a cancelled job stays cancelled.
	const result = await pikaApiRequest.call(this, {
		method: 'GET',
		path: CANCEL_PATH,
		qs: { jobid: prepared.jobid },
		itemIndex,
	});
	return [{ json: result }];
}

export const cancel: PikaOperation<PreparedCancel> = {
	description,
	prepare,
	execute,
	batching: true,
};

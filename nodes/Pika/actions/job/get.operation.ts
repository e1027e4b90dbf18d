import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobIdField } from '../../descriptions/common.description';
import { InputValidator, JOB_ID_PATTERN } from '../../helpers/validation';
import { pikaApiRequest } from '../../transport';
import type { PikaOperation } from '../operation';

const properties: INodeProperties[] = [jobIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['get'] } },
	properties,
);

interface PreparedGet {
	jobid: string;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedGet> {
	const check = new InputValidator(this, itemIndex);
	const jobid = check.identifier('Job ID', this.getNodeParameter('jobId', itemIndex, ''), JOB_ID_PATTERN, 'the jobid returned by Create');
	return { jobid };
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedGet,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const job = await pikaApiRequest.call(this, {
		method: 'GET',
		path: '/v1/pika/jobs/',
		qs: { jobid: prepared.jobid },
		itemIndex,
	});
	return [{ json: job }];
}

export const get: PikaOperation<PreparedGet> = { description, prepare, execute };

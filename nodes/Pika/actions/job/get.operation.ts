import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	completionOptions,
	jobIdField,
	optionsCollection,
	waitForCompletionOption,
} from '../../descriptions/common.description';
import { simplifyField, shapeJobItem } from '../../../shared/simplify';
import { batchingOption } from '../../helpers/batching';
import type { CompletionOptions } from '../../helpers/completion';
import { finishJob, readCompletionOptions } from '../../helpers/completion';
import { JOB_ID_PATTERN } from '../../../shared/job';
import { InputValidator } from '../../helpers/validation';
import { pikaApiRequest } from '../../../shared/transport';
import type { PikaOperation } from '../operation';
import { JOBS_PATH } from '../../../shared/constants';
import { withDisplayOptions } from '../../descriptions/displayOptions';

const properties: INodeProperties[] = [
	jobIdField,
	simplifyField,
	optionsCollection([
		waitForCompletionOption('Wait Until Finished'),
		...completionOptions,
		batchingOption,
	]),
];

export const description = withDisplayOptions(
	{ show: { resource: ['job'], operation: ['get'] } },
	properties,
);

interface PreparedGet {
	jobid: string;
	completion: CompletionOptions;
	simplify: boolean;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedGet> {
	const check = new InputValidator(this, itemIndex);
	const jobid = check.identifier(
		'Job ID',
		this.getNodeParameter('jobId', itemIndex, ''),
		JOB_ID_PATTERN,
		'the jobid returned by Create',
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		jobid,
		completion: readCompletionOptions(check, options),
		simplify: this.getNodeParameter('simplify', itemIndex, false) === true,
	};
}

async function execute(
	this: IExecuteFunctions,
	prepared: PreparedGet,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const deadline = Date.now() + prepared.completion.maxWaitMs;
	const job = await pikaApiRequest.call(this, {
		method: 'GET',
		path: JOBS_PATH,
		qs: { jobid: prepared.jobid },
		itemIndex,
	});
	const item = await finishJob.call(this, job, prepared.completion, deadline, itemIndex);
	return [shapeJobItem(item, prepared.simplify)];
}

/** Waiting items only poll, so they may all wait at once; plain reads use the router's default. */
function concurrency(prepared: PreparedGet[]): number | undefined {
	return prepared.some((entry) => entry.completion.waitForCompletion) ? prepared.length : undefined;
}

export const get: PikaOperation<PreparedGet> = {
	description,
	prepare,
	execute,
	concurrency,
	batching: true,
};

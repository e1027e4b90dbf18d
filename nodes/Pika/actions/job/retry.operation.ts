import { jobIdField } from '../../descriptions/common.description';
import { JOB_ID_PATTERN } from '../../../shared/job';
import { submitOperation } from './common';

/** The API supports only this button; Remix is not available through useapi.net. */
const SUPPORTED_BUTTONS = ['retry'] as const;

export const retry = submitOperation({
	operation: 'retry',
	path: '/v1/pika/button',
	referencesJob: true,
	properties: [
		{
			...jobIdField,
			description:
				'The jobid of a completed job to run again (Create, Animate, Encrypt or an earlier Retry)',
		},
		{
			displayName: 'Button',
			name: 'button',
			type: 'options',
			default: 'retry',
			options: [
				{
					name: 'Retry',
					value: 'retry',
					description: 'Run the same job again without uploading anything again',
				},
			],
			description:
				'The Discord button to press on the completed job. Retry is the only one the API supports (Remix is not).',
		},
	],
	read(check) {
		const i = check.itemIndex;
		const jobid = check.identifier(
			'Job ID',
			this.getNodeParameter('jobId', i, ''),
			JOB_ID_PATTERN,
			'the jobid of a completed job',
		);
		const button = check.oneOf(
			'Button',
			this.getNodeParameter('button', i, 'retry'),
			SUPPORTED_BUTTONS,
		);
		return { fields: { jobid, button }, uploads: [] };
	},
});

import type { IDataObject } from 'n8n-workflow';

/** Job IDs are opaque, but never contain URL syntax, spaces or control characters. */
export const JOB_ID_PATTERN = /^(?!.*\.\.)[A-Za-z0-9._:@+=-]+$/;

/** The video of a job is its first Discord attachment. */
export function firstAttachment(job: IDataObject): IDataObject | undefined {
	const attachments = job.attachments;
	return Array.isArray(attachments) && typeof attachments[0] === 'object'
		? (attachments[0] as IDataObject)
		: undefined;
}

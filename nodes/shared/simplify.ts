import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { firstAttachment } from './job';

/**
 * The node version that introduced Simplify (Pika and Pika Trigger). Nodes saved at
 * version 1 never see the parameter, so their output stays the API's job JSON, byte for byte.
 */
export const SIMPLIFY_SINCE_VERSION = 1.1;

/** On for new nodes; the wording is the one n8n's linter requires of every Simplify. */
export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	displayOptions: { show: { '@version': [{ _cnd: { gte: SIMPLIFY_SINCE_VERSION } }] } },
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** The job fields a workflow needs next, in the order they are output; the rest is dropped. */
const KEPT_JOB_FIELDS = [
	'jobid',
	'status',
	'verb',
	'prompt',
	'replyRef',
	'created',
	'updated',
] as const;

/** Fields that say why a job failed; output only when the job has them. */
const ERROR_FIELDS = ['error', 'errorDetails'] as const;

/**
 * The short form of a Pika job: about ten fields instead of twenty, which is what an AI
 * agent reads when the node is its tool (every field costs the model tokens). The video is
 * flattened out of Discord's attachment object. A field the job lacks is left out rather
 * than set to null, so the output never claims a value the API did not give.
 */
export function simplifyJob(job: IDataObject): IDataObject {
	const simple: IDataObject = {};
	for (const field of KEPT_JOB_FIELDS) {
		if (job[field] !== undefined) simple[field] = job[field];
	}
	const video = firstAttachment(job);
	if (video?.url !== undefined) simple.videoUrl = video.url;
	if (video?.filename !== undefined) simple.videoFileName = video.filename;
	if (video?.size !== undefined) simple.videoSize = video.size;
	for (const field of ERROR_FIELDS) {
		if (job[field] !== undefined && job[field] !== '') simple[field] = job[field];
	}
	return simple;
}

/** An output item with its job JSON simplified when asked; binary data is kept as it is. */
export function shapeJobItem(item: INodeExecutionData, simplify: boolean): INodeExecutionData {
	return simplify ? { ...item, json: simplifyJob(item.json) } : item;
}

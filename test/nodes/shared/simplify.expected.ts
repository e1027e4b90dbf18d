/**
 * The short form's keys, in output order, for a completed job with a Reply Reference: what
 * the node (1.1) and the trigger (1.1, before its `trigger` field) both promise. Written out
 * here rather than read from the code, so a change to the form has to change a test too.
 */
export const SIMPLE_COMPLETED_JOB_KEYS = [
	'jobid',
	'status',
	'verb',
	'prompt',
	'replyRef',
	'created',
	'updated',
	'videoUrl',
	'videoFileName',
	'videoSize',
];

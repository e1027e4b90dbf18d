import type { IBinaryData, IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { firstAttachment } from '../../shared/job';
import { networkErrorCode, transportError } from '../../shared/transport';

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * Downloads a completed job's video (attachments[0]) into n8n binary data.
 *
 * The attachment lives on Discord's CDN, not on useapi.net, so it is fetched with the
 * plain HTTP helper: the API token must not travel to another host. The body is
 * streamed into n8n's binary data manager so a large video is never held twice in memory.
 */
export async function downloadVideo(
	this: IExecuteFunctions,
	job: IDataObject,
	itemIndex: number,
): Promise<IBinaryData> {
	const attachment = firstAttachment(job);
	const url = typeof attachment?.url === 'string' ? attachment.url : '';
	if (!url) {
		throw new NodeOperationError(
			this.getNode(),
			`Job ${String(job.jobid)} has no video attachment`,
			{
				itemIndex,
				description: 'Run Get Job for this jobid: the API may not have attached the video yet.',
			},
		);
	}
	const jobid = String(job.jobid);
	let response: { statusCode: number; body: VideoStream; headers: IDataObject };
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DOWNLOAD_TIMEOUT_MS,
		})) as typeof response;
	} catch (error) {
		throw downloadError(this, jobid, itemIndex, networkErrorCode(error) ?? 'no answer', AGAIN);
	}

	if (response.statusCode < 200 || response.statusCode >= 300) {
		response.body.resume?.(); // let the socket go
		throw downloadError(
			this,
			jobid,
			itemIndex,
			`HTTP ${response.statusCode}`,
			response.statusCode === 404 || response.statusCode === 403
				? 'Discord attachment links expire. Run Get Job for this jobid to get a fresh link, then download again.'
				: AGAIN,
		);
	}
	// An error page or an empty answer with status 200 must not become the "video".
	const contentType = String(response.headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	const empty = String(response.headers['content-length']) === '0';
	if (empty || /^text\/|json|xml/.test(contentType)) {
		response.body.resume?.();
		throw downloadError(
			this,
			jobid,
			itemIndex,
			`the video host answered with ${empty ? 'an empty body' : contentType}`,
			AGAIN,
		);
	}
	// Jobids hold ':' (`…-bot:pika`), which Windows and macOS Finder refuse in file names.
	const fileName = safeFileName(
		typeof attachment?.filename === 'string' && attachment.filename
			? attachment.filename
			: `${jobid}.mp4`,
	);
	const mimeType =
		(typeof attachment?.content_type === 'string' && attachment.content_type) ||
		contentType ||
		'video/mp4';
	let binary: IBinaryData;
	try {
		binary = await this.helpers.prepareBinaryData(response.body, fileName, mimeType);
	} catch (error) {
		// The connection broke while the video was streaming in.
		throw downloadError(
			this,
			jobid,
			itemIndex,
			networkErrorCode(error) ?? 'transfer interrupted',
			AGAIN,
		);
	}
	if (binary.bytes === 0)
		throw downloadError(
			this,
			jobid,
			itemIndex,
			'the video host answered with an empty body',
			AGAIN,
		);
	return binary;
}

/** A file name that saves on every OS: path separators and Windows' reserved characters become '-'. */
function safeFileName(name: string): string {
	return name.replace(/[\\/:*?"<>|]+/g, '-');
}

const AGAIN =
	'The job itself is done: run Get Job with Download Video for this jobid to download the video again.';

function downloadError(
	context: IExecuteFunctions,
	jobid: string,
	itemIndex: number,
	reason: string,
	description: string,
): NodeApiError {
	const httpCode = /^HTTP (\d+)$/.exec(reason)?.[1];
	const message = `Could not download the video of job ${jobid} (${reason})`;
	return transportError(context, message, description, itemIndex, httpCode);
}

/** The response body of a streamed download, as n8n's binary helpers accept it. */
type VideoStream = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0] & {
	resume?: () => void;
};

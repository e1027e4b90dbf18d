import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

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
		throw new NodeOperationError(this.getNode(), `Job ${String(job.jobid)} has no video attachment`, {
			itemIndex,
			description: 'Run Get Job for this jobid: the API may not have attached the video yet.',
		});
	}
	const response = (await this.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: DOWNLOAD_TIMEOUT_MS,
	})) as { statusCode: number; body: VideoStream; headers: IDataObject };

	if (response.statusCode < 200 || response.statusCode >= 300) {
		response.body.resume?.(); // let the socket go
		throw new NodeApiError(
			this.getNode(),
			{ message: `HTTP ${response.statusCode}`, httpCode: String(response.statusCode) },
			{
				itemIndex,
				httpCode: String(response.statusCode),
				message: `Could not download the video of job ${String(job.jobid)} (HTTP ${response.statusCode})`,
				description:
					response.statusCode === 404 || response.statusCode === 403
						? 'Discord attachment links expire. Run Get Job for this jobid to get a fresh link, then download again.'
						: 'Run Get Job for this jobid to get a fresh link, then download again.',
			},
		);
	}
	const fileName = typeof attachment?.filename === 'string' && attachment.filename ? attachment.filename : `${String(job.jobid)}.mp4`;
	const mimeType =
		(typeof attachment?.content_type === 'string' && attachment.content_type) ||
		String(response.headers['content-type'] ?? 'video/mp4').split(';')[0];
	return await this.helpers.prepareBinaryData(response.body, fileName, mimeType);
}

/** The response body of a streamed download, as n8n's binary helpers accept it. */
type VideoStream = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0] & { resume?: () => void };

/** The video of a job is its first Discord attachment. */
export function firstAttachment(job: IDataObject): IDataObject | undefined {
	const attachments = job.attachments;
	return Array.isArray(attachments) && typeof attachments[0] === 'object'
		? (attachments[0] as IDataObject)
		: undefined;
}

import { optionalImageFields, promptField } from '../../descriptions/common.description';
import { LIMITS } from '../../../shared/constants';
import { readOptionalImage } from '../../helpers/image';
import { submitOperation } from './common';

export const create = submitOperation({
	operation: 'create',
	path: '/v1/pika/create',
	properties: [
		promptField(true, '/create'),
		...optionalImageFields(
			'Start From Image',
			'Whether to begin the video with an image from the input item’s binary data',
		),
	],
	async read(check) {
		const prompt = check.text('Prompt', this.getNodeParameter('prompt', check.itemIndex, ''), {
			required: true,
			maxLength: LIMITS.prompt,
		});
		const image = await readOptionalImage(this, check);
		return { fields: { prompt }, uploads: image ? [image] : [] };
	},
});

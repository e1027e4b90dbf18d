import { binaryInputField, promptField } from '../../descriptions/common.description';
import { LIMITS } from '../../../shared/constants';
import { readImageInput } from '../../helpers/image';
import { submitOperation } from './common';

export const animate = submitOperation({
	operation: 'animate',
	path: '/v1/pika/animate',
	properties: [
		binaryInputField(
			'imageBinaryPropertyName',
			'Image Input Field',
			'Name of the binary property that holds the image to animate',
		),
		promptField(false, '/animate'),
	],
	async read(check) {
		const image = await readImageInput(this, check, {
			parameter: 'imageBinaryPropertyName',
			field: 'image',
			displayName: 'Image Input Field',
		});
		const prompt = check.text('Prompt', this.getNodeParameter('prompt', check.itemIndex, ''), {
			maxLength: LIMITS.prompt,
		});
		// The prompt is optional here: an empty one is left out rather than sent blank.
		return { fields: { prompt: prompt.trim() === '' ? undefined : prompt }, uploads: [image] };
	},
});

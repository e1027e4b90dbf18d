import {
	binaryInputField,
	optionalImageFields,
	promptField,
} from '../../descriptions/common.description';
import { LIMITS } from '../../../shared/constants';
import { readImageInput, readOptionalImage } from '../../helpers/image';
import { submitOperation } from './common';

export const encryptImage = submitOperation({
	operation: 'encryptImage',
	path: '/v1/pika/encrypt_image',
	properties: [
		binaryInputField(
			'messageBinaryPropertyName',
			'Message Image Input Field',
			'Name of the binary property that holds the image to hide in the video',
		),
		promptField(true, '/encrypt_image'),
		...optionalImageFields(
			'Use Reference Image',
			'Whether to send a second image from the input item’s binary data as a reference image',
		),
	],
	async read(check) {
		const message = await readImageInput(this, check, {
			parameter: 'messageBinaryPropertyName',
			field: 'message',
			displayName: 'Message Image Input Field',
		});
		const prompt = check.text('Prompt', this.getNodeParameter('prompt', check.itemIndex, ''), {
			required: true,
			maxLength: LIMITS.prompt,
		});
		const image = await readOptionalImage(this, check);
		return { fields: { prompt }, uploads: image ? [message, image] : [message] };
	},
});

import { optionalImageFields, promptField } from '../../descriptions/common.description';
import { LIMITS } from '../../../shared/constants';
import { readOptionalImage } from '../../helpers/image';
import { submitOperation } from './common';

/** The fonts Pika's /encrypt_text offers; note the space in "SANS SERIF". */
const FONTS = ['MODERN', 'COMICS', 'SANS SERIF', 'BAUHAUS', 'RETRO'] as const;

export const encryptText = submitOperation({
	operation: 'encryptText',
	path: '/v1/pika/encrypt_text',
	properties: [
		{
			displayName: 'Message',
			name: 'message',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'HELLO',
			description: 'The text to hide in the video (max 20 characters)',
		},
		promptField(true, '/encrypt_text'),
		{
			displayName: 'Font',
			name: 'font',
			type: 'options',
			default: '',
			options: [
				{ name: 'Default', value: '', description: 'Let Pika choose' },
				...FONTS.map((font) => ({ name: font, value: font })),
			],
			description: 'Font of the hidden text',
		},
		...optionalImageFields(
			'Use Reference Image',
			'Whether to send an image from the input item’s binary data as a reference image',
		),
	],
	async read(check) {
		const i = check.itemIndex;
		const message = check.text('Message', this.getNodeParameter('message', i, ''), {
			required: true,
			maxLength: LIMITS.message,
		});
		const prompt = check.text('Prompt', this.getNodeParameter('prompt', i, ''), {
			required: true,
			maxLength: LIMITS.prompt,
		});
		const fontValue = this.getNodeParameter('font', i, '');
		const font = fontValue === '' ? undefined : check.oneOf('Font', fontValue, FONTS);
		const image = await readOptionalImage(this, check);
		return { fields: { message, prompt, font }, uploads: image ? [image] : [] };
	},
});

import type { INodeProperties } from 'n8n-workflow';

/** The Discord channel an account configuration is stored under (a path segment of the API). */
export const accountChannelField: INodeProperties = {
	displayName: 'Channel ID',
	name: 'channel',
	type: 'string',
	required: true,
	default: '',
	placeholder: '1190000000000000000',
	description: 'The Discord DM channel with the Pika bot (digits only)',
};

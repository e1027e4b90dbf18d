import type { INodeProperties } from 'n8n-workflow';
import { EXAMPLE_CHANNEL_ID } from '../../constants';

/** The Discord channel an account configuration is stored under (a path segment of the API). */
export const accountChannelField: INodeProperties = {
	displayName: 'Channel ID',
	name: 'channel',
	type: 'string',
	required: true,
	default: '',
	placeholder: EXAMPLE_CHANNEL_ID,
	description: 'The Discord DM channel with the Pika bot (digits only)',
};

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { EXAMPLE_CHANNEL_ID } from '../../../shared/constants';
import { CHANNEL_ID_PATTERN, type InputValidator } from '../../helpers/validation';

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

/** The item's Channel ID, checked before it goes into the request path. */
export function readAccountChannel(
	context: IExecuteFunctions,
	check: InputValidator,
	itemIndex: number,
): string {
	return check.identifier(
		accountChannelField.displayName,
		context.getNodeParameter(accountChannelField.name, itemIndex, ''),
		CHANNEL_ID_PATTERN,
		EXAMPLE_CHANNEL_ID,
	);
}

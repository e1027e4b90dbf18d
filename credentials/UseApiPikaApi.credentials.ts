import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The useapi.net API token, plus optional Discord defaults for Pika jobs.
 *
 * Secrets live here and nowhere else: node parameters end up in workflow exports,
 * credentials do not.
 */
export class UseApiPikaApi implements ICredentialType {
	name = 'useApiPikaApi';

	displayName = 'Pika (useapi.net) API';

	icon: Icon = { light: 'file:../icons/pika.svg', dark: 'file:../icons/pika.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-useapi-pika/n8n-nodes-useapi-pika#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your useapi.net API token (looks like user:1234-abcdef…). Use the full string, not URL-encoded.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.useapi.net',
			description:
				'Change only to go through a proxy or to point at the local simulator, e.g. http://127.0.0.1:8787',
		},
		{
			displayName: 'Discord Token',
			name: 'discordToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Goes together with Discord Channel ID below: jobs then run with this token on that channel, unless the node picks another Channel. Without a channel, only Retry sends it (to override the token of the job it retries); the other operations refuse it. Leave both empty to let useapi.net choose one of your configured accounts.',
		},
		{
			displayName: 'Discord Channel ID',
			name: 'discordChannel',
			type: 'string',
			default: '',
			description:
				'Optional. The Discord DM channel with the Pika bot (digits). Alone, jobs run on the account configured for it on useapi.net (pika/account); with the Discord token above, they run with that token. A Channel picked in the node wins.',
		},
	];

	// A function rather than the declarative `=Bearer {{$credentials.apiToken}}`: n8n evaluates
	// such a template through its expression engine on every request, and n8n 2.x builds an
	// expression isolate for it on the main thread; for a Verify With API callback that was most
	// of the time n8n spent on it. The request is copied, never changed in place.
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.apiToken ?? '')}`,
		},
	});

	// GET /v2/account has no side effects and no Pika dependency: 200 means the token is good.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://api.useapi.net").replace(/\\/+$/, "") }}',
			url: '/v2/account',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'Unauthorized: useapi.net rejected the API token' },
			},
		],
	};
}

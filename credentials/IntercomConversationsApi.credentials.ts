import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { API_VERSIONS, BASE_URL_EXPRESSION, DEFAULT_API_VERSION } from './regions';

export class IntercomConversationsApi implements ICredentialType {
	name = 'intercomConversationsApi';

	displayName = 'Intercom Conversations API';

	icon: Icon = {
		light: 'file:../icons/intercom.svg',
		dark: 'file:../icons/intercom.dark.svg',
	};

	documentationUrl =
		'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Access Token of your Intercom app (Developer Hub → your app → Configure → Authentication)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'us',
			description: 'Where your Intercom workspace is hosted',
			options: [
				{ name: 'United States', value: 'us', description: 'https://api.intercom.io' },
				{ name: 'Europe', value: 'eu', description: 'https://api.eu.intercom.io' },
				{ name: 'Australia', value: 'au', description: 'https://api.au.intercom.io' },
				{
					name: 'Custom',
					value: 'custom',
					description: 'Another base URL: the local Intercom sandbox, a proxy or a gateway',
				},
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4010',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			default: DEFAULT_API_VERSION,
			description:
				'Sent as the Intercom-Version header on every request. Preview is needed to set a conversation\'s priority.',
			options: API_VERSIONS.map((version) => ({ name: version, value: version })),
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Your app\'s Client Secret (Developer Hub → your app → Basic Info), used by the trigger to verify that webhook notifications come from Intercom.',
		},
		{
			displayName: 'Shared Rate Limit',
			name: 'sharedRateLimit',
			type: 'options',
			default: 'off',
			description:
				'Whether every n8n process (queue-mode workers) shares one Intercom rate limit through Redis. Off: each process keeps its own, which is right for a single n8n process.',
			options: [
				{
					name: 'Off',
					value: 'off',
					description: 'Each n8n process limits its own requests',
				},
				{
					name: 'Redis',
					value: 'redis',
					description: 'All n8n processes share the limit through Redis (queue mode)',
				},
			],
		},
		{
			displayName: 'Redis URL',
			name: 'redisUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. redis://redis:6379/0',
			description:
				'redis:// or rediss:// (TLS), with the database number if needed. Leave empty in queue mode to use n8n\'s own queue Redis (QUEUE_BULL_REDIS_*).',
			displayOptions: { show: { sharedRateLimit: ['redis'] } },
		},
		{
			displayName: 'Redis Password',
			name: 'redisPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password of the Redis at Redis URL, if it needs one (kept out of the URL)',
			displayOptions: { show: { sharedRateLimit: ['redis'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
				'Intercom-Version': '={{$credentials.apiVersion}}',
				Accept: 'application/json',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/me',
			method: 'GET',
		},
	};
}

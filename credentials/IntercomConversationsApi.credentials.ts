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

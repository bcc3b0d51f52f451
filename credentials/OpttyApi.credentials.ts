import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class OpttyApi implements ICredentialType {
	name = 'opttyApi';

	displayName = 'Optty API';

	icon = { light: 'file:optty.svg', dark: 'file:optty.dark.svg' } as const;

	documentationUrl =
		'https://docs.optty.com/custom-api-or-headless/custom-integration-setup-and-integration/notifications';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Sandbox', value: 'sandbox' },
			],
			default: 'production',
			description:
				'Which Optty environment the keys belong to (Sandbox and Production have separate keys and webhook settings). It picks the Optty API that the credential test and "Confirm with Optty API" call; callbacks are verified with the Hash Secret alone.',
		},
		{
			displayName: 'Hash Secret',
			name: 'hashSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The payment hash secret from Optty's merchant dashboard. It verifies every notification.",
		},
		{
			displayName: 'Previous Hash Secret',
			name: 'previousHashSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional, only while you change the hash secret: the old one, so notifications Optty still signs with it are accepted (their items say verifiedWith "previous"). Clear it once no notification needs it.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			description: 'API client ID: needed for the credential test and for "Confirm with Optty API"',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'API client secret: needed for the credential test and for "Confirm with Optty API"',
		},
		{
			displayName: 'Auth URL',
			name: 'authUrl',
			type: 'string',
			default: '',
			placeholder: 'https://auth.optty.com',
			description:
				'Where the credential test and "Confirm with Optty API" get an access token. Leave empty for Optty\'s own (per Environment); set it only for a proxy or a test server.',
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.optty.com',
			description:
				'Where "Confirm with Optty API" looks orders up. Leave empty for Optty\'s own (per Environment); set it only for a proxy or a test server.',
		},
	];

	// Really obtains an access token with the client credentials.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.authUrl || ($credentials.environment === "sandbox" ? "https://auth.qa.optty.com" : "https://auth.optty.com")).replace(/\\/+$/, "") }}',
			url: '/token',
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: '=client_id={{ encodeURIComponent($credentials.clientId) }}&client_secret={{ encodeURIComponent($credentials.clientSecret) }}&grant_type=client_credentials&scope=api-user',
		},
	};
}

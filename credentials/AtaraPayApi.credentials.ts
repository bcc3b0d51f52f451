import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class AtaraPayApi implements ICredentialType {
	name = 'ataraPayApi';

	displayName = 'AtaraPay API';

	icon = { light: 'file:ataraPay.svg', dark: 'file:ataraPay.dark.svg' } as const;

	documentationUrl = 'https://plugins.atarapay.com/docs/validation';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Live', value: 'live' },
				{ name: 'Staging', value: 'staging' },
			],
			default: 'live',
			description: 'Which AtaraPay dashboard the keys come from. Staging keys only verify staging callbacks.',
		},
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			description: 'Your AtaraPay public key, as shown in your AtaraPay dashboard',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your AtaraPay private key, as shown in your AtaraPay dashboard. It is used only to check the security token of each callback and never appears in items or logs.',
		},
	];
}

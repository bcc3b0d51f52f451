import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class AtaraPayApi implements ICredentialType {
	name = 'ataraPayApi';

	displayName = 'AtaraPay API';

	icon = { light: 'file:ataraPay.svg', dark: 'file:ataraPay.dark.svg' } as const;

	documentationUrl = 'https://plugins.atarapay.com/docs/validation';

	properties: INodeProperties[] = [
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			description:
				'Your AtaraPay public key, as shown in the AtaraPay dashboard (Live or Staging) that sends the callbacks. It is part of the security token of each callback, so the trigger needs it to check that token.',
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
		{
			displayName: 'Previous Public Key',
			name: 'previousPublicKey',
			type: 'string',
			default: '',
			description:
				'Optional, only while you change keys: your old public key, so callbacks whose token AtaraPay still makes with it are accepted (their items say verifiedWith "previous"). Leave empty if the public key did not change.',
		},
		{
			displayName: 'Previous Private Key',
			name: 'previousPrivateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional, only while you change keys: your old private key, so callbacks AtaraPay still signs with it are accepted (their items say verifiedWith "previous"). Clear it once no callback needs it.',
		},
	];
}

import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class IntraPayApi implements ICredentialType {
	name = 'intraPayApi';

	displayName = 'IntraPay API';

	icon = { light: 'file:intraPay.svg', dark: 'file:intraPay.dark.svg' } as const;

	documentationUrl = 'https://docs.fuspay.finance/collection/digital-signatures';

	properties: INodeProperties[] = [
		{
			displayName: 'Partner Secret Key',
			name: 'partnerSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sk_partner_...',
			description:
				'Your partner secret key (sk_partner_...), of the currency wallet that receives these payments. With the merchant secret key it checks the signature of each callback.',
		},
		{
			displayName: 'Merchant Secret Key',
			name: 'merchantSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sk_merchant_...',
			description:
				'The merchant secret key (sk_merchant_...) of the same wallet. IntraPay signs each callback with merchant secret + partner secret; the trigger checks that signature with both.',
		},
		{
			displayName: 'Previous Merchant Secret Key',
			name: 'previousMerchantSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional, only while you change keys: the old merchant secret key, so callbacks IntraPay still signs with it are accepted (their items say verifiedWith "previous"). Leave empty if it did not change; clear it once no callback needs it.',
		},
		{
			displayName: 'Previous Partner Secret Key',
			name: 'previousPartnerSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional, only while you change keys: the old partner secret key, so callbacks IntraPay still signs with it are accepted (their items say verifiedWith "previous"). Leave empty if it did not change; clear it once no callback needs it.',
		},
		{
			displayName: 'Signature Scheme',
			name: 'signatureScheme',
			type: 'options',
			options: [
				{
					name: 'HMAC-SHA512 (Default)',
					value: 'hmacSha512',
					description: 'HMAC-SHA512 of the body, keyed with merchant secret + partner secret',
				},
				{
					name: 'SHA-512 of Body + Secret',
					value: 'sha512BodySecret',
					description: 'Plain SHA-512 of the body followed by the secrets',
				},
				{
					name: 'SHA-512 of Secret + Body',
					value: 'sha512SecretBody',
					description: 'Plain SHA-512 of the secrets followed by the body',
				},
			],
			default: 'hmacSha512',
			description:
				'How IntraPay signs your callbacks. Keep the default unless valid callbacks are refused with 401.',
		},
	];
}

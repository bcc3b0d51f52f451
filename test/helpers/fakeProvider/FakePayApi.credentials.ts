import type { ICredentialType, INodeProperties } from 'n8n-workflow';

// The credential of the test-only FakePay provider (provider.ts): one field per field its signature names.
export class FakePayApi implements ICredentialType {
	name = 'fakePayApi';

	displayName = 'FakePay API';

	documentationUrl = 'https://example.com/fakepay/webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The webhook signing secret from FakePay's dashboard. It verifies every callback.",
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional, only while you change secrets: the old signing secret, so callbacks FakePay still signs with it are accepted.',
		},
	];
}

// The credential of the test-only FakePay provider (provider.ts): one field per field its signature names.
import { secretsCredentialClass } from './builders';

export class FakePayApi extends secretsCredentialClass(
	{
		name: 'fakePayApi',
		displayName: 'FakePay API',
		documentationUrl: 'https://example.com/fakepay/webhooks',
	},
	[
		{
			name: 'signingSecret',
			displayName: 'Signing Secret',
			required: true,
			description:
				"The webhook signing secret from FakePay's dashboard. It verifies every callback.",
		},
		{
			name: 'previousSigningSecret',
			displayName: 'Previous Signing Secret',
			description:
				'Optional, only while you change secrets: the old signing secret, so callbacks FakePay still signs with it are accepted.',
		},
	],
) {}

// The test-only FakePay Trigger, built as every node file of nodes/ is.
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { localCredentialTest } from '../../../nodes/shared/triggerActivation';
import { CallbackTriggerNode, TRIGGER_SUBTITLE, sharedTriggerDescription } from '../../../nodes/shared/triggerNode';
import { FAKE_PROVIDERS } from './registry';

const fakePay = FAKE_PROVIDERS.fakepay.provider;

export class FakePayTrigger extends CallbackTriggerNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FakePay Trigger',
		name: 'fakePayTrigger',
		group: ['trigger'],
		icon: { light: 'file:fakePay.svg', dark: 'file:fakePay.dark.svg' },
		subtitle: TRIGGER_SUBTITLE,
		description: 'Starts the workflow when FakePay sends a verified payment notification',
		defaults: { name: 'FakePay Trigger' },
		credentials: [{ name: 'fakePayApi', required: true, testedBy: 'fakePayApiTest' }],
		...sharedTriggerDescription(fakePay),
	};

	methods = { credentialTest: { fakePayApiTest: localCredentialTest(fakePay) } };

	constructor() {
		super(fakePay);
	}
}

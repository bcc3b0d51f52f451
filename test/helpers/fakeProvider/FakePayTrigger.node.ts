// The test-only FakePay Trigger, built as every node file of nodes/ is (copied from AtaraPay's).
import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { localCredentialTest, manualRegistration } from '../../../nodes/shared/triggerActivation';
import { CALLBACK_WEBHOOK, triggerProperties } from '../../../nodes/shared/triggerDescription';
import { receiveCallback } from '../../../nodes/shared/triggerRuntime';
import { FAKE_PROVIDERS } from './registry';

const fakePay = FAKE_PROVIDERS.fakepay.provider;

export class FakePayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FakePay Trigger',
		name: 'fakePayTrigger',
		icon: { light: 'file:fakePay.svg', dark: 'file:fakePay.dark.svg' },
		group: ['trigger'],
		// version 2: n8n evaluates no `binaryData` expression on each request (parseRequestBody, n8n 2.40.7
		// packages/cli/src/webhooks/webhook-helpers.ts); same parameters and behaviour as version 1
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].length ? $parameter["events"].join(", ") : "All events"}}',
		description: 'Starts the workflow when FakePay sends a verified payment notification',
		defaults: { name: 'FakePay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fakePayApi', required: true, testedBy: 'fakePayApiTest' }],
		webhooks: [CALLBACK_WEBHOOK],
		properties: triggerProperties(fakePay),
	};

	methods = { credentialTest: { fakePayApiTest: localCredentialTest(fakePay) } };

	webhookMethods = { default: manualRegistration(fakePay) };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this, fakePay);
	}
}

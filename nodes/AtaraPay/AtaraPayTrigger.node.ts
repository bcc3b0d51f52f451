import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { PROVIDERS } from '../providers';
import { localCredentialTest, manualRegistration } from '../shared/triggerActivation';
import { CALLBACK_WEBHOOK, triggerProperties } from '../shared/triggerDescription';
import { receiveCallback } from '../shared/triggerRuntime';

const ataraPay = PROVIDERS.atarapay.provider;

export class AtaraPayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AtaraPay Trigger',
		name: 'ataraPayTrigger',
		icon: { light: 'file:ataraPay.svg', dark: 'file:ataraPay.dark.svg' },
		group: ['trigger'],
		// version 2: n8n evaluates no `binaryData` expression on each request (parseRequestBody, n8n 2.40.7
		// packages/cli/src/webhooks/webhook-helpers.ts); same parameters and behaviour as version 1
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].length ? $parameter["events"].join(", ") : "All events"}}',
		description: 'Starts the workflow when AtaraPay sends a verified escrow order notification',
		defaults: { name: 'AtaraPay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ataraPayApi', required: true, testedBy: 'ataraPayApiTest' }],
		webhooks: [CALLBACK_WEBHOOK],
		properties: triggerProperties(ataraPay),
	};

	methods = { credentialTest: { ataraPayApiTest: localCredentialTest(ataraPay) } };

	webhookMethods = { default: manualRegistration(ataraPay) };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this, ataraPay);
	}
}

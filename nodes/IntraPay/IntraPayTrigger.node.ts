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

const intraPay = PROVIDERS.intrapay.provider;

export class IntraPayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IntraPay Trigger',
		name: 'intraPayTrigger',
		icon: { light: 'file:intraPay.svg', dark: 'file:intraPay.dark.svg' },
		group: ['trigger'],
		// version 2: n8n evaluates no `binaryData` expression on each request (parseRequestBody, n8n 2.40.7
		// packages/cli/src/webhooks/webhook-helpers.ts); same parameters and behaviour as version 1
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].length ? $parameter["events"].join(", ") : "All events"}}',
		description: 'Starts the workflow when IntraPay (Fuspay) sends a verified payment notification',
		defaults: { name: 'IntraPay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'intraPayApi', required: true, testedBy: 'intraPayApiTest' }],
		webhooks: [CALLBACK_WEBHOOK],
		properties: triggerProperties(intraPay),
	};

	methods = { credentialTest: { intraPayApiTest: localCredentialTest(intraPay) } };

	webhookMethods = { default: manualRegistration(intraPay) };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this, intraPay);
	}
}

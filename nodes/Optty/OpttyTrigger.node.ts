import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { PROVIDERS } from '../providers';
import { manualRegistration } from '../shared/triggerActivation';
import { CALLBACK_WEBHOOK, triggerProperties } from '../shared/triggerDescription';
import { receiveCallback } from '../shared/triggerRuntime';

const optty = PROVIDERS.optty.provider;

export class OpttyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Optty Trigger',
		name: 'opttyTrigger',
		icon: { light: 'file:optty.svg', dark: 'file:optty.dark.svg' },
		group: ['trigger'],
		// version 2: n8n evaluates no `binaryData` expression on each request (parseRequestBody, n8n 2.40.7
		// packages/cli/src/webhooks/webhook-helpers.ts); same parameters and behaviour as version 1
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].length ? $parameter["events"].join(", ") : "All events"}}',
		description: 'Starts the workflow when Optty sends a verified buy-now-pay-later order notification',
		defaults: { name: 'Optty Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'opttyApi', required: true }],
		webhooks: [CALLBACK_WEBHOOK],
		properties: triggerProperties(optty),
	};

	webhookMethods = { default: manualRegistration(optty) };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this, optty);
	}
}

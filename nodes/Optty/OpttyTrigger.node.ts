import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CALLBACK_WEBHOOK, manualRegistration, receiveCallback, triggerProperties } from '../shared/trigger';
import { optty } from './provider';

export class OpttyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Optty Trigger',
		name: 'opttyTrigger',
		icon: { light: 'file:optty.svg', dark: 'file:optty.dark.svg' },
		group: ['trigger'],
		version: 1,
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

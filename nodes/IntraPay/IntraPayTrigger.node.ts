import {
	NodeConnectionTypes,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	CALLBACK_WEBHOOK,
	checkReadyToReceive, receiveCallback, testCredentialSecrets, triggerProperties } from '../shared/trigger';
import { intraPay } from './provider';

export class IntraPayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IntraPay Trigger',
		name: 'intraPayTrigger',
		icon: { light: 'file:intraPay.svg', dark: 'file:intraPay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].length ? $parameter["events"].join(", ") : "All events"}}',
		description: 'Starts the workflow when IntraPay (Fuspay) sends a verified payment notification',
		defaults: { name: 'IntraPay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'intraPayApi', required: true, testedBy: 'intraPayApiTest' }],
		webhooks: [CALLBACK_WEBHOOK],
		properties: triggerProperties(intraPay),
	};

	methods = {
		credentialTest: {
			async intraPayApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return testCredentialSecrets(intraPay, credential);
			},
		},
	};

	webhookMethods = {
		default: {
			// IntraPay has no API to register a callback URL: it is given per order as partner_callback_url.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await checkReadyToReceive.call(this, intraPay);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this, intraPay);
	}
}

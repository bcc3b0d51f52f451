import {
	NodeConnectionTypes,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import type { CallbackProvider } from './provider';
import { manualRegistration } from './triggerActivation';
import { CALLBACK_WEBHOOK, triggerProperties } from './triggerDescription';
import { receiveCallback } from './triggerRuntime';

/** Under the node's name on the canvas: the events it starts on. */
export const TRIGGER_SUBTITLE =
	'={{$parameter["events"].length ? $parameter["events"].join(", ") : "All events"}}';

/**
 * The part of a trigger node's description that is the same for every provider. Each node file spreads
 * it into a description literal of its own, which states the node's name, group, icon, subtitle, text and
 * credential: n8n's community-node lint reads those from the literal (`icon-validation`,
 * `credential-test-required`, `require-node-description-fields`, `trigger-node-conventions`), and
 * eslint-plugin-n8n-nodes-base checks a description only when its literal has displayName, name and group.
 */
export function sharedTriggerDescription(provider: CallbackProvider) {
	return {
		// version 2: n8n evaluates no `binaryData` expression on each request (parseRequestBody, n8n 2.40.7
		// packages/cli/src/webhooks/webhook-helpers.ts); same parameters and behaviour as version 1
		version: [1, 2],
		defaultVersion: 2,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [CALLBACK_WEBHOOK],
		properties: triggerProperties(provider),
	} satisfies Partial<INodeTypeDescription>;
}

/**
 * What every trigger node class does the same way: its webhook methods and `webhook()`, delegating to
 * the shared runtime with its provider module. Both are made per instance: n8n calls them with its own
 * context as `this` (`WebhookService.runWebhook`, n8n 2.40.7), never with the node instance.
 */
export abstract class CallbackTriggerNode {
	readonly webhookMethods: { default: ReturnType<typeof manualRegistration> };
	readonly webhook: (this: IWebhookFunctions) => Promise<IWebhookResponseData>;

	constructor(provider: CallbackProvider) {
		this.webhookMethods = { default: manualRegistration(provider) };
		this.webhook = async function (this: IWebhookFunctions) {
			return await receiveCallback.call(this, provider);
		};
	}
}

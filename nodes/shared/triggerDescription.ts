import {
	fromFunction,
	fromParameter,
	webhookDescriptionFields,
	type INodeProperties,
	type IWebhookDescription,
} from 'n8n-workflow';

import { OTHER_EVENT } from './pipeline';
import type { CallbackProvider } from './provider';
import { CALLBACK_REFUSED_EVENT } from './refusals';

// What the editor shows and n8n registers for every trigger: its webhook and its parameters.

/** Options > Respond, read from the node's parameters (the same fallback as n8n's Webhook node). */
const RESPONSE_MODE = { path: ['options', 'responseMode'], fallback: 'onReceived' };
/**
 * What n8n sends back: never workflow data. '' makes "Immediately" answer n8n's plain
 * `{"message":"Workflow was started"}` (left undefined, n8n defaults it to 'firstEntryJson' and sends
 * that word as the body); 'noData' makes "When Last Node Finishes" answer an empty 200 instead of the
 * last node's items (n8n 2.40.7 can send only those or nothing: `extractWebhookLastNodeResponse`,
 * packages/cli/src/webhooks/webhook-last-node-response-extractor.ts). Self-contained: n8n may
 * evaluate its source as an expression.
 */
const responseDataOf = (parameters: { options?: { responseMode?: string } }) =>
	parameters.options && parameters.options.responseMode === 'lastNode' ? 'noData' : '';

/**
 * The description's expression fields. n8n-workflow 2.40 can declare them with native resolvers
 * (`webhookDescriptionFields`, packages/workflow/src/webhook-description-fields.ts), which n8n's webhook
 * context uses instead of its expression engine when the node's parameters are static; with
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE a request then needs no expression isolate at all. n8n 1.123's
 * n8n-workflow has no such helpers: there the same templates go to its expression engine.
 */
function respondFields(): Pick<IWebhookDescription, 'responseMode' | 'responseData'> {
	const templates = {
		responseMode: `={{$parameter["options"]["responseMode"] || "${RESPONSE_MODE.fallback}"}}`,
		responseData: `={{(${String(responseDataOf)})($parameter)}}`,
	};
	if (typeof webhookDescriptionFields !== 'function') return templates;
	const fields = webhookDescriptionFields({
		responseMode: fromParameter(RESPONSE_MODE.path, RESPONSE_MODE.fallback),
		responseData: fromFunction(responseDataOf),
	});
	// same templates either way: the editor and n8n 1.x read these strings
	return fields.responseMode === templates.responseMode &&
		fields.responseData === templates.responseData
		? fields
		: templates;
}

/** The one webhook of every trigger. */
export const CALLBACK_WEBHOOK: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	...respondFields(),
	path: 'webhook',
};

/** When n8n answers a verified callback (Options > Respond). */
export const RESPOND_OPTION: INodeProperties = {
	displayName: 'Respond',
	name: 'responseMode',
	type: 'options',
	default: 'onReceived',
	options: [
		{
			name: 'Immediately',
			value: 'onReceived',
			description:
				'Answer 200 as soon as the callback is verified. The provider counts it as delivered even if the workflow fails later.',
		},
		{
			name: 'When Last Node Finishes',
			value: 'lastNode',
			description:
				'Answer 200 (empty) only after the workflow succeeded, and 500 when it failed so the provider sends the callback again (the retry runs again). A repeat while the workflow still runs is answered 503 "retry later".',
		},
	],
	description:
		'When to answer the provider. None of AtaraPay, IntraPay or Optty publishes how long it waits for an answer (a reverse proxy in front of n8n often gives up after 60 seconds: nginx\'s default), and only Optty says it retries failed deliveries. Keep "Immediately" for workflows that take more than a few seconds.',
};

/** The parameters every trigger shows. Their names are stored in saved workflows: never rename. */
export function triggerProperties(provider: CallbackProvider): INodeProperties[] {
	const events = [...provider.events, OTHER_EVENT, CALLBACK_REFUSED_EVENT].sort((a, b) =>
		a.name.localeCompare(b.name),
	);
	return [
		{
			displayName: provider.setupHint,
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			options: events.map((event) => ({
				name: event.name,
				value: event.id,
				description: event.description,
			})),
			default: [],
			description:
				'Which notifications start the workflow. Leave empty to start it for all of them (refused callbacks start it only when "Callback Refused" is selected).',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			// n8n lists options alphabetically; provider-specific ones slot in among the shared ones
			options: (<INodeProperties[]>[
				{
					displayName: 'Include Headers',
					name: 'includeHeaders',
					type: 'boolean',
					default: false,
					description:
						'Whether to add the request headers to the item (Authorization and cookies are hidden)',
				},
				{
					displayName: 'IP Allowlist',
					name: 'ipAllowlist',
					type: 'string',
					default: '',
					placeholder: 'e.g. 203.0.113.10, 198.51.100.0/24, 2001:db8::/32',
					description:
						'Only accept callbacks from these addresses or CIDR ranges (IPv4 or IPv6, comma-separated); others are refused with 403. Leave empty to accept any address. Behind a reverse proxy, set N8N_PROXY_HOPS so n8n sees the real address.',
				},
				...(provider.extraOptions ?? []),
				RESPOND_OPTION,
				{
					displayName: 'Suppress Duplicates',
					name: 'suppressDuplicates',
					type: 'boolean',
					default: true,
					description:
						'Whether to ignore a notification that was already accepted in the last 7 days (answered 200, no execution). Applies to the Production URL; test events always show.',
				},
			]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

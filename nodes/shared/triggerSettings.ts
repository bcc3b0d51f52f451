import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { TriggerSettings } from './pipeline';

// The node's parameters as the pipeline reads them, for callbacks and for activation alike.

interface TriggerOptions {
	includeHeaders?: boolean;
	ipAllowlist?: string;
	responseMode?: string;
	suppressDuplicates?: boolean;
}

export function readSettings(context: IWebhookFunctions | IHookFunctions): TriggerSettings {
	const events = context.getNodeParameter('events', []) as string[];
	const options = context.getNodeParameter('options', {}) as TriggerOptions &
		Record<string, unknown>;
	return {
		options,
		events: Array.isArray(events) ? events : [],
		suppressDuplicates: options.suppressDuplicates !== false,
		ipAllowlist: typeof options.ipAllowlist === 'string' ? options.ipAllowlist : '',
		includeHeaders: options.includeHeaders === true,
	};
}

/** "A", "A and B", "A, B and C": for messages that name credential fields. */
export const listOf = (labels: string[]) =>
	labels.length < 2
		? labels.join('')
		: `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;

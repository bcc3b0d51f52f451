import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { PROVIDERS } from '../providers';
import {
	CallbackTriggerNode,
	TRIGGER_SUBTITLE,
	sharedTriggerDescription,
} from '../shared/triggerNode';

const optty = PROVIDERS.optty.provider;

export class OpttyTrigger extends CallbackTriggerNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Optty Trigger',
		name: 'opttyTrigger',
		group: ['trigger'],
		icon: { light: 'file:optty.svg', dark: 'file:optty.dark.svg' },
		subtitle: TRIGGER_SUBTITLE,
		description:
			'Starts the workflow when Optty sends a verified buy-now-pay-later order notification',
		defaults: { name: 'Optty Trigger' },
		credentials: [{ name: 'opttyApi', required: true }],
		...sharedTriggerDescription(optty),
	};

	constructor() {
		super(optty);
	}
}

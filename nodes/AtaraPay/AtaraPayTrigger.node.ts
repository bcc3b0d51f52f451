import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { PROVIDERS } from '../providers';
import { localCredentialTest } from '../shared/triggerActivation';
import {
	CallbackTriggerNode,
	TRIGGER_SUBTITLE,
	sharedTriggerDescription,
} from '../shared/triggerNode';

const ataraPay = PROVIDERS.atarapay.provider;

export class AtaraPayTrigger extends CallbackTriggerNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AtaraPay Trigger',
		name: 'ataraPayTrigger',
		group: ['trigger'],
		icon: { light: 'file:ataraPay.svg', dark: 'file:ataraPay.dark.svg' },
		subtitle: TRIGGER_SUBTITLE,
		description: 'Starts the workflow when AtaraPay sends a verified escrow order notification',
		defaults: { name: 'AtaraPay Trigger' },
		credentials: [{ name: 'ataraPayApi', required: true, testedBy: 'ataraPayApiTest' }],
		...sharedTriggerDescription(ataraPay),
	};

	methods = { credentialTest: { ataraPayApiTest: localCredentialTest(ataraPay) } };

	constructor() {
		super(ataraPay);
	}
}

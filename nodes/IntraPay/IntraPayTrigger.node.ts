import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { PROVIDERS } from '../providers';
import { localCredentialTest } from '../shared/triggerActivation';
import {
	CallbackTriggerNode,
	TRIGGER_SUBTITLE,
	sharedTriggerDescription,
} from '../shared/triggerNode';

const intraPay = PROVIDERS.intrapay.provider;

export class IntraPayTrigger extends CallbackTriggerNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IntraPay Trigger',
		name: 'intraPayTrigger',
		group: ['trigger'],
		icon: { light: 'file:intraPay.svg', dark: 'file:intraPay.dark.svg' },
		subtitle: TRIGGER_SUBTITLE,
		description: 'Starts the workflow when IntraPay (Fuspay) sends a verified payment notification',
		defaults: { name: 'IntraPay Trigger' },
		credentials: [{ name: 'intraPayApi', required: true, testedBy: 'intraPayApiTest' }],
		...sharedTriggerDescription(intraPay),
	};

	methods = { credentialTest: { intraPayApiTest: localCredentialTest(intraPay) } };

	constructor() {
		super(intraPay);
	}
}

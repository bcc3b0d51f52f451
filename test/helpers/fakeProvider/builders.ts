import type {
	ICredentialType,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import type { CallbackProvider } from '../../../nodes/shared/provider';
import { localCredentialTest } from '../../../nodes/shared/triggerActivation';
import {
	CallbackTriggerNode,
	TRIGGER_SUBTITLE,
	sharedTriggerDescription,
} from '../../../nodes/shared/triggerNode';

// The node and credential classes of the test-only providers, built from the provider module and a
// few words. The real node and credential files (nodes/, credentials/) write each description out as
// a literal instead, because n8n's community-node lint reads it from there (see sharedTriggerDescription);
// the tests are not under that lint. What is built here is what those files hold: the same fields,
// the same shared description, the same runtime.

/**
 * The trigger node class of `provider`, as a node file of nodes/ declares it: named after its credential
 * type (`<x>Api` asks for the node `<x>Trigger`, icons `<x>.svg` and `<x>.dark.svg`), with the local
 * credential test.
 */
export function triggerNodeClass(provider: CallbackProvider, description: string) {
	const base = provider.credentialType.replace(/Api$/, '');
	const credentialTest = `${provider.credentialType}Test`;
	return class extends CallbackTriggerNode implements INodeType {
		description: INodeTypeDescription = {
			displayName: `${provider.displayName} Trigger`,
			name: `${base}Trigger`,
			group: ['trigger'],
			icon: { light: `file:${base}.svg`, dark: `file:${base}.dark.svg` },
			subtitle: TRIGGER_SUBTITLE,
			description,
			defaults: { name: `${provider.displayName} Trigger` },
			credentials: [{ name: provider.credentialType, required: true, testedBy: credentialTest }],
			...sharedTriggerDescription(provider),
		};

		methods = { credentialTest: { [credentialTest]: localCredentialTest(provider) } };

		constructor() {
			super(provider);
		}
	};
}

/** A secret of the credential: its name, label and description, and whether activation needs it. */
export interface SecretField {
	name: string;
	displayName: string;
	description: string;
	required?: true;
}

/** A credential type whose fields are all secrets: password text fields, empty by default. */
export function secretsCredentialClass(
	type: { name: string; displayName: string; documentationUrl: string },
	fields: SecretField[],
) {
	return class implements ICredentialType {
		name = type.name;

		displayName = type.displayName;

		documentationUrl = type.documentationUrl;

		properties: INodeProperties[] = fields.map((field) => ({
			type: 'string',
			typeOptions: { password: true },
			default: '',
			...field,
		}));
	};
}

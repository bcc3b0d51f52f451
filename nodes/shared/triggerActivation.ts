import {
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IHookFunctions,
	type INodeCredentialTestResult,
} from 'n8n-workflow';

import { parseAllowlist } from './ipAllowlist';
import { missingSecrets } from './pipeline';
import type { CallbackProvider } from './provider';
import { secretText } from './secrets';
import { listOf, readSettings } from './triggerSettings';

// Activation and the credential test: what n8n runs when a workflow is activated or a credential saved.

/**
 * `webhookMethods.default.create`: the provider has no registration API (the user pastes the URL),
 * so activation only checks that callbacks can be verified and fails loudly when they cannot.
 */
export async function checkReadyToReceive(
	this: IHookFunctions,
	provider: CallbackProvider,
): Promise<boolean> {
	const settings = readSettings(this);
	const credentials = await this.getCredentials(provider.credentialType);
	const missing = missingSecrets(provider, credentials, settings.options).map(
		(secret) => secret.label,
	);
	if (missing.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`The ${provider.displayName} API credential has no ${listOf(missing)}`,
			{
				description: `Open the ${provider.displayName} API credential used by this node, fill in ${listOf(missing)} from your ${provider.displayName} dashboard, save it and activate the workflow again. Without ${missing.length > 1 ? 'them' : 'it'} the trigger cannot tell real callbacks from forged ones.`,
			},
		);
	}
	const allowlist = parseAllowlist(settings.ipAllowlist);
	if (!allowlist.ok) {
		throw new NodeOperationError(
			this.getNode(),
			`The IP Allowlist has entries that are not IP addresses or CIDR ranges: ${allowlist.invalidEntries.join(', ')}`,
			{
				description:
					'Use addresses like 203.0.113.10 or 2001:db8::1 and ranges like 198.51.100.0/24, separated by commas.',
			},
		);
	}
	return true;
}

/**
 * `webhookMethods.default` of every trigger. None of the providers has an API to register a callback
 * URL (the user pastes it, or passes it per order), so n8n is told it never exists, `create` only
 * checks that callbacks can be verified, and `delete` has nothing to remove.
 */
export function manualRegistration(provider: CallbackProvider) {
	return {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return false;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return await checkReadyToReceive.call(this, provider);
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	};
}

/** A node's `credentialTest` method: checks locally that every key verification needs is filled in. */
export function localCredentialTest(provider: CallbackProvider) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		return testCredentialSecrets(provider, credential);
	};
}

function testCredentialSecrets(
	provider: CallbackProvider,
	credential: ICredentialsDecrypted,
): INodeCredentialTestResult {
	const data = credential.data ?? {};
	// the node's options are unknown here, so every key it may need is asked for
	const missing = provider.requiredSecrets
		.filter((secret) => secretText(data, secret.field) === '')
		.map((secret) => secret.label);
	if (missing.length > 0) {
		return {
			status: 'Error',
			message: `Fill in ${listOf(missing)}: the trigger needs ${missing.length > 1 ? 'them' : 'it'} to verify callbacks.`,
		};
	}
	return {
		status: 'OK',
		message: `All keys are filled in. ${provider.displayName} offers no way to check keys without a callback: send one to the Test URL to confirm them.`,
	};
}

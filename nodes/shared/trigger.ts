import {
	NodeOperationError,
	sleep,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeProperties,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CredentialCache } from './credentialCache';
import { parseAllowlist } from './ipAllowlist';
import { OTHER_EVENT, missingSecrets, processCallback, type TriggerSettings } from './pipeline';
import type { CallbackProvider, HttpJson } from './provider';
import { liveRecentCallbacks, type LiveRecentCallbacks, type RecentCallbacksState } from './recentCallbacks';
import { secretText } from './secrets';

// The only file that talks to n8n. Every trigger node delegates here with its provider module.

/**
 * The one webhook of every trigger. `responseData: ''` makes n8n's "on received" answer its plain
 * `{"message":"Workflow was started"}`: left undefined, n8n defaults it to 'firstEntryJson' and
 * sends that word as the body.
 */
export const CALLBACK_WEBHOOK: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	responseData: '',
	path: 'webhook',
};

/** One per n8n process: see CredentialCache for what loading a credential costs. */
const credentialCache = new CredentialCache();

/** Identifies a trigger node of a workflow within this n8n process. */
const nodeKeyOf = (context: IWebhookFunctions) => `${context.getWorkflow().id ?? ''}:${context.getNode().id}:`;

/** The parameters every trigger shows. Their names are stored in saved workflows: never rename. */
export function triggerProperties(provider: CallbackProvider): INodeProperties[] {
	const events = [...provider.events, OTHER_EVENT].sort((a, b) => a.name.localeCompare(b.name));
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
			options: events.map((event) => ({ name: event.name, value: event.id, description: event.description })),
			default: [],
			description: 'Which notifications start the workflow. Leave empty to start it for all of them.',
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

interface TriggerOptions {
	includeHeaders?: boolean;
	ipAllowlist?: string;
	suppressDuplicates?: boolean;
}

function readSettings(context: IWebhookFunctions | IHookFunctions): TriggerSettings {
	const events = context.getNodeParameter('events', []) as string[];
	const options = context.getNodeParameter('options', {}) as TriggerOptions & Record<string, unknown>;
	return {
		options,
		events: Array.isArray(events) ? events : [],
		suppressDuplicates: options.suppressDuplicates !== false,
		ipAllowlist: typeof options.ipAllowlist === 'string' ? options.ipAllowlist : '',
		includeHeaders: options.includeHeaders === true,
	};
}

const listOf = (labels: string[]) =>
	labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;

/** The events of n8n's (Express) response that say the answer has gone out. */
interface AnswerEvents {
	once?(event: 'finish' | 'close', listener: () => void): unknown;
}

/** How long a request keeps its saved copy of the duplicate store marked as changed, at most. */
const SAVE_MARK_LIMIT_MS = 60_000;

/**
 * Makes n8n save this request's copy of the duplicate store, pointed at the live store, before it
 * answers. n8n 2.40.7 saves a webhook's static data in the answer callback of
 * `LiveWebhooks.executeWebhook` (packages/cli/src/webhooks/live-webhooks.ts), just before it sends the
 * answer, and only while the data is marked changed. When the callback started an execution,
 * `WorkflowRunner.run` (packages/cli/src/workflow-runner.ts, `establishContextForPersistence`) first
 * wraps the same static data in a new Workflow, which clears that mark; its database and queue work
 * comes after. So the mark is set again on every turn of the event loop until the answer has gone out:
 * a turn falls between the clearing and the save whatever their timing. n8n 1.123 does not clear the
 * mark; there the first write suffices. Delete the loop once n8n stops clearing the mark.
 */
function saveBeforeAnswering(response: AnswerEvents, store: LiveRecentCallbacks) {
	store.persist();
	if (typeof response.once !== 'function') return;
	let answered = false;
	const markAnswered = () => (answered = true);
	response.once('finish', markAnswered);
	response.once('close', markAnswered);
	const giveUpAt = Date.now() + SAVE_MARK_LIMIT_MS;
	void (async () => {
		while (!answered && Date.now() < giveUpAt) {
			// n8n Cloud rules allow timers only through n8n's sleep helper
			await sleep(0);
			if (!answered) store.persist();
		}
	})();
}

/** Answers the caller directly; n8n starts no execution. */
function answer(context: IWebhookFunctions, statusCode: number, body: object): IWebhookResponseData {
	context.getResponseObject().status(statusCode).json(body);
	return { noWebhookResponse: true };
}

/** Provider API calls go through n8n's own HTTP helper (its proxy settings, its error types). */
function httpThroughN8n(context: IWebhookFunctions): HttpJson {
	return async ({ method, url, headers, form, timeoutMs }) =>
		await context.helpers.httpRequest({
			method,
			url,
			headers: form ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
			body: form ? new URLSearchParams(form).toString() : undefined,
			timeout: timeoutMs,
			json: true,
		});
}

/** The body of `webhook()`: runs the shared pipeline and turns its result into n8n's answer. */
export async function receiveCallback(
	this: IWebhookFunctions,
	provider: CallbackProvider,
): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const settings = readSettings(this);
	const multipart = /^multipart\//i.test(request.headers['content-type'] ?? '');
	if (!Buffer.isBuffer(request.rawBody) && !multipart && typeof request.readRawBody === 'function') {
		// n8n reads the bytes of every non-multipart body; this covers a route that did not.
		await request.readRawBody().catch(() => undefined);
	}
	const label = `${provider.displayName} Trigger`;

	const isProduction = this.getMode() !== 'manual';
	const now = new Date();
	const nodeKey = nodeKeyOf(this);
	const duplicateStore =
		settings.suppressDuplicates && isProduction
			? liveRecentCallbacks(nodeKey, this.getWorkflowStaticData('node') as RecentCallbacksState, now.getTime())
			: undefined;
	const credentialKey = `${nodeKey}${this.getNode().credentials?.[provider.credentialType]?.id ?? ''}`;
	const loadCredentials = async () => await this.getCredentials(provider.credentialType);

	const result = await processCallback(
		provider,
		{
			contentType: request.headers['content-type'],
			parsed: request.body,
			raw: Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined,
			headers: request.headers,
			clientIp: request.ip,
		},
		{
			// test events always see the saved credential
			loadCredentials: async () =>
				isProduction ? await credentialCache.get(credentialKey, loadCredentials, now.getTime()) : await loadCredentials(),
			settings,
			recentCallbacks: duplicateStore?.recentCallbacks,
			now,
			http: httpThroughN8n(this),
		},
	);

	switch (result.outcome) {
		case 'misconfigured':
			// Not the caller's fault: answer 503 so the provider retries once the credential is fixed.
			this.logger.error(
				`${label}: callback refused with 503: the ${provider.displayName} API credential is missing or has no ${result.missing.join(', ')}`,
			);
			return answer(this, 503, {
				error: 'not_configured',
				message: `The ${provider.displayName} Trigger cannot verify callbacks: its credential is incomplete.`,
			});
		case 'rejected':
			this.logger.warn(`${label}: callback refused with ${result.statusCode}: ${result.message}`);
			return answer(this, result.statusCode, { error: result.error, message: result.message });
		case 'ignored':
			this.logger.debug(`${label}: ${result.event} callback ignored (${result.reason})`);
			// a verified callback may put back what another process's save erased; a forged one never writes
			if (duplicateStore?.savedCopyIsBehind) duplicateStore.persist();
			return { webhookResponse: { received: true, ignored: result.reason } };
		case 'accepted':
			if (duplicateStore) saveBeforeAnswering(this.getResponseObject(), duplicateStore);
			return { workflowData: [this.helpers.returnJsonArray([result.item])] };
	}
}

/**
 * `webhookMethods.default.create`: the provider has no registration API (the user pastes the URL),
 * so activation only checks that callbacks can be verified and fails loudly when they cannot.
 */
export async function checkReadyToReceive(this: IHookFunctions, provider: CallbackProvider): Promise<boolean> {
	const settings = readSettings(this);
	const credentials = await this.getCredentials(provider.credentialType);
	const missing = missingSecrets(provider, credentials, settings.options).map((secret) => secret.label);
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
			{ description: 'Use addresses like 203.0.113.10 or 2001:db8::1 and ranges like 198.51.100.0/24, separated by commas.' },
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
		return { status: 'Error', message: `Fill in ${listOf(missing)}: the trigger needs ${missing.length > 1 ? 'them' : 'it'} to verify callbacks.` };
	}
	return {
		status: 'OK',
		message: `All keys are filled in. ${provider.displayName} offers no way to check keys without a callback: send one to the Test URL to confirm them.`,
	};
}

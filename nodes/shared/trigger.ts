import {
	NodeOperationError,
	fromFunction,
	fromParameter,
	webhookDescriptionFields,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeProperties,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { saveBeforeAnswering, settleWhenAnswered } from './answerTiming';
import { CredentialCache } from './credentialCache';
import { parseAllowlist } from './ipAllowlist';
import { OTHER_EVENT, missingSecrets, processCallback, type TriggerSettings } from './pipeline';
import type { CallbackProvider, HttpJson } from './provider';
import { liveRecentCallbacks, type LiveRecentCallbacks, type SavedRecentCallbacks } from './recentCallbacks';
import { CALLBACK_REFUSED_EVENT, RefusalLog, RefusalReports } from './refusals';
import { secretText } from './secrets';

// The only file that talks to n8n. Every trigger node delegates here with its provider module.

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
	return fields.responseMode === templates.responseMode && fields.responseData === templates.responseData ? fields : templates;
}

/** The one webhook of every trigger. */
export const CALLBACK_WEBHOOK: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	...respondFields(),
	path: 'webhook',
};

/** Seconds a caller is asked to wait before retrying, on each 503 the triggers answer. */
const RETRY_AFTER_SECONDS = { inFlight: 30, notConfigured: 300 };

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
		"When to answer the provider. None of AtaraPay, IntraPay or Optty publishes how long it waits for an answer (a reverse proxy in front of n8n often gives up after 60 seconds: nginx's default), and only Optty says it retries failed deliveries. Keep \"Immediately\" for workflows that take more than a few seconds.",
};

/** One per n8n process: see CredentialCache for what loading a credential costs. */
const credentialCache = new CredentialCache();
/** One per n8n process: refused callbacks counted per trigger node, for the "Callback Refused" event. */
const refusalReports = new RefusalReports();
/** One per n8n process: how often a refused callback is worth a warning in n8n's log. */
const refusalLog = new RefusalLog();

/** Identifies a trigger node of a workflow within this n8n process. */
const nodeKeyOf = (context: IWebhookFunctions) => `${context.getWorkflow().id ?? ''}:${context.getNode().id}:`;

/** The parameters every trigger shows. Their names are stored in saved workflows: never rename. */
export function triggerProperties(provider: CallbackProvider): INodeProperties[] {
	const events = [...provider.events, OTHER_EVENT, CALLBACK_REFUSED_EVENT].sort((a, b) => a.name.localeCompare(b.name));
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

interface TriggerOptions {
	includeHeaders?: boolean;
	ipAllowlist?: string;
	responseMode?: string;
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

/** Answers the caller directly; n8n starts no execution. A 503 says when to retry. */
function answer(
	context: IWebhookFunctions,
	statusCode: number,
	body: object,
	retryAfterSeconds?: number,
): IWebhookResponseData {
	const response = context.getResponseObject();
	if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
	response.status(statusCode).json(body);
	return { noWebhookResponse: true };
}

/** Whether n8n will save the workflow's static data after this request (its "changed" mark). */
function staticDataMarkOf(context: IWebhookFunctions) {
	const data = context.getWorkflowStaticData('global') as { __dataChanged?: boolean };
	return () => data.__dataChanged === true;
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
	const acceptAfterRun = settings.options.responseMode === 'lastNode';
	// Made when first needed: a forged or unreadable callback never reads the saved copy n8n loaded
	let store: LiveRecentCallbacks | undefined;
	const duplicateStore = () =>
		(store ??= liveRecentCallbacks(nodeKey, this.getWorkflowStaticData('node') as SavedRecentCallbacks, now.getTime(), {
			acceptAfterRun,
		}));
	const suppressDuplicates = settings.suppressDuplicates && isProduction;
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
			recentCallbacks: suppressDuplicates
				? { claim: (dedupeKey, at) => duplicateStore().recentCallbacks.claim(dedupeKey, at) }
				: undefined,
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
			return answer(
				this,
				503,
				{
					error: 'not_configured',
					message: `The ${provider.displayName} Trigger cannot verify callbacks: its credential is incomplete.`,
				},
				RETRY_AFTER_SECONDS.notConfigured,
			);
		case 'rejected': {
			const logLine = refusalLog.line(nodeKey, label, result, now);
			this.logger[logLine.level](logLine.text);
			const refusedAnswer = answer(this, result.statusCode, { error: result.error, message: result.message });
			if (!settings.events.includes(CALLBACK_REFUSED_EVENT.id)) return refusedAnswer;
			const report = refusalReports.record(`${nodeKey}${this.getMode()}`, result, {
				provider: provider.id,
				clientIp: request.ip,
				now,
			});
			// the caller has its answer; the workflow hears of the refusal at most once a minute
			return report ? { ...refusedAnswer, workflowData: [this.helpers.returnJsonArray([report])] } : refusedAnswer;
		}
		case 'in_flight':
			this.logger.debug(`${label}: ${result.event} callback repeated while its workflow still runs`);
			if (suppressDuplicates && duplicateStore().savedCopyIsBehind) duplicateStore().persist();
			return answer(
				this,
				503,
				{
					error: 'in_progress',
					message: 'This callback is already being handled and its workflow has not finished yet. Retry later.',
				},
				RETRY_AFTER_SECONDS.inFlight,
			);
		case 'ignored':
			this.logger.debug(`${label}: ${result.event} callback ignored (${result.reason})`);
			// a verified callback may put back what another process's save erased; a forged one never writes
			if (suppressDuplicates && duplicateStore().savedCopyIsBehind) duplicateStore().persist();
			return { webhookResponse: { received: true, ignored: result.reason } };
		case 'accepted':
			if (suppressDuplicates) {
				const response = this.getResponseObject();
				const accepted = duplicateStore();
				saveBeforeAnswering(response, accepted, staticDataMarkOf(this));
				if (acceptAfterRun) {
					const { dedupeKey } = result;
					settleWhenAnswered(response, (succeeded) => accepted.settle(dedupeKey, succeeded, Date.now()));
				}
			}
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

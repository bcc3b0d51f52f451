import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { saveBeforeAnswering, settleWhenAnswered } from './answerTiming';
import { CredentialCache } from './credentialCache';
import { processCallback } from './pipeline';
import type { CallbackProvider, HttpJson } from './provider';
import { liveRecentCallbacks, type LiveRecentCallbacks } from './liveRecentCallbacks';
import type { SavedRecentCallbacks } from './recentCallbacks';
import {
	CALLBACK_REFUSED_EVENT,
	refusalItem,
	refusalWarningKey,
	refusalLogLine,
	refusalReportTally,
	refusalWarningTally,
} from './refusals';
import { readSettings } from './triggerSettings';

// What runs for each callback: the only file that talks to n8n while one is handled. Every trigger
// node's webhook() delegates here with its provider module.

/** Seconds a caller is asked to wait before retrying, on each 503 the triggers answer. */
const RETRY_AFTER_SECONDS = { inFlight: 30, notConfigured: 300 };

/** One per n8n process: see CredentialCache for what loading a credential costs. */
const credentialCache = new CredentialCache();
/** One per n8n process: refused callbacks counted per trigger node, for the "Callback Refused" event. */
const refusalReports = refusalReportTally();
/** One per n8n process: how often a refused callback is worth a warning in n8n's log. */
const refusalWarnings = refusalWarningTally();

/** Identifies a trigger node of a workflow within this n8n process. */
const nodeKeyOf = (context: IWebhookFunctions) =>
	`${context.getWorkflow().id ?? ''}:${context.getNode().id}:`;

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
	if (
		!Buffer.isBuffer(request.rawBody) &&
		!multipart &&
		typeof request.readRawBody === 'function'
	) {
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
		(store ??= liveRecentCallbacks(
			nodeKey,
			this.getWorkflowStaticData('node') as SavedRecentCallbacks,
			now.getTime(),
			{
				acceptAfterRun,
			},
		));
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
				isProduction
					? await credentialCache.get(credentialKey, loadCredentials, now.getTime())
					: await loadCredentials(),
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
			const warning = refusalWarnings.count(refusalWarningKey(nodeKey, result), now.getTime());
			const logLine = refusalLogLine(label, result, warning);
			this.logger[logLine.level](logLine.text);
			const refusedAnswer = answer(this, result.statusCode, {
				error: result.error,
				message: result.message,
			});
			if (!settings.events.includes(CALLBACK_REFUSED_EVENT.id)) return refusedAnswer;
			const report = refusalReports.count(`${nodeKey}${this.getMode()}`, now.getTime());
			// the caller has its answer; the workflow hears of the refusal at most once a minute
			if (!report) return refusedAnswer;
			const item = refusalItem(result, report, {
				provider: provider.id,
				clientIp: request.ip,
				now,
			});
			return { ...refusedAnswer, workflowData: [this.helpers.returnJsonArray([item])] };
		}
		case 'in_flight':
			this.logger.debug(
				`${label}: ${result.event} callback repeated while its workflow still runs`,
			);
			if (suppressDuplicates && duplicateStore().savedCopyIsBehind)
				duplicateStore().markForSaving();
			return answer(
				this,
				503,
				{
					error: 'in_progress',
					message:
						'This callback is already being handled and its workflow has not finished yet. Retry later.',
				},
				RETRY_AFTER_SECONDS.inFlight,
			);
		case 'ignored':
			this.logger.debug(`${label}: ${result.event} callback ignored (${result.reason})`);
			// a verified callback may put back what another process's save erased; a forged one never writes
			if (suppressDuplicates && duplicateStore().savedCopyIsBehind)
				duplicateStore().markForSaving();
			return { webhookResponse: { received: true, ignored: result.reason } };
		case 'accepted':
			if (suppressDuplicates) {
				const response = this.getResponseObject();
				const accepted = duplicateStore();
				saveBeforeAnswering(response, accepted, staticDataMarkOf(this));
				if (acceptAfterRun) {
					const { dedupeKey } = result;
					settleWhenAnswered(response, (succeeded) =>
						accepted.settle(dedupeKey, succeeded, Date.now()),
					);
				}
			}
			return { workflowData: [this.helpers.returnJsonArray([result.item])] };
	}
}

import type { ZodError } from 'zod/v4';

import type { CallbackItem } from './callbackItem';
import { parseAllowlist } from './ipAllowlist';
import type { CallbackProvider, HttpJson, ProviderEvent } from './provider';
import type { ClaimResult } from './recentCallbacks';
import { decodeRequestBody, type ReceivedBody } from './requestBody';
import { flattenHeaders, redactHeaders, secretText, type RequestHeaders } from './secrets';
import { verifiedWith } from './verification';

export const OTHER_EVENT: ProviderEvent = {
	id: 'other',
	name: 'Other',
	description: 'Any notification the node does not recognise',
};

export interface CallbackRequest extends ReceivedBody {
	headers: RequestHeaders;
	/** The client address as n8n resolved it (Express `req.ip`, honouring N8N_PROXY_HOPS). */
	clientIp: string | undefined;
}

export interface TriggerSettings {
	/** Event ids that start the workflow; empty means all. */
	events: readonly string[];
	suppressDuplicates: boolean;
	ipAllowlist: string;
	includeHeaders: boolean;
	/** The node's whole "Options" collection, for provider-specific options. */
	options: Record<string, unknown>;
}

export type Rejection = {
	outcome: 'rejected';
	statusCode: 400 | 401 | 403;
	error: string;
	/** Safe to send and log: says what is wrong, never a received or stored secret. */
	message: string;
};

export type PipelineResult =
	| Rejection
	| { outcome: 'misconfigured'; missing: string[] }
	| { outcome: 'ignored'; reason: 'event_not_selected' | 'duplicate'; event: string }
	/** A repeat of a callback whose run has not answered yet: neither accepted nor a duplicate yet. */
	| { outcome: 'in_flight'; event: string }
	| { outcome: 'accepted'; item: CallbackItem; dedupeKey: string };

const reject = (
	statusCode: Rejection['statusCode'],
	error: string,
	message: string,
): Rejection => ({
	outcome: 'rejected',
	statusCode,
	error,
	message,
});

/** Names the fields a schema rejected, without echoing their values. */
function describeSchemaProblems(error: ZodError): string {
	const problems = error.issues.slice(0, 5).map((issue) => {
		const path = issue.path.length > 0 ? issue.path.join('.') : 'body';
		return `${path}: ${issue.message}`;
	});
	return problems.join('; ');
}

/**
 * Runs a step over input that is not verified yet. Such input can be built to break a library
 * (say, nesting too deep for a serializer): that is the sender's fault, so it gets a 400 like any
 * unreadable body instead of a 500.
 */
function unlessItThrows<T>(step: () => T): T | undefined {
	try {
		return step();
	} catch {
		return undefined;
	}
}

const unusableInput = (provider: CallbackProvider) =>
	reject(
		400,
		'bad_request',
		`This request is not a callback the ${provider.displayName} Trigger can read.`,
	);

/** A copy without the named top-level fields, whatever their case. */
function omitFields(fields: Record<string, unknown>, names: readonly string[]) {
	const omitted = new Set(names.map((name) => name.toLowerCase()));
	return Object.fromEntries(
		Object.entries(fields).filter(([name]) => !omitted.has(name.toLowerCase())),
	);
}

export interface PipelineContext {
	/** How the provider's `enrich` step reaches its API (n8n's HTTP helper in the node). */
	http?: HttpJson;
	/** Loaded only for callbacks that pass the cheap checks (allowlist, body), so floods stay cheap. */
	loadCredentials: () => Promise<Record<string, unknown>>;
	settings: TriggerSettings;
	/** Present when duplicates are to be suppressed (production calls with the option on). */
	recentCallbacks: { claim(dedupeKey: string, now: number): ClaimResult } | undefined;
	now: Date;
}

/** The credential fields the trigger needs with these options that are empty. */
export function missingSecrets(
	provider: CallbackProvider,
	credentials: Record<string, unknown>,
	options: Record<string, unknown>,
) {
	return provider.requiredSecrets.filter(
		(secret) =>
			(secret.whenOption === undefined || options[secret.whenOption] === true) &&
			secretText(credentials, secret.field) === '',
	);
}

/** Fields kept out of the payload: verification material, and sensitive fields not asked for. */
function fieldsLeftOut(provider: CallbackProvider, options: Record<string, unknown>) {
	const sensitive = (provider.sensitiveFields ?? []).filter(
		(entry) => options[entry.includeWhenOption] !== true,
	);
	return [provider.signature.field, ...sensitive.map((entry) => entry.field)];
}

/**
 * The one webhook pipeline every trigger runs:
 * IP allowlist -> decode body -> type it -> credentials -> verify -> classify -> filter -> dedupe -> item.
 * Touches neither n8n nor the network (credentials come through `loadCredentials`); remembers accepted
 * callbacks in `recentCallbacks`; never throws for bad input.
 */
export async function processCallback<Payload extends Record<string, unknown>>(
	provider: CallbackProvider<Payload>,
	request: CallbackRequest,
	{ loadCredentials, settings, recentCallbacks, now, http }: PipelineContext,
): Promise<PipelineResult> {
	const allowlist = parseAllowlist(settings.ipAllowlist);
	if (!allowlist.ok || !allowlist.allows(request.clientIp)) {
		return reject(403, 'forbidden', 'This address is not on the IP allowlist of this trigger.');
	}

	const body = decodeRequestBody(request);
	if (!body.ok) return reject(400, 'bad_request', body.message);

	const typed = unlessItThrows(() =>
		provider.payloadSchema.safeParse(
			omitFields(body.fields, fieldsLeftOut(provider, settings.options)),
		),
	);
	if (typed === undefined) return unusableInput(provider);
	if (!typed.success) {
		return reject(
			400,
			'bad_request',
			`This request is not a callback the ${provider.displayName} Trigger can read (${describeSchemaProblems(typed.error)}).`,
		);
	}
	const payload = typed.data;

	let credentials: Record<string, unknown>;
	try {
		credentials = await loadCredentials();
	} catch {
		credentials = {};
	}
	const missing = missingSecrets(provider, credentials, settings.options);
	if (missing.length > 0)
		return { outcome: 'misconfigured', missing: missing.map((secret) => secret.label) };

	const headers = flattenHeaders(request.headers);
	const verification = unlessItThrows(() =>
		provider.verify(
			{ fields: body.fields, payload, rawBody: request.raw, headers },
			credentials,
			settings.options,
		),
	);
	if (verification === undefined) return unusableInput(provider);
	if (!verification.ok) return reject(401, 'unauthorized', verification.message);

	const event = provider.classify(payload);
	if (settings.events.length > 0 && !settings.events.includes(event)) {
		return { outcome: 'ignored', reason: 'event_not_selected', event };
	}

	const dedupeKey = [
		provider.id,
		...provider.dedupeParts(payload).map((part) => String(part ?? '')),
	].join(':');
	const claim = recentCallbacks?.claim(dedupeKey, now.getTime()) ?? 'claimed';
	if (claim === 'duplicate') return { outcome: 'ignored', reason: 'duplicate', event };
	if (claim === 'in_flight') return { outcome: 'in_flight', event };

	const summary = provider.summarize(payload);
	const enrichment =
		provider.enrich && http
			? await provider.enrich({
					payload,
					status: summary.status,
					credentials,
					options: settings.options,
					http,
				})
			: {};
	const item: CallbackItem = {
		provider: provider.id,
		event,
		...summary,
		verified: verification.verified,
		verifiedWith: verifiedWith(verification),
		dedupeKey,
		receivedAt: now.toISOString(),
		payload,
		...(settings.includeHeaders ? { headers: redactHeaders(headers) } : {}),
		...enrichment,
	};
	return { outcome: 'accepted', item, dedupeKey };
}

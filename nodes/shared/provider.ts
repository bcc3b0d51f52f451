import type { INodeProperties } from 'n8n-workflow';
import type { z } from 'zod/v4';

import type { SignatureCheck, Verification, VerificationInput } from './verification';

/** One kind of notification a provider sends, as the user picks it in the "Events" filter. */
export interface ProviderEvent {
	/** Stable snake_case id: it is stored in saved workflows and emitted as `item.event`. */
	id: string;
	name: string;
	description: string;
	/**
	 * For a provider whose callbacks say what happened only by a status value: the values that mean this
	 * event, in upper case (a callback's value matches in any case), for its `classify` (`eventOfStatus`).
	 */
	statuses?: readonly string[];
}

/** A credential field that verification cannot do without. Activation fails while one is empty. */
export interface RequiredSecret {
	field: string;
	label: string;
	/** Required only while this (boolean) option of the node is on. */
	whenOption?: string;
}

/** A top-level field left out of the item's payload unless the named option is on. */
export interface SensitiveField {
	field: string;
	includeWhenOption: string;
}

/** An HTTP call as the node makes it through n8n (`this.helpers.httpRequest`), injected for testing. */
export type HttpJson = (request: {
	method: 'GET' | 'POST';
	url: string;
	headers?: Record<string, string>;
	form?: Record<string, string>;
	timeoutMs: number;
}) => Promise<unknown>;

export interface EnrichmentInput<Payload> {
	payload: Payload;
	status: string;
	credentials: Record<string, unknown>;
	options: Record<string, unknown>;
	http: HttpJson;
}

/** The top-level fields of a callback body, already decoded from JSON, form or multipart. */
export type CallbackFields = Record<string, unknown>;

/** What the common item says about the order; the pipeline adds the rest. */
export interface OrderSummary {
	status: string;
	orderId: string | null;
	merchantReference: string | null;
	amount: number | null;
	amountMinor: number | null;
	currency: string | null;
}

/**
 * Everything that differs between providers. Only data and pure functions: no n8n calls, no I/O.
 * The shared pipeline (`pipeline.ts`) runs every callback through these in the same order.
 */
export interface CallbackProvider<
	Payload extends Record<string, unknown> = Record<string, unknown>,
> {
	/** Emitted as `item.provider`. */
	id: string;
	displayName: string;
	credentialType: string;
	events: readonly ProviderEvent[];
	requiredSecrets: readonly RequiredSecret[];
	/** Where in the provider's dashboard the production URL goes, shown as a notice in the node. */
	setupHint: string;
	/** Types the callback, without its `signature.field`: this is the item's `payload`. */
	payloadSchema: z.ZodType<Payload, unknown>;
	/** Where the token or signature is, what it needs and how it is computed: data for `verify`. */
	signature: SignatureCheck<Payload>;
	/** Options of this provider only, added to the node's shared "Options" collection. */
	extraOptions?: INodeProperties[];
	sensitiveFields?: readonly SensitiveField[];
	/** Item fields only this provider emits (optional ones, added by `enrich`). */
	itemExtension?: z.ZodRawShape;
	/**
	 * Adds fields to an accepted callback's item, e.g. from the provider's API. Must not throw:
	 * a failure is reported in the fields it returns.
	 */
	enrich?(input: EnrichmentInput<Payload>): Promise<Record<string, unknown>>;
	/**
	 * The shared verifier (`verifyCallback` in verification.ts) bound to `signature`, with every key set
	 * of the credential. `options` is the node's whole "Options" collection.
	 */
	verify(
		input: VerificationInput<Payload>,
		credentials: Record<string, unknown>,
		options: Record<string, unknown>,
	): Verification;
	classify(payload: Payload): string;
	/** The parts that identify one notification; the same parts mean the same notification. */
	dedupeParts(payload: Payload): ReadonlyArray<string | number | null | undefined>;
	summarize(payload: Payload): OrderSummary;
}

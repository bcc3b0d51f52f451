import { createHmac } from 'crypto';
import { z } from 'zod/v4';

import { canonicalKeys, fieldOf, textField } from '../shared/fields';
import { fromMajorUnits, toText } from '../shared/money';
import type { CallbackFields, CallbackProvider, ProviderEvent } from '../shared/provider';
import { eventOfStatus } from '../shared/statusEvents';
import { verifiedBy, type SignatureCheck } from '../shared/verification';
import { confirmWithOptty } from './confirmation';

// Optty order notifications: see docs/protocols.md §3.

export const DEFAULT_HASH_TEMPLATE = '{status}|{orderReference}';

/**
 * The signed message: the template with each {field} replaced by that field's text, read from the
 * typed notification (where canonicalKeys has settled case variants of known fields). So the hash
 * covers exactly the values the item shows: a variant such as `Status` cannot put one value in the
 * hash and another in the item.
 */
export function hashMessage(template: string, notification: CallbackFields): string {
	return template.replace(
		/\{([^{}]+)\}/g,
		(_placeholder, name: string) => toText(fieldOf(notification, name.trim())) ?? '',
	);
}

/** The HMAC-SHA512 Optty puts in `hash`, as raw bytes (sent as hex or base64). */
export const opttyDigest = (hashSecret: string, message: string) =>
	createHmac('sha512', hashSecret).update(message, 'utf8').digest();

/** The notification's known fields, as canonicalKeys settles their case variants. */
export const NOTIFICATION_FIELDS = [
	'event',
	'status',
	'transactionId',
	'orderId',
	'orderReference',
	'orderToken',
	'reference',
	'transactionReference',
	'amount',
	'currency',
	'paymentStatus',
	'provider',
	'captureStatus',
	'cancelledBy',
	'token',
] as const;

const payloadSchema = z.preprocess(
	canonicalKeys(NOTIFICATION_FIELDS),
	z
		.object({
			event: textField.describe(
				'Optty event type, e.g. ORDER_STATUS_UPDATE or ORDER_ASYNC_CALLBACK',
			),
			status: textField.describe('SUCCESSFUL, DECLINED, PENDING, CANCELED, ERROR, ...'),
			transactionId: textField,
			orderId: textField.describe("The BNPL provider's order id"),
			orderReference: textField.describe('Your own order reference'),
			orderToken: textField,
			reference: textField,
			transactionReference: textField,
			amount: textField.describe('Amount in major units'),
			currency: textField,
			paymentStatus: textField,
			provider: textField.describe('The BNPL provider, e.g. FAT_ZEBRA_AU'),
			captureStatus: textField.describe('AUTHORIZED or CAPTURED'),
			cancelledBy: textField.describe('SYSTEM or USER, on cancelled orders'),
			token: textField.describe('Card token: only with the option "Include Card Token"'),
		})
		.passthrough(),
);

export type OpttyCallback = z.infer<typeof payloadSchema>;

/** The node's template, or the default one when it is left blank. */
const templateOf = ({ hashTemplate }: Record<string, unknown>) =>
	typeof hashTemplate === 'string' && hashTemplate.trim() !== ''
		? hashTemplate
		: DEFAULT_HASH_TEMPLATE;

const hash: SignatureCheck<OpttyCallback> = {
	field: 'hash',
	anyCase: true,
	read: toText,
	// Optty's plugin writes hex; its docs' example is base64
	encodings: ['hex', 'base64'],
	keyFields: [{ field: 'hashSecret', previousField: 'previousHashSecret' }],
	expected: ({ payload }, keys, options) => [
		opttyDigest(keys.hashSecret, hashMessage(templateOf(options), payload)),
	],
	messages: {
		missing: 'The callback has no Optty hash.',
		mismatch:
			'The Optty hash does not match this callback. Check the Hash Secret in the Optty API credential (Sandbox and Production have different ones).',
	},
};

/** Optty's events, each with the status values that mean it (classify reads status, then captureStatus). */
const ORDER_EVENTS: ProviderEvent[] = [
	{
		id: 'order_successful',
		name: 'Order Successful',
		description: 'The order was paid (status SUCCESSFUL)',
		statuses: ['SUCCESSFUL', 'SUCCESS'],
	},
	{
		id: 'order_declined',
		name: 'Order Declined',
		description: 'The BNPL provider declined the order',
		statuses: ['DECLINED'],
	},
	{
		id: 'order_cancelled',
		name: 'Order Cancelled',
		description: 'The order was cancelled (CANCELED or CANCELLED)',
		statuses: ['CANCELED', 'CANCELLED'],
	},
	{
		id: 'order_pending',
		name: 'Order Pending',
		description: 'The order is waiting for the BNPL provider',
		statuses: ['PENDING'],
	},
	{
		id: 'order_error',
		name: 'Order Error',
		description: 'The order failed with an error',
		statuses: ['ERROR'],
	},
	{
		id: 'order_authorized',
		name: 'Order Authorized',
		description: 'The payment was authorized, not yet captured',
		statuses: ['AUTHORIZED', 'AUTHORISED'],
	},
	{
		id: 'order_captured',
		name: 'Order Captured',
		description: 'The authorized payment was captured',
		statuses: ['CAPTURED'],
	},
	{
		id: 'order_refunded',
		name: 'Order Refunded',
		description: 'The order was refunded',
		statuses: ['REFUNDED'],
	},
];

export const optty: CallbackProvider<OpttyCallback> = {
	id: 'optty',
	displayName: 'Optty',
	credentialType: 'opttyApi',
	setupHint:
		"In the Optty merchant dashboard open Webhook/Callback Settings (Sandbox and Production are set separately) and paste this node's Production URL (not the Test URL), then activate the workflow.",
	events: ORDER_EVENTS,
	requiredSecrets: [
		{ field: 'hashSecret', label: 'Hash Secret' },
		{ field: 'clientId', label: 'Client ID', whenOption: 'confirmWithApi' },
		{ field: 'clientSecret', label: 'Client Secret', whenOption: 'confirmWithApi' },
	],
	payloadSchema,
	...verifiedBy(hash),
	sensitiveFields: [{ field: 'token', includeWhenOption: 'includeCardToken' }],
	extraOptions: [
		{
			displayName: 'Confirm with Optty API',
			name: 'confirmWithApi',
			type: 'boolean',
			default: false,
			description:
				"Whether to look the order up in Optty's API before the workflow runs and add confirmed and confirmedStatus to the item. Needs the client ID and secret in the credential. Adds up to a few seconds to each answer.",
		},
		{
			displayName: 'Hash Message Template',
			name: 'hashTemplate',
			type: 'string',
			default: DEFAULT_HASH_TEMPLATE,
			description:
				'What Optty signs, with {field} standing for a field of the notification. Change it only if Optty told you it signs other fields.',
		},
		{
			displayName: 'Include Card Token',
			name: 'includeCardToken',
			type: 'boolean',
			default: false,
			description:
				'Whether to keep the card token Optty may send in the item. It is sensitive: leave this off unless a later step needs it.',
		},
	],
	itemExtension: {
		confirmed: z
			.boolean()
			.nullable()
			.optional()
			.describe(
				'With "Confirm with Optty API": whether Optty\'s API reports the same status (null: it could not be asked)',
			),
		confirmedStatus: z
			.string()
			.nullable()
			.optional()
			.describe("The order status Optty's API reports"),
		confirmationError: z
			.string()
			.optional()
			.describe("Why Optty's API could not confirm the order"),
	},

	classify(payload) {
		return eventOfStatus(ORDER_EVENTS, payload.status, payload.captureStatus) ?? 'other';
	},

	dedupeParts: (payload) => [
		toText(payload.transactionId) ?? toText(payload.orderReference),
		toText(payload.event),
		toText(payload.status),
	],

	summarize(payload) {
		return {
			status: toText(payload.status) ?? '',
			orderId: toText(payload.orderId) ?? toText(payload.transactionReference),
			merchantReference: toText(payload.orderReference),
			...fromMajorUnits(payload.amount),
			currency: toText(payload.currency),
		};
	},

	async enrich({ payload, status, credentials, options, http }) {
		if (options.confirmWithApi !== true) return {};
		return await confirmWithOptty({
			orderReference: toText(payload.orderReference),
			status,
			credentials,
			http,
		});
	},
};

import { createHash, createHmac } from 'crypto';
import { z } from 'zod/v4';

import { canonicalKeys, fieldOf, textField } from '../shared/fields';
import { fromMajorUnits, toText } from '../shared/money';
import type { CallbackProvider, ProviderEvent } from '../shared/provider';
import { eventOfStatus } from '../shared/statusEvents';
import { plainText, verifiedBy, type SignatureCheck } from '../shared/verification';
import { signedContents } from './signedContent';

// IntraPay (Fuspay) P2P payment notifications: see docs/protocols.md §2.

export const SIGNATURE_SCHEMES = ['hmacSha512', 'sha512BodySecret', 'sha512SecretBody'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

/** The credential's scheme; the default for anything else (a credential saved before it had one). */
export const signatureSchemeOf = (value: unknown): SignatureScheme =>
	SIGNATURE_SCHEMES.find((known) => known === value) ?? 'hmacSha512';

/** The digest IntraPay signs with, for one scheme. Text is hashed as UTF-8. */
function signatureDigest(
	scheme: SignatureScheme,
	secret: string,
	content: string | Buffer,
): Buffer {
	switch (scheme) {
		case 'sha512BodySecret':
			return createHash('sha512').update(content).update(secret).digest();
		case 'sha512SecretBody':
			return createHash('sha512').update(secret).update(content).digest();
		default:
			return createHmac('sha512', secret).update(content).digest();
	}
}

/** The digest IntraPay puts in `signature`, as lowercase hex. */
export const intraPayDigest = (scheme: SignatureScheme, secret: string, content: string | Buffer) =>
	signatureDigest(scheme, secret, content).toString('hex');

const orderDetailsSchema = z.preprocess(
	canonicalKeys(['status', 'partner_order_id', 'intrapay_order_reference']),
	z
		.object({
			status: textField.describe('Order status, e.g. COMPLETED, PENDING, EXPIRED'),
			partner_order_id: textField.describe('Your order id, given when the order was created'),
			intrapay_order_reference: textField.describe("IntraPay's reference of the order"),
		})
		.passthrough(),
);

const dataSchema = z.preprocess(
	canonicalKeys(['payment', 'virtual_account', 'order_details']),
	z
		.object({
			payment: z
				.preprocess(
					canonicalKeys(['status']),
					z.object({ status: textField.describe('PENDING, PAID or REFUND') }).passthrough(),
				)
				.optional(),
			virtual_account: z
				.preprocess(
					canonicalKeys(['amount', 'account_name', 'bank_name', 'account_number', 'currency']),
					z
						.object({
							amount: textField.describe('Amount paid, in major units (naira, ...)'),
							account_name: textField.describe("Payer's account name"),
							bank_name: textField,
							account_number: textField,
							currency: textField,
						})
						.passthrough(),
				)
				.optional(),
			order_details: orderDetailsSchema.optional(),
		})
		.passthrough(),
);

const payloadSchema = z.preprocess(
	canonicalKeys(['status', 'message', 'data', 'partner_order_id', 'callbak_data'], {
		messsage: 'message',
	}),
	z
		.object({
			status: textField.describe('Notification status, e.g. success'),
			message: textField.describe(
				'Notification message (IntraPay sometimes spells the key "messsage")',
			),
			data: dataSchema.optional().describe('Payment, virtual account and order details'),
			partner_order_id: textField.describe(
				'Only on unsigned order acknowledgements and flat order callbacks',
			),
			callbak_data: textField.describe(
				'"OK" on unsigned order acknowledgements (IntraPay\'s spelling)',
			),
		})
		.passthrough(),
);

export type IntraPayCallback = z.infer<typeof payloadSchema>;

/** Order details: nested under data on payment notifications, at the top on flat order callbacks. */
const orderOf = (payload: IntraPayCallback): Record<string, unknown> =>
	payload.data?.order_details ?? payload;

/** The payment status as sent (PENDING, PAID, REFUND). */
const paymentStatusOf = (payload: IntraPayCallback) => toText(payload.data?.payment?.status);

const isAcknowledgement = (payload: IntraPayCallback) =>
	payload.callbak_data !== undefined && payload.data === undefined;

const signature: SignatureCheck<IntraPayCallback> = {
	field: 'signature',
	anyCase: true,
	read: plainText,
	encodings: ['hex'],
	keyFields: [
		{ field: 'merchantSecretKey', previousField: 'previousMerchantSecretKey' },
		{ field: 'partnerSecretKey', previousField: 'previousPartnerSecretKey' },
		{ field: 'signatureScheme' },
	],
	unsignedOption: 'acceptUnsignedCallbacks',
	*expected({ fields, rawBody }, keys) {
		const scheme = signatureSchemeOf(keys.signatureScheme);
		for (const content of signedContents(fields, rawBody)) {
			yield signatureDigest(scheme, keys.merchantSecretKey + keys.partnerSecretKey, content);
		}
	},
	messages: {
		missing: 'The callback has no IntraPay signature.',
		mismatch:
			'The IntraPay signature does not match this callback. Check the merchant and partner secret keys (they differ per currency wallet) and the signature scheme in the IntraPay API credential.',
	},
};

/** IntraPay's events; the payment ones with the payment status values that mean them. */
const PAYMENT_EVENTS: ProviderEvent[] = [
	{
		id: 'payment_pending',
		name: 'Payment Pending',
		description: 'The payment is pending (payment status PENDING)',
		statuses: ['PENDING'],
	},
	{
		id: 'payment_paid',
		name: 'Payment Paid',
		description: 'The payment was received (payment status PAID)',
		statuses: ['PAID'],
	},
	{
		id: 'payment_refunded',
		name: 'Payment Refunded',
		description: 'The payment was refunded (payment status REFUND)',
		statuses: ['REFUND', 'REFUNDED'],
	},
	{
		id: 'order_acknowledged',
		name: 'Order Acknowledged',
		description:
			'Unsigned acknowledgement of an async order (only with "Accept Unsigned Callbacks")',
	},
];

export const intraPay: CallbackProvider<IntraPayCallback> = {
	id: 'intrapay',
	displayName: 'IntraPay',
	credentialType: 'intraPayApi',
	setupHint:
		"Give this node's Production URL (not the Test URL) as partner_callback_url when you create IntraPay orders, then activate the workflow. IntraPay asks partners to accept only its addresses: put the addresses IntraPay gives you in Options > IP Allowlist.",
	events: PAYMENT_EVENTS,
	requiredSecrets: [
		{ field: 'merchantSecretKey', label: 'Merchant Secret Key' },
		{ field: 'partnerSecretKey', label: 'Partner Secret Key' },
	],
	payloadSchema,
	...verifiedBy(signature),
	extraOptions: [
		{
			displayName: 'Accept Unsigned Callbacks',
			name: 'acceptUnsignedCallbacks',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept the unsigned callbacks of async orders (acknowledgements and flat order objects). They start the workflow with verified set to false: anyone who knows the URL can send them.',
		},
	],

	classify(payload) {
		if (isAcknowledgement(payload)) return 'order_acknowledged';
		return eventOfStatus(PAYMENT_EVENTS, paymentStatusOf(payload)) ?? 'other';
	},

	dedupeParts(payload) {
		const order = orderOf(payload);
		const reference =
			toText(fieldOf(order, 'intrapay_order_reference')) ??
			toText(fieldOf(order, 'partner_order_id'));
		const state =
			paymentStatusOf(payload) ?? toText(fieldOf(order, 'status')) ?? toText(payload.callbak_data);
		return [reference, state];
	},

	summarize(payload) {
		const order = orderOf(payload);
		const account = payload.data?.virtual_account;
		const currency =
			account?.currency ?? fieldOf(payload.data, 'currency') ?? fieldOf(payload, 'currency');
		return {
			status:
				paymentStatusOf(payload) ??
				toText(fieldOf(order, 'status')) ??
				toText(payload.status) ??
				'',
			orderId: toText(fieldOf(order, 'intrapay_order_reference')),
			merchantReference: toText(fieldOf(order, 'partner_order_id')),
			...fromMajorUnits(account?.amount),
			currency: toText(currency),
		};
	},
};

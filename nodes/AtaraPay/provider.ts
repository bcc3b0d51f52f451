import { z } from 'zod/v4';

import { textField } from '../shared/fields';
import { fromMinorUnits, toText } from '../shared/money';
import type { CallbackProvider } from '../shared/provider';
import { parseJsonText } from '../shared/requestBody';
import { plainText, verifiedBy, type SignatureCheck } from '../shared/verification';

// AtaraPay order notifications: see docs/protocols.md §1 for the protocol and the decisions.

const wholeNumber = z.union([
	z.number().int(),
	z.string().regex(/^\d+$/, 'Expected whole-number digits'),
]);
const amount = z.union([z.number(), z.string()]).nullish();

const orderSchema = z
	.object({
		id: wholeNumber.describe('AtaraPay order id'),
		amount_payed: amount.describe('Amount paid, in kobo (450000 = NGN 4,500.00)'),
		product_id: textField.describe("The merchant's own reference for the order"),
		product_name: textField,
		product_cost: amount.describe('Product cost, in kobo'),
		amount_net: amount,
		currency: z.string().nullish(),
		buyer_email: textField,
		buyer_phone: textField,
		seller_email: textField,
		seller_phone: textField,
		delivery_location: textField,
		delivery_date: textField,
		transaction_date: textField.describe('YYYY-MM-DD HH:MM:SS'),
		status: z.unknown().describe('Order status object: {id, title, description, ...}'),
		payment: z
			.object({ amount: amount.describe('Amount, in kobo') })
			.passthrough()
			.nullish()
			.describe('Payment: {id, payment_ref, amount, method, status, payment_date, ...}'),
	})
	.passthrough();

const payloadSchema = z
	.object({
		status: z
			.string()
			.default('')
			.describe('Notification status, e.g. Delivered, Accepted, Rejected'),
		message: z
			.string()
			.default('')
			.describe('Notification message, e.g. "Order is marked completed"'),
		// Multipart and urlencoded callbacks carry the order as a JSON string.
		data: z.preprocess(parseJsonText, orderSchema).describe('The order'),
	})
	.passthrough();

export type AtaraPayCallback = z.infer<typeof payloadSchema>;

const normalise = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();
const mentionsCancelling = (message: string) => /cancel/.test(message);
const mentionsDispute = (message: string) => /disput/.test(message);

/** Event id from the notification's top-level status and message (AtaraPay sends no event field). */
export function classifyAtaraPay(status: string, message: string): string {
	const s = normalise(status);
	const m = normalise(message);
	switch (s) {
		case 'delivered':
			return 'delivery_completed';
		case 'accepted':
			return 'buyer_accepted';
		case 'rejected':
			return mentionsCancelling(m) ? 'buyer_cancelled' : 'buyer_rejected';
		case 'complete':
			return mentionsDispute(m) ? 'buyer_cancelled_dispute' : 'other';
		case 'canceled':
		case 'cancelled':
			return mentionsDispute(m) ? 'seller_cancelled_dispute' : 'seller_cancelled';
		case 'refunded':
			return 'seller_cancelled_dispute';
		case 'pending ii':
			return 'second_delivery_attempt';
		case 'dispute':
		case 'disputed':
			return 'dispute_opened';
		default:
			return 'other';
	}
}

/** What AtaraPay's security token encodes (in base64): public:private:orderId:koboAmount. */
const tokenContent = (publicKey: string, privateKey: string, orderId: string, koboAmount: string) =>
	Buffer.from(`${publicKey}:${privateKey}:${orderId}:${koboAmount}`, 'utf8');

/** The security token AtaraPay puts in every notification: base64(public:private:orderId:koboAmount). */
export function ataraPayToken(
	publicKey: string,
	privateKey: string,
	orderId: string,
	koboAmount: string,
) {
	return tokenContent(publicKey, privateKey, orderId, koboAmount).toString('base64');
}

const securityToken: SignatureCheck<AtaraPayCallback> = {
	field: 'token',
	anyCase: false,
	// form transports turn an unescaped '+' into a space; base64 has no spaces, so undo that
	read: (value) => plainText(value)?.replace(/ /g, '+') ?? null,
	encodings: ['base64'],
	keyFields: [
		{ field: 'publicKey', previousField: 'previousPublicKey' },
		{ field: 'privateKey', previousField: 'previousPrivateKey' },
	],
	required: [
		{
			present: ({ payload }) => (payload.data.amount_payed ?? '') !== '',
			message: 'The order has no amount_payed, so its AtaraPay security token cannot be checked.',
		},
	],
	expected: ({ payload }, keys) => [
		tokenContent(
			keys.publicKey,
			keys.privateKey,
			String(payload.data.id),
			String(payload.data.amount_payed),
		),
	],
	messages: {
		missing: 'The callback has no AtaraPay security token.',
		mismatch:
			'The AtaraPay security token does not match this order. Check that the AtaraPay API credential holds the keys of the account that sends these callbacks.',
	},
};

export const ataraPay: CallbackProvider<AtaraPayCallback> = {
	id: 'atarapay',
	displayName: 'AtaraPay',
	credentialType: 'ataraPayApi',
	setupHint:
		"In the AtaraPay dashboard open Settings > Callback URL and paste this node's Production URL (not the Test URL), then activate the workflow.",
	events: [
		{
			id: 'delivery_completed',
			name: 'Delivery Completed',
			description: 'The buyer confirmed delivery; the order is completed',
		},
		{
			id: 'buyer_accepted',
			name: 'Buyer Accepts Order',
			description: 'The buyer accepted the delivered order',
		},
		{
			id: 'buyer_rejected',
			name: 'Buyer Rejects Order',
			description: 'The buyer rejected the delivered order',
		},
		{
			id: 'buyer_cancelled',
			name: 'Buyer Cancels Order',
			description: 'The buyer cancelled the order',
		},
		{
			id: 'buyer_cancelled_dispute',
			name: 'Buyer Cancels Disputed Order',
			description: 'The buyer withdrew a dispute; the transaction is completed',
		},
		{
			id: 'seller_cancelled',
			name: 'Seller Cancels Order',
			description: 'The seller cancelled the order',
		},
		{
			id: 'seller_cancelled_dispute',
			name: 'Seller Cancels Disputed Order',
			description: 'The seller cancelled a disputed order, or it was refunded',
		},
		{
			id: 'second_delivery_attempt',
			name: 'Second Delivery Attempt',
			description: 'A second delivery attempt was started (Pending II)',
		},
		{ id: 'dispute_opened', name: 'Dispute Opened', description: 'The order is in dispute' },
	],
	requiredSecrets: [
		{ field: 'publicKey', label: 'Public Key' },
		{ field: 'privateKey', label: 'Private Key' },
	],
	payloadSchema,
	...verifiedBy(securityToken),

	classify: (payload) => classifyAtaraPay(payload.status, payload.message),

	dedupeParts: (payload) => [payload.data.id, payload.status, payload.message],

	summarize(payload) {
		const order = payload.data;
		return {
			status: payload.status,
			orderId: toText(order.id),
			merchantReference: toText(order.product_id),
			...fromMinorUnits(order.amount_payed ?? order.payment?.amount),
			currency: toText(order.currency) ?? 'NGN',
		};
	},
};

import { createHmac } from 'crypto';
import { z } from 'zod/v4';

import { textField } from '../../../nodes/shared/fields';
import { fromMinorUnits, toText } from '../../../nodes/shared/money';
import type { CallbackProvider } from '../../../nodes/shared/provider';
import { plainText, verifiedBy, type SignatureCheck } from '../../../nodes/shared/verification';

// FakePay: a provider that exists only in the tests, added the way CONTRIBUTING.md's "Adding a
// provider" says, to prove that a new provider needs no change to nodes/shared/. Its callbacks carry
// `signature`: HMAC-SHA256 (hex) of "{event}|{paymentId}|{amount}|{currency}" with the signing secret.

const payloadSchema = z
	.object({
		event: textField.describe('payment.succeeded, payment.failed or refund.created'),
		paymentId: textField.describe("FakePay's payment id"),
		amount: textField.describe('Amount in minor units (cents)'),
		currency: textField,
		reference: textField.describe('Your own reference (not signed)'),
	})
	.passthrough();

export type FakePayCallback = z.infer<typeof payloadSchema>;

/** The signed values, as text joined by '|'. */
export const fakePayMessage = (payload: Record<string, unknown>) =>
	[payload.event, payload.paymentId, payload.amount, payload.currency]
		.map((value) => toText(value) ?? '')
		.join('|');

const signature: SignatureCheck<FakePayCallback> = {
	field: 'signature',
	anyCase: false,
	read: plainText,
	encodings: ['hex'],
	keyFields: [{ field: 'signingSecret', previousField: 'previousSigningSecret' }],
	*expected({ payload }, keys) {
		yield createHmac('sha256', keys.signingSecret).update(fakePayMessage(payload), 'utf8').digest();
	},
	messages: {
		missing: 'The callback has no FakePay signature.',
		mismatch:
			'The FakePay signature does not match this callback. Check the signing secret in the FakePay API credential.',
	},
};

const EVENTS: Record<string, string> = {
	'payment.succeeded': 'payment_succeeded',
	'payment.failed': 'payment_failed',
	'refund.created': 'refund_created',
};

export const fakePay: CallbackProvider<FakePayCallback> = {
	id: 'fakepay',
	displayName: 'FakePay',
	credentialType: 'fakePayApi',
	setupHint:
		"Give this node's Production URL as the webhook URL in FakePay's dashboard, then activate the workflow.",
	events: [
		{ id: 'payment_succeeded', name: 'Payment Succeeded', description: 'The payment went through' },
		{ id: 'payment_failed', name: 'Payment Failed', description: 'The payment was declined' },
		{
			id: 'refund_created',
			name: 'Refund Created',
			description: 'A refund of the payment was made',
		},
	],
	requiredSecrets: [{ field: 'signingSecret', label: 'Signing Secret' }],
	payloadSchema,
	...verifiedBy(signature),
	classify: (payload) => EVENTS[toText(payload.event) ?? ''] ?? 'other',
	dedupeParts: (payload) => [toText(payload.paymentId), toText(payload.event)],
	summarize: (payload) => ({
		status: toText(payload.event) ?? '',
		orderId: toText(payload.paymentId),
		merchantReference: toText(payload.reference),
		...fromMinorUnits(payload.amount),
		currency: toText(payload.currency),
	}),
};

import { createHmac } from 'crypto';

// FakePay's test callback and keys, signed here without the code under test (provider.ts).

export const FAKEPAY_KEYS = { signingSecret: 'TEST_FAKEPAY_SIGNING_SECRET_1' };

export interface FakePayEvent {
	event: string;
	paymentId: string;
	amount: number | string;
	currency: string;
	reference?: string;
}

export const FAKEPAY_EVENT: FakePayEvent = {
	event: 'payment.succeeded',
	paymentId: 'pay_7Qk2',
	amount: 1250,
	currency: 'EUR',
	reference: 'order-1001',
};

/** HMAC-SHA256 hex of "{event}|{paymentId}|{amount}|{currency}". */
export const fakePaySignature = (event: FakePayEvent, signingSecret: string) =>
	createHmac('sha256', signingSecret)
		.update(`${event.event}|${event.paymentId}|${event.amount}|${event.currency}`)
		.digest('hex');

/** The callback FakePay sends: the event with its signature, signed with `signingSecret`. */
export const fakePayCallback = (
	overrides: Partial<FakePayEvent> = {},
	signingSecret = FAKEPAY_KEYS.signingSecret,
) => {
	const event = { ...FAKEPAY_EVENT, ...overrides };
	return { ...event, signature: fakePaySignature(event, signingSecret) };
};

import { ataraPay, ataraPayToken, classifyAtaraPay } from '../../nodes/AtaraPay/provider';
import {
	ATARAPAY_KEYS,
	DELIVERED_3029_SUMMARY,
	SPEC_TOKEN_3029,
	ataraPayCallback,
	ataraPayOrder,
	tokenFor,
} from '../helpers/ataraPayFixtures';

const verifyFields = (
	fields: Record<string, unknown>,
	credentials: Record<string, unknown> = ATARAPAY_KEYS,
) => {
	const { token: _token, ...rest } = fields;
	const payload = ataraPay.payloadSchema.parse(rest);
	return ataraPay.verify({ fields, payload, rawBody: undefined, headers: {} }, credentials, {});
};

describe('AtaraPay security token', () => {
	it('matches the vector of docs/protocols.md §5', () => {
		expect(ataraPayToken(ATARAPAY_KEYS.publicKey, ATARAPAY_KEYS.privateKey, '3029', '450000')).toBe(
			SPEC_TOKEN_3029,
		);
		expect(tokenFor(ATARAPAY_KEYS, 3029, 450000)).toBe(SPEC_TOKEN_3029);
	});

	it('verifies the spec vector token for order 3029 / 450000 kobo', () => {
		const fields = { ...ataraPayCallback(), token: SPEC_TOKEN_3029 };
		expect(verifyFields(fields)).toEqual({ ok: true, verified: true });
	});

	it("refuses the token printed in AtaraPay's docs (base64 of public:private only)", () => {
		const docsStyle = Buffer.from(
			`${ATARAPAY_KEYS.publicKey}:${ATARAPAY_KEYS.privateKey}`,
		).toString('base64');
		const result = verifyFields({ ...ataraPayCallback(), token: docsStyle });
		expect(result).toMatchObject({ ok: false, reason: 'mismatch' });
	});

	it('refuses a forged token, a tampered amount, another order and a wrong key', () => {
		const genuine = ataraPayCallback();
		const cases: Array<[string, Record<string, unknown>, Record<string, unknown>?]> = [
			['forged', { ...genuine, token: Buffer.from('made:up:3029:450000').toString('base64') }],
			['tampered amount', { ...genuine, data: ataraPayOrder({ amount_payed: 4500000 }) }],
			['token of another order', { ...genuine, data: ataraPayOrder({ id: 3030 }) }],
			['wrong private key', genuine, { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_9999' }],
			['wrong public key', genuine, { ...ATARAPAY_KEYS, publicKey: 'TEST_PUBLIC_KEY_9999' }],
			['one character changed', { ...genuine, token: `${String(genuine.token).slice(0, -2)}x=` }],
		];
		for (const [name, fields, credentials] of cases) {
			expect([name, verifyFields(fields, credentials)]).toEqual([
				name,
				expect.objectContaining({ ok: false, reason: 'mismatch' }),
			]);
		}
	});

	it('refuses a missing or empty token and an order without amount_payed as missing', () => {
		const { token: _token, ...unsigned } = ataraPayCallback();
		expect(verifyFields(unsigned)).toMatchObject({ ok: false, reason: 'missing' });
		expect(verifyFields({ ...unsigned, token: '  ' })).toMatchObject({
			ok: false,
			reason: 'missing',
		});
		const noAmount = ataraPayCallback({ order: ataraPayOrder({ amount_payed: undefined }) });
		expect(verifyFields(noAmount)).toMatchObject({ ok: false, reason: 'missing' });
	});

	it('accepts ids and amounts sent as digit strings, written exactly as sent', () => {
		const order = ataraPayOrder({ id: '3029', amount_payed: '450000' });
		expect(verifyFields({ ...ataraPayCallback({ order }), token: SPEC_TOKEN_3029 })).toEqual({
			ok: true,
			verified: true,
		});
	});

	it("reads a token whose '+' a form transport turned into a space", () => {
		const keys = { publicKey: 'pk', privateKey: 'k>>' }; // base64 of these contains '+'
		const token = tokenFor(keys, 3029, 450000);
		expect(token).toContain('+');
		const fields = { ...ataraPayCallback({ keys }), token: token.replace(/\+/g, ' ') };
		expect(verifyFields(fields, keys)).toEqual({ ok: true, verified: true });
	});

	it('never puts a key or the token in a rejection message', () => {
		const genuine = ataraPayCallback();
		const result = verifyFields(genuine, { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_9999' });
		const text = JSON.stringify(result);
		for (const secret of [
			ATARAPAY_KEYS.privateKey,
			'TEST_PRIVATE_KEY_9999',
			String(genuine.token),
		]) {
			expect(text).not.toContain(secret);
		}
	});
});

describe('AtaraPay event classification', () => {
	it.each([
		// the documented (status, message) pairs of docs/protocols.md §1
		['Delivered', 'Order is marked completed', 'delivery_completed'],
		['Rejected', 'Buyer Rejects Order', 'buyer_rejected'],
		['Rejected', 'Transaction is canceled', 'buyer_cancelled'],
		['Complete', 'Dispute is cancelled, Transaction Completed', 'buyer_cancelled_dispute'],
		['Canceled', 'Transaction is canceled', 'seller_cancelled'],
		// statuses AtaraPay's plugin switches on, and the decisions for them
		['Accepted', 'Buyer Accepts Order', 'buyer_accepted'],
		['Cancelled', 'Transaction is canceled', 'seller_cancelled'],
		['Canceled', 'Disputed transaction is canceled', 'seller_cancelled_dispute'],
		['Refunded', 'Transaction refunded', 'seller_cancelled_dispute'],
		['Pending II', 'Second delivery attempt', 'second_delivery_attempt'],
		['Dispute', 'Buyer opened a dispute', 'dispute_opened'],
		['Disputed', '', 'dispute_opened'],
		['Complete', 'Transaction Completed', 'other'],
		['Pending', 'Awaiting payment', 'other'],
		['', '', 'other'],
		// case and spacing do not matter
		['DELIVERED', 'order is marked completed', 'delivery_completed'],
		['  pending   ii ', '', 'second_delivery_attempt'],
		['rejected', 'TRANSACTION IS CANCELED', 'buyer_cancelled'],
	])('%j + %j -> %s', (status, message, event) => {
		expect(classifyAtaraPay(status, message)).toBe(event);
	});

	it('offers every event id it can produce in the Events list', () => {
		const ids = ataraPay.events.map((event) => event.id);
		expect(ids).toHaveLength(9);
		expect(new Set(ids).size).toBe(9);
		for (const id of ids) expect(id).toMatch(/^[a-z]+(_[a-z]+)*$/);
	});
});

describe('AtaraPay order summary', () => {
	const summarize = (order: Record<string, unknown>) =>
		ataraPay.summarize(
			ataraPay.payloadSchema.parse({ status: 'Delivered', message: 'm', data: order }),
		);

	it('maps kobo to amount and amountMinor, with the order id and merchant reference', () => {
		expect(summarize(ataraPayOrder())).toEqual(DELIVERED_3029_SUMMARY);
		expect(summarize(ataraPayOrder({ amount_payed: 450050 }))).toMatchObject({
			amount: 4500.5,
			amountMinor: 450050,
		});
		expect(summarize(ataraPayOrder({ amount_payed: '99' }))).toMatchObject({
			amount: 0.99,
			amountMinor: 99,
		});
	});

	it('falls back to payment.amount, defaults the currency to NGN', () => {
		const order = ataraPayOrder({
			amount_payed: undefined,
			currency: undefined,
			payment: { amount: 1200 },
		});
		expect(summarize(order)).toMatchObject({ amount: 12, amountMinor: 1200, currency: 'NGN' });
		expect(summarize(ataraPayOrder({ amount_payed: null, payment: null }))).toMatchObject({
			amount: null,
			amountMinor: null,
		});
	});

	it('parses an order sent as a JSON string (form transports)', () => {
		const payload = ataraPay.payloadSchema.parse({
			status: 'Accepted',
			message: '',
			data: JSON.stringify(ataraPayOrder()),
		});
		expect(payload.data.id).toBe(3029);
	});

	it('refuses an order that is not JSON or has no id', () => {
		expect(
			ataraPay.payloadSchema.safeParse({ status: 'Accepted', data: '{"id": 3029,, }' }).success,
		).toBe(false);
		expect(
			ataraPay.payloadSchema.safeParse({ status: 'Accepted', data: { amount_payed: 1 } }).success,
		).toBe(false);
		expect(ataraPay.payloadSchema.safeParse({ status: 'Accepted' }).success).toBe(false);
	});

	it('builds the dedupe parts from order id, status and message', () => {
		const payload = ataraPay.payloadSchema.parse(ataraPayCallback());
		expect(ataraPay.dedupeParts(payload)).toEqual([3029, 'Delivered', 'Order is marked completed']);
	});
});

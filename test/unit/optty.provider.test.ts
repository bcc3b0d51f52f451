import { DEFAULT_HASH_TEMPLATE, hashMessage, optty, opttyDigest } from '../../nodes/Optty/provider';
import {
	OPTTY_KEYS,
	SPEC_OPTTY,
	SUCCESSFUL_ORDER_SUMMARY,
	opttyHash,
	opttyNotification,
} from '../helpers/opttyFixtures';

function verify(
	fields: Record<string, unknown>,
	options: Record<string, unknown> = {},
	credentials: Record<string, unknown> = OPTTY_KEYS,
) {
	const { hash: _hash, ...rest } = fields;
	const payload = optty.payloadSchema.parse(rest);
	return optty.verify({ fields, payload, rawBody: undefined, headers: {} }, credentials, options);
}

describe('Optty hash', () => {
	it('matches the docs/protocols.md §5 vectors', () => {
		expect(opttyDigest(OPTTY_KEYS.hashSecret, SPEC_OPTTY.message).toString('hex')).toBe(
			SPEC_OPTTY.hex,
		);
		expect(opttyDigest(OPTTY_KEYS.hashSecret, SPEC_OPTTY.message).toString('base64')).toBe(
			SPEC_OPTTY.base64,
		);
		expect(opttyDigest(OPTTY_KEYS.hashSecret, 'DECLINED|ORDER-TEST-0001').toString('hex')).toBe(
			SPEC_OPTTY.declinedHex,
		);
		expect(
			hashMessage(DEFAULT_HASH_TEMPLATE, {
				status: 'SUCCESSFUL',
				orderReference: 'ORDER-TEST-0001',
			}),
		).toBe(SPEC_OPTTY.message);
	});

	it.each([
		['hex', SPEC_OPTTY.hex],
		['upper-case hex', SPEC_OPTTY.hex.toUpperCase()],
		['base64', SPEC_OPTTY.base64],
	])('verifies the spec notification with the hash in %s', (_encoding, hash) => {
		expect(verify(opttyNotification({ hash }))).toEqual({ ok: true, verified: true });
	});

	it('refuses a wrong secret, a changed status, a changed reference and a missing hash', () => {
		expect(
			verify(opttyNotification(), {}, { ...OPTTY_KEYS, hashSecret: 'TEST_HASH_SECRET_9999' }),
		).toMatchObject({ ok: false, reason: 'mismatch' });
		expect(verify(opttyNotification({ hash: SPEC_OPTTY.hex, status: 'DECLINED' }))).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
		expect(
			verify(opttyNotification({ hash: SPEC_OPTTY.hex, orderReference: 'ORDER-TEST-0002' })),
		).toMatchObject({ ok: false, reason: 'mismatch' });
		expect(verify(opttyNotification({ hash: SPEC_OPTTY.declinedHex }))).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
		const { hash: _hash, ...unsigned } = opttyNotification();
		expect(verify(unsigned)).toMatchObject({ ok: false, reason: 'missing' });
		expect(verify(opttyNotification({ hash: '' }))).toMatchObject({ ok: false, reason: 'missing' });
		expect(verify(opttyNotification({ hash: SPEC_OPTTY.base64.toLowerCase() }))).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('hashes the very values the item shows, whatever the case of their keys', () => {
		// found by the property tests: the hash once read "Status" while the item read "status"
		/** Order ORDER-TEST-0001, hashed as declined, with its status in the fields `statuses` gives. */
		const hashedDeclined = (statuses: Record<string, string>) => ({
			...statuses,
			orderReference: 'ORDER-TEST-0001',
			hash: opttyHash('DECLINED|ORDER-TEST-0001'),
		});
		const variant = { ...hashedDeclined({ Status: 'DECLINED' }), captureStatus: 'CAPTURED' };
		expect(verify(variant)).toEqual({ ok: true, verified: true });
		const payload = optty.payloadSchema.parse(variant);
		expect(optty.classify(payload)).toBe('order_declined');
		expect(optty.summarize(payload).status).toBe('DECLINED');
		expect(optty.dedupeParts(payload)).toEqual(
			optty.dedupeParts(
				optty.payloadSchema.parse({ ...variant, status: 'DECLINED', Status: undefined }),
			),
		);
		// two spellings at once: the exact key is the one hashed and the one shown
		const both = hashedDeclined({ status: 'DECLINED', STATUS: 'SUCCESSFUL' });
		expect(verify(both)).toEqual({ ok: true, verified: true });
		expect(optty.summarize(optty.payloadSchema.parse(both)).status).toBe('DECLINED');
		expect(verify({ ...both, hash: opttyHash('SUCCESSFUL|ORDER-TEST-0001') })).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('follows a custom template, and then refuses the default one', () => {
		const template = '{transactionId}:{status}:{amount}';
		const custom = opttyNotification({ hash: opttyHash('TX-TEST-0001:SUCCESSFUL:149.95') });
		expect(verify(custom, { hashTemplate: template })).toEqual({ ok: true, verified: true });
		expect(verify(custom)).toMatchObject({ ok: false, reason: 'mismatch' });
		expect(verify(opttyNotification(), { hashTemplate: template })).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
		expect(verify(opttyNotification(), { hashTemplate: '   ' })).toEqual({
			ok: true,
			verified: true,
		}); // blank means default
	});

	it('never puts the secret in a rejection message', () => {
		const text = JSON.stringify(
			verify(opttyNotification(), {}, { ...OPTTY_KEYS, hashSecret: 'TEST_HASH_SECRET_9999' }),
		);
		expect(text).not.toContain(OPTTY_KEYS.hashSecret);
		expect(text).not.toContain('TEST_HASH_SECRET_9999');
	});
});

describe('Optty events and item fields', () => {
	const parse = (fields: Record<string, unknown>) => optty.payloadSchema.parse(fields);

	it.each([
		['SUCCESSFUL', 'order_successful'],
		['DECLINED', 'order_declined'],
		['CANCELED', 'order_cancelled'],
		['CANCELLED', 'order_cancelled'],
		['cancelled', 'order_cancelled'],
		['PENDING', 'order_pending'],
		['ERROR', 'order_error'],
		['AUTHORIZED', 'order_authorized'],
		['CAPTURED', 'order_captured'],
		['REFUNDED', 'order_refunded'],
		['SOMETHING_NEW', 'other'],
	])('status %s -> %s', (status, event) => {
		expect(optty.classify(parse({ status }))).toBe(event);
	});

	it('falls back to captureStatus when the status says nothing known', () => {
		expect(optty.classify(parse({ status: 'UPDATED', captureStatus: 'AUTHORIZED' }))).toBe(
			'order_authorized',
		);
	});

	it('maps the notification to the common fields', () => {
		const payload = parse(opttyNotification());
		expect(optty.summarize(payload)).toEqual(SUCCESSFUL_ORDER_SUMMARY);
		expect(
			optty.summarize(parse({ status: 'PENDING', transactionReference: 'TREF-9' })),
		).toMatchObject({ orderId: 'TREF-9', amount: null });
		expect(optty.dedupeParts(payload)).toEqual([
			'TX-TEST-0001',
			'ORDER_STATUS_UPDATE',
			'SUCCESSFUL',
		]);
		expect(
			optty.dedupeParts(
				parse({ orderReference: 'R-1', event: 'ORDER_ASYNC_CALLBACK', status: 'PENDING' }),
			),
		).toEqual(['R-1', 'ORDER_ASYNC_CALLBACK', 'PENDING']);
	});
});

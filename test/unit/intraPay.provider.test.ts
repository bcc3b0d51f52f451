import fc from 'fast-check';

import { SIGNATURE_SCHEMES, intraPay, intraPayDigest } from '../../nodes/IntraPay/provider';
import { withoutTopLevelMember } from '../../nodes/IntraPay/signedContent';
import {
	INTRAPAY_KEYS,
	PAID_PAYMENT_SUMMARY,
	SPEC_DIGESTS,
	SPEC_SIGNED_STRING,
	digestOf,
	intraPayPayment,
	signedCallback,
	withSignature,
	type Scheme,
} from '../helpers/intraPayFixtures';

const SECRET = INTRAPAY_KEYS.merchantSecretKey + INTRAPAY_KEYS.partnerSecretKey;

/** Verifies a body as the pipeline would: parsed fields plus the raw bytes. */
function verifyBody(
	body: string,
	credentials: Record<string, unknown> = INTRAPAY_KEYS,
	options: Record<string, unknown> = {},
) {
	const fields = JSON.parse(body) as Record<string, unknown>;
	const { signature: _signature, ...rest } = fields;
	const payload = intraPay.payloadSchema.parse(rest);
	return intraPay.verify(
		{ fields, payload, rawBody: Buffer.from(body), headers: {} },
		credentials,
		options,
	);
}

describe('IntraPay signature', () => {
	it.each(Object.entries(SPEC_DIGESTS))(
		'computes the docs/protocols.md §5 vector for %s',
		(scheme, digest) => {
			expect(intraPayDigest(scheme as Scheme, SECRET, Buffer.from(SPEC_SIGNED_STRING))).toBe(
				digest,
			);
			expect(digestOf(SPEC_SIGNED_STRING, scheme as Scheme)).toBe(digest);
		},
	);

	it.each(SIGNATURE_SCHEMES)(
		'verifies the spec callback as received with the %s scheme',
		(scheme) => {
			const body = withSignature(SPEC_SIGNED_STRING, SPEC_DIGESTS[scheme]);
			expect(verifyBody(body, { ...INTRAPAY_KEYS, signatureScheme: scheme })).toEqual({
				ok: true,
				verified: true,
			});
		},
	);

	it('compares hex case-insensitively', () => {
		const body = withSignature(SPEC_SIGNED_STRING, SPEC_DIGESTS.hmacSha512.toUpperCase());
		expect(verifyBody(body)).toEqual({ ok: true, verified: true });
	});

	it('refuses a signature made with another scheme than the credential says', () => {
		const body = withSignature(SPEC_SIGNED_STRING, SPEC_DIGESTS.sha512BodySecret);
		expect(verifyBody(body)).toMatchObject({ ok: false, reason: 'mismatch' });
	});

	it('does NOT verify an HMAC over the body with sorted keys', () => {
		const sortDeep = (value: unknown): unknown =>
			value && typeof value === 'object' && !Array.isArray(value)
				? Object.fromEntries(
						Object.keys(value)
							.sort()
							.map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
					)
				: value;
		const sorted = JSON.stringify(sortDeep(JSON.parse(SPEC_SIGNED_STRING)));
		expect(sorted).not.toBe(SPEC_SIGNED_STRING);
		expect(verifyBody(withSignature(SPEC_SIGNED_STRING, digestOf(sorted)))).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('verifies through the raw bytes when they differ from a re-serialization', () => {
		const raw =
			'{ "status" : "success", "message":"Payment received", "data": {"payment":{"status":"PAID"}, "virtual_account":{"amount":5000.0,"account_name":"JOHN D\\u004fE"}, "order_details":{"partner_order_id":"ORDER-TEST-0002"}} }';
		expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw);
		// IntraPay signs the text without the member; the member is added before the final brace
		const body = `${raw.slice(0, -1)}, "signature": "${digestOf(raw)}"}`;
		expect(withoutTopLevelMember(body, 'signature')).toBe(raw);
		expect(verifyBody(body)).toEqual({ ok: true, verified: true });
	});

	it('also accepts a signature over the body re-serialized in received key order', () => {
		const payment = intraPayPayment();
		const reserialized = JSON.stringify(payment);
		const spaced = JSON.stringify({ ...payment, signature: digestOf(reserialized) }, null, 2);
		expect(verifyBody(spaced)).toEqual({ ok: true, verified: true });
	});

	it('refuses every single changed byte of the body and of the signature', () => {
		const body = signedCallback(intraPayPayment());
		const signatureStart = body.indexOf('"signature"');
		let tried = 0;
		for (let i = 0; i < body.length; i++) {
			const changed =
				body.slice(0, i) + String.fromCharCode(body.charCodeAt(i) ^ 1) + body.slice(i + 1);
			let fields: unknown;
			try {
				fields = JSON.parse(changed);
			} catch {
				continue; // not JSON any more: n8n answers 422 before the node runs
			}
			if (typeof fields !== 'object' || fields === null) continue;
			tried++;
			const result = (() => {
				try {
					return verifyBody(changed);
				} catch {
					return { ok: false }; // the schema refuses it (400)
				}
			})();
			expect([i < signatureStart ? 'body' : 'signature', i, result.ok]).toEqual([
				expect.any(String),
				i,
				false,
			]);
		}
		expect(tried).toBeGreaterThan(250);
	});

	it('refuses a wrong secret, a missing signature, and tampered data', () => {
		const body = signedCallback(intraPayPayment());
		expect(
			verifyBody(body, { ...INTRAPAY_KEYS, partnerSecretKey: 'sk_partner_TEST9999' }),
		).toMatchObject({ ok: false, reason: 'mismatch' });
		expect(verifyBody(JSON.stringify(intraPayPayment()))).toMatchObject({
			ok: false,
			reason: 'missing',
		});
		const tampered = body.replace('"amount":"5000"', '"amount":"500000"');
		expect(tampered).not.toBe(body);
		expect(verifyBody(tampered)).toMatchObject({ ok: false, reason: 'mismatch' });
	});

	it('accepts an unsigned callback only with "Accept Unsigned Callbacks", as unverified', () => {
		const ack = JSON.stringify({ partner_order_id: 'ORDER-TEST-0003', callbak_data: 'OK' });
		expect(verifyBody(ack)).toMatchObject({ ok: false, reason: 'missing' });
		expect(verifyBody(ack, INTRAPAY_KEYS, { acceptUnsignedCallbacks: true })).toEqual({
			ok: true,
			verified: false,
		});
		// a wrong signature stays refused even then
		const forged = withSignature(SPEC_SIGNED_STRING, '0'.repeat(128));
		expect(verifyBody(forged, INTRAPAY_KEYS, { acceptUnsignedCallbacks: true })).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('refuses a body nested too deeply to re-serialize instead of throwing', () => {
		let deep: unknown = 'x';
		for (let i = 0; i < 100_000; i++) deep = { a: deep };
		const fields = { ...intraPayPayment(), extra: deep, signature: 'ab'.repeat(64) };
		const payload = intraPay.payloadSchema.parse(fields);
		expect(() => JSON.stringify(fields)).toThrow(RangeError);
		const verify = () =>
			intraPay.verify({ fields, payload, rawBody: undefined, headers: {} }, INTRAPAY_KEYS, {});
		expect(verify()).toMatchObject({ ok: false, reason: 'mismatch' });
	});

	it('never puts a secret in a rejection message', () => {
		const text = JSON.stringify(
			verifyBody(signedCallback(intraPayPayment()), {
				...INTRAPAY_KEYS,
				merchantSecretKey: 'sk_merchant_TEST7777',
			}),
		);
		for (const secret of [
			INTRAPAY_KEYS.merchantSecretKey,
			INTRAPAY_KEYS.partnerSecretKey,
			'sk_merchant_TEST7777',
		]) {
			expect(text).not.toContain(secret);
		}
	});
});

describe('withoutTopLevelMember', () => {
	it.each([
		['{"a":1,"signature":"x"}', '{"a":1}'],
		['{"signature":"x","a":1}', '{"a":1}'],
		['{"a":1,"signature":"x","b":2}', '{"a":1,"b":2}'],
		['{"signature":"x"}', '{}'],
		['{"a":{"signature":"inner"},"signature":"x"}', '{"a":{"signature":"inner"}}'],
		['{"a":"},\\"signature\\":","signature":"x"}', '{"a":"},\\"signature\\":"}'],
		['{"a":[1,{"b":","}] , "signature" : "x" }', '{"a":[1,{"b":","}] }'],
		['{"a":1,"signature":{"v":"x,}"},"b":2}', '{"a":1,"b":2}'],
		['{"a":"x\\\\","signature":"y"}', '{"a":"x\\\\"}'],
		['{"a":"\\"signature\\":\\"y\\"}"}', undefined],
		['{"a":"x", "signature" : "y" , "b":"signature"}', '{"a":"x", "b":"signature"}'],
	])('%s -> %s', (json, expected) => {
		expect(withoutTopLevelMember(json, 'signature')).toBe(expected);
	});

	it('finds a last signature member from the end exactly as a full read would', () => {
		// the oracle builds the text around the member, so the expected result is known without scanning
		const space = fc.constantFrom('', ' ', '\n', '\t ', '  ');
		fc.assert(
			fc.property(
				fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
				fc.tuple(space, space, space, space, space),
				fc.stringMatching(/^[0-9a-fA-F]{0,128}$/),
				(object, [beforeComma, afterComma, beforeColon, afterColon, beforeBrace], signature) => {
					const body = JSON.stringify(object, null, object.pretty === true ? 2 : 0);
					const opened = body.slice(0, body.lastIndexOf('}'));
					const json = `${opened}${beforeComma},${afterComma}"signature"${beforeColon}:${afterColon}"${signature}"${beforeBrace}}`;
					expect(withoutTopLevelMember(json, 'signature')).toBe(`${opened}${beforeComma}}`);
				},
			),
			{ numRuns: 300 },
		);
	});

	it.each(['{"a":1}', '[{"signature":"x"}]', '{"a":"unterminated', '', 'null', '{"signature":'])(
		'has nothing to remove in %j',
		(json) => {
			expect(withoutTopLevelMember(json, 'signature')).toBeUndefined();
		},
	);
});

describe('IntraPay events and item fields', () => {
	const parse = (value: unknown) => intraPay.payloadSchema.parse(value);

	it.each([
		['PAID', 'payment_paid'],
		['paid', 'payment_paid'],
		['PENDING', 'payment_pending'],
		['REFUND', 'payment_refunded'],
		['FAILED', 'other'],
	])('payment status %s -> %s', (paymentStatus, event) => {
		expect(intraPay.classify(parse(intraPayPayment({ paymentStatus })))).toBe(event);
	});

	it('classifies the async acknowledgement and a flat order object', () => {
		expect(intraPay.classify(parse({ partner_order_id: 'O-1', callbak_data: 'OK' }))).toBe(
			'order_acknowledged',
		);
		expect(intraPay.classify(parse({ partner_order_id: 'O-1', status: 'COMPLETED' }))).toBe(
			'other',
		);
	});

	it('maps the payment to the common fields, reading keys in any case', () => {
		const payload = parse(intraPayPayment({ amount: '5000' }));
		expect(intraPay.summarize(payload)).toEqual(PAID_PAYMENT_SUMMARY);
		expect(payload.data?.order_details).toMatchObject({ partner_order_id: 'ORDER-TEST-0001' });
		expect(intraPay.dedupeParts(payload)).toEqual(['IPREF-TEST-0001', 'PAID']);

		const variant = parse({
			Status: 'success',
			messsage: 'Payment received',
			data: {
				Payment: { Status: 'PENDING' },
				virtual_account: { amount: 12.34, currency: 'NGN' },
				order_details: { partner_order_id: 'O-9' },
			},
		});
		expect(variant.message).toBe('Payment received');
		expect(intraPay.summarize(variant)).toEqual({
			status: 'PENDING',
			orderId: null,
			merchantReference: 'O-9',
			amount: 12.34,
			amountMinor: 1234,
			currency: 'NGN',
		});
		expect(intraPay.dedupeParts(variant)).toEqual(['O-9', 'PENDING']);
	});

	it('maps unsigned flat callbacks from their top-level fields', () => {
		const ack = parse({ partner_order_id: 'O-2', callbak_data: 'OK' });
		expect(intraPay.summarize(ack)).toMatchObject({
			merchantReference: 'O-2',
			orderId: null,
			amount: null,
		});
		expect(intraPay.dedupeParts(ack)).toEqual(['O-2', 'OK']);
	});
});

// The shared verifier (nodes/shared/verification.ts) on a check made up here: an HMAC-SHA256 over
// "order|amount", keyed with two credential fields. Digests are computed with Node's crypto,
// independently of the code under test.
import { createHmac } from 'crypto';

import fc from 'fast-check';

import {
	plainText,
	verifiedWith,
	verifyCallback,
	type SignatureCheck,
	type Verification,
	type VerificationInput,
} from '../../nodes/shared/verification';

interface Order {
	order: string;
	amount?: string;
}

type Keys = { key: string; salt: string };

const CURRENT: Keys = { key: 'KEY_CURRENT_0001', salt: 'SALT_CURRENT_01' };
const OLD: Keys = { key: 'KEY_OLD_0000', salt: 'SALT_OLD_00' };
const ORDER: Order = { order: 'ORDER-1', amount: '4500' };

const MESSAGES = {
	missing: 'The callback has no proof.',
	mismatch: 'The proof does not match this callback.',
};
const NO_AMOUNT = 'The order has no amount, so its proof cannot be checked.';

const digestOf = (order: Order, keys: Keys) =>
	createHmac('sha256', keys.key + keys.salt)
		.update(`${order.order}|${order.amount}`)
		.digest();
const hexOf = (order: Order, keys: Keys = CURRENT) => digestOf(order, keys).toString('hex');
const base64Of = (order: Order, keys: Keys = CURRENT) => digestOf(order, keys).toString('base64');

/** How many digests the check was asked for: shows which key sets the verifier tried. */
let digestsComputed = 0;

const check = (overrides: Partial<SignatureCheck<Order>> = {}): SignatureCheck<Order> => ({
	field: 'proof',
	anyCase: false,
	read: plainText,
	encodings: ['hex', 'base64'],
	keyFields: [
		{ field: 'key', previousField: 'previousKey' },
		{ field: 'salt', previousField: 'previousSalt' },
	],
	required: [{ present: ({ payload }) => payload.amount !== undefined, message: NO_AMOUNT }],
	expected({ payload }, keys) {
		digestsComputed++;
		return [digestOf(payload, { key: keys.key, salt: keys.salt })];
	},
	messages: MESSAGES,
	...overrides,
});

interface Sent {
	/** The top-level fields as received; `proof` is left out when undefined. */
	fields?: Record<string, unknown>;
	order?: Order;
	credentials?: Record<string, unknown>;
	options?: Record<string, unknown>;
	with?: SignatureCheck<Order>;
}

function verify(proof: unknown, sent: Sent = {}): Verification {
	const order = sent.order ?? ORDER;
	const fields = sent.fields ?? (proof === undefined ? { ...order } : { ...order, proof });
	const input: VerificationInput<Order> = {
		fields,
		payload: order,
		rawBody: undefined,
		headers: {},
	};
	return verifyCallback(
		sent.with ?? check(),
		input,
		sent.credentials ?? CURRENT,
		sent.options ?? {},
	);
}

const VERIFIED = { ok: true, verified: true };
const MISMATCH = { ok: false, reason: 'mismatch', message: MESSAGES.mismatch };
const MISSING = { ok: false, reason: 'missing', message: MESSAGES.missing };

/** A credential during a rotation: the current keys, and the old ones that differ in the previous fields. */
const rotating = (old: Partial<Keys>) => ({
	...CURRENT,
	...(old.key === undefined ? {} : { previousKey: old.key }),
	...(old.salt === undefined ? {} : { previousSalt: old.salt }),
});

beforeEach(() => {
	digestsComputed = 0;
});

describe('verifyCallback', () => {
	it('accepts the genuine proof, as the provider writes it', () => {
		expect(verify(hexOf(ORDER))).toEqual(VERIFIED);
		expect(verify(base64Of(ORDER))).toEqual(VERIFIED);
		expect(verify(`  ${hexOf(ORDER)}\n`)).toEqual(VERIFIED);
	});

	it('refuses forged proofs as a mismatch', () => {
		const forged = [
			'00'.repeat(32),
			createHmac('sha256', CURRENT.key).update('ORDER-1|4500').digest('hex'), // one key of two
			createHmac('sha256', CURRENT.key + CURRENT.salt)
				.update('ORDER-1')
				.digest('hex'), // another message
			hexOf({ order: 'ORDER-2', amount: '4500' }), // another order's proof
			Buffer.from(`${CURRENT.key}${CURRENT.salt}`).toString('base64'),
			'not a digest at all',
		];
		for (const proof of forged) expect([proof, verify(proof)]).toEqual([proof, MISMATCH]);
	});

	it('refuses a callback whose signed values were changed after signing', () => {
		const proof = hexOf(ORDER);
		expect(verify(proof, { order: { ...ORDER, amount: '45000' } })).toEqual(MISMATCH);
		expect(verify(proof, { order: { ...ORDER, order: 'ORDER-2' } })).toEqual(MISMATCH);
	});

	it('refuses a proof made with other keys', () => {
		expect(verify(hexOf(ORDER, { ...CURRENT, salt: 'SALT_OTHER_99' }))).toEqual(MISMATCH);
		expect(verify(hexOf(ORDER), { credentials: { ...CURRENT, key: 'KEY_OTHER_9999' } })).toEqual(
			MISMATCH,
		);
		expect(verify(hexOf(ORDER), { credentials: { key: '', salt: '' } })).toEqual(MISMATCH);
	});

	it('reads keys without the spaces a paste adds around them', () => {
		expect(
			verify(hexOf(ORDER), { credentials: { key: ` ${CURRENT.key}\n`, salt: CURRENT.salt } }),
		).toEqual(VERIFIED);
	});

	it('answers "missing" for an absent, blank or non-text proof, with the provider\'s message', () => {
		for (const proof of [undefined, '', '   \n', null, 42, ['x'], { proof: 'x' }]) {
			expect([proof, verify(proof)]).toEqual([proof, MISSING]);
		}
		expect(digestsComputed).toBe(0);
	});

	it('answers "missing" with the required value\'s own message, after looking for the proof', () => {
		const withoutAmount = { order: 'ORDER-1' };
		expect(verify(hexOf(ORDER), { order: withoutAmount })).toEqual({
			ok: false,
			reason: 'missing',
			message: NO_AMOUNT,
		});
		expect(verify(undefined, { order: withoutAmount })).toEqual(MISSING);
		expect(
			verify(hexOf(ORDER), { order: withoutAmount, credentials: rotating(OLD) }),
		).toMatchObject({ reason: 'missing' });
		expect(digestsComputed).toBe(0);
	});

	it('lets a callback without a proof through, unverified, only with the unsigned option on', () => {
		const unsignedAllowed = check({ unsignedOption: 'acceptUnsigned' });
		expect(verify(undefined, { with: unsignedAllowed, options: { acceptUnsigned: true } })).toEqual(
			{ ok: true, verified: false },
		);
		expect(verify('  ', { with: unsignedAllowed, options: { acceptUnsigned: true } })).toEqual({
			ok: true,
			verified: false,
		});
		expect(
			verify(undefined, { with: unsignedAllowed, options: { acceptUnsigned: 'true' } }),
		).toEqual(MISSING);
		expect(verify(undefined, { with: unsignedAllowed })).toEqual(MISSING);
		expect(verify(undefined, { options: { acceptUnsigned: true } })).toEqual(MISSING);
		// a wrong proof stays refused even then
		expect(
			verify('00'.repeat(32), { with: unsignedAllowed, options: { acceptUnsigned: true } }),
		).toEqual(MISMATCH);
	});

	it('reads the field in the exact case, or in any case when the check says so', () => {
		const shouted = { ...ORDER, PROOF: hexOf(ORDER) };
		expect(verify(undefined, { fields: shouted })).toEqual(MISSING);
		expect(verify(undefined, { fields: shouted, with: check({ anyCase: true }) })).toEqual(
			VERIFIED,
		);
	});

	it('compares what the check reads, after it repairs transport damage', () => {
		const credentials = { key: 'k', salt: 'e' }; // keys whose digest has a '+' in base64
		const plusAsSpace = base64Of(ORDER, credentials);
		expect(plusAsSpace).toContain('+');
		const repairing = check({
			read: (value) => (typeof value === 'string' ? value.replace(/ /g, '+') : null),
		});
		expect(verify(plusAsSpace.replace(/\+/g, ' '), { credentials })).toEqual(MISMATCH);
		expect(verify(plusAsSpace.replace(/\+/g, ' '), { credentials, with: repairing })).toEqual(
			VERIFIED,
		);
	});

	it('accepts every expected digest, and stops at the first that matches', () => {
		const yielded: string[] = [];
		const twoForms = check({
			*expected({ payload }, keys) {
				for (const form of ['first', 'second', 'third']) {
					yielded.push(form);
					yield createHmac('sha256', keys.key + keys.salt)
						.update(`${form}:${payload.order}`)
						.digest();
				}
			},
		});
		const second = createHmac('sha256', CURRENT.key + CURRENT.salt)
			.update('second:ORDER-1')
			.digest('hex');
		expect(verify(second, { with: twoForms })).toEqual(VERIFIED);
		expect(yielded).toEqual(['first', 'second']);
		expect(verify('00'.repeat(32), { with: check({ expected: () => [] }) })).toEqual(MISMATCH);
	});
});

describe('verifyCallback with rotated keys', () => {
	it('says which keys matched: the current ones plainly, the previous ones as "previous"', () => {
		expect(verify(hexOf(ORDER), { credentials: rotating(OLD) })).toEqual(VERIFIED);
		expect(verify(hexOf(ORDER, OLD), { credentials: rotating(OLD) })).toEqual({
			...VERIFIED,
			verifiedWith: 'previous',
		});
		expect(verify(base64Of(ORDER, OLD), { credentials: rotating(OLD) })).toEqual({
			...VERIFIED,
			verifiedWith: 'previous',
		});
	});

	it('tries the previous keys only when the current ones do not match', () => {
		verify(hexOf(ORDER), { credentials: rotating(OLD) });
		expect(digestsComputed).toBe(1);
		verify(hexOf(ORDER, OLD), { credentials: rotating(OLD) });
		expect(digestsComputed).toBe(3);
	});

	it('combines a rotated key with the unchanged ones', () => {
		const partly = { key: OLD.key, salt: CURRENT.salt };
		expect(verify(hexOf(ORDER, partly), { credentials: rotating({ key: OLD.key }) })).toEqual({
			...VERIFIED,
			verifiedWith: 'previous',
		});
		// the old salt is not known to this credential: both old keys do not match
		expect(verify(hexOf(ORDER, OLD), { credentials: rotating({ key: OLD.key }) })).toEqual(
			MISMATCH,
		);
	});

	it('refuses old-key proofs once the previous fields are empty or blank', () => {
		expect(verify(hexOf(ORDER, OLD))).toEqual(MISMATCH);
		expect(
			verify(hexOf(ORDER, OLD), {
				credentials: { ...CURRENT, previousKey: ' ', previousSalt: '' },
			}),
		).toEqual(MISMATCH);
		expect(digestsComputed).toBe(2);
	});

	it('refuses forged, tampered and wrong-key proofs while previous keys are set', () => {
		const credentials = rotating(OLD);
		expect(verify('00'.repeat(32), { credentials })).toEqual(MISMATCH);
		expect(verify(hexOf(ORDER, OLD), { credentials, order: { ...ORDER, amount: '1' } })).toEqual(
			MISMATCH,
		);
		expect(verify(hexOf(ORDER, { key: 'KEY_WRONG', salt: 'SALT_WRONG' }), { credentials })).toEqual(
			MISMATCH,
		);
	});

	it('does not rotate a key field that has no previous field', () => {
		const fixedSalt = check({
			keyFields: [{ field: 'key', previousField: 'previousKey' }, { field: 'salt' }],
		});
		const credentials = { ...rotating(OLD) };
		expect(verify(hexOf(ORDER, OLD), { credentials, with: fixedSalt })).toEqual(MISMATCH);
		expect(
			verify(hexOf(ORDER, { key: OLD.key, salt: CURRENT.salt }), { credentials, with: fixedSalt }),
		).toEqual({
			...VERIFIED,
			verifiedWith: 'previous',
		});
	});

	it('never puts a key or the received proof in a refusal', () => {
		const received = hexOf(ORDER, { key: 'KEY_WRONG_7777', salt: 'SALT_WRONG_77' });
		const text = JSON.stringify([
			verify(received, { credentials: rotating(OLD) }),
			verify(undefined, { credentials: rotating(OLD) }),
		]);
		for (const secret of [CURRENT.key, CURRENT.salt, OLD.key, OLD.salt, received])
			expect(text).not.toContain(secret);
	});
});

describe('verifyCallback encodings', () => {
	const hexOnly = check({ encodings: ['hex'] });
	const base64Only = check({ encodings: ['base64'] });

	it('reads hex in either case', () => {
		expect(verify(hexOf(ORDER).toUpperCase(), { with: hexOnly })).toEqual(VERIFIED);
		const mixed = [...hexOf(ORDER)]
			.map((digit, i) => (i % 2 ? digit.toUpperCase() : digit))
			.join('');
		expect(verify(mixed, { with: hexOnly })).toEqual(VERIFIED);
	});

	it('reads base64 in its exact case only', () => {
		const proof = base64Of(ORDER);
		expect(proof).not.toBe(proof.toLowerCase());
		expect(verify(proof, { with: base64Only })).toEqual(VERIFIED);
		expect(verify(proof.toLowerCase(), { with: base64Only })).toEqual(MISMATCH);
		expect(verify(proof.toUpperCase(), { with: base64Only })).toEqual(MISMATCH);
	});

	it('refuses the right digest in an encoding the provider does not use', () => {
		expect(verify(base64Of(ORDER), { with: hexOnly })).toEqual(MISMATCH);
		expect(verify(hexOf(ORDER), { with: base64Only })).toEqual(MISMATCH);
	});

	it('refuses hex cut short, extended or with a digit that is not hex', () => {
		const hex = hexOf(ORDER);
		for (const proof of [
			hex.slice(0, -1),
			hex.slice(0, -2),
			`${hex}0`,
			`${hex}00`,
			`${hex.slice(0, -1)}g`,
			`0x${hex}`,
		]) {
			expect([proof, verify(proof)]).toEqual([proof, MISMATCH]);
		}
	});

	it('refuses every proof that is not the digest, hex case aside', () => {
		const hex = hexOf(ORDER);
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string({ minLength: 1, maxLength: 100 }),
					fc.stringMatching(/^[0-9a-fA-F]{64}$/),
					fc
						.nat({ max: hex.length - 1 })
						.chain((at) =>
							fc
								.constantFrom(...'0123456789abcdef')
								.map((digit) => hex.slice(0, at) + digit + hex.slice(at + 1)),
						),
				),
				(proof) => {
					fc.pre(proof.trim().toLowerCase() !== hex && proof.trim() !== base64Of(ORDER));
					expect(verify(proof)).toMatchObject({ ok: false });
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('verifiedWith', () => {
	it('maps an accepted verification to the item field', () => {
		expect(verifiedWith({ ok: true, verified: true })).toBe('current');
		expect(verifiedWith({ ok: true, verified: true, verifiedWith: 'previous' })).toBe('previous');
		expect(verifiedWith({ ok: true, verified: false })).toBeNull();
	});
});

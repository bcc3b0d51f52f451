// What differs between the providers (the three of the product and the test-only FakePay), for the property-based tests (test/unit/properties.test.ts):
// how a valid callback is generated and signed (with the fixtures, independently of the code under
// test), which values its token/signature/hash covers, and what a forger could send instead.
import { createHash, createHmac } from 'crypto';
import fc from 'fast-check';

import { NOTIFICATION_FIELDS } from '../../../nodes/Optty/provider';
import type { CallbackProvider } from '../../../nodes/shared/provider';
import { ATARAPAY_KEYS, tokenFor } from '../ataraPayFixtures';
import { FAKEPAY_KEYS, fakePaySignature } from '../fakeProvider/fixtures';
import { INTRAPAY_KEYS, digestOf, type Scheme } from '../intraPayFixtures';
import { OPTTY_KEYS, opttyHash } from '../opttyFixtures';
import { PROVIDERS, type ProviderId } from '../providers';
import {
	getAt,
	leafPaths,
	setAt,
	textOf,
	withoutKey,
	type JsonObject,
	type Path,
} from './jsonPaths';
import { ALL_TRANSPORTS, JSON_TRANSPORTS, formValue, type Transport } from './transports';

export interface SignedCallback {
	/** The callback as the provider sends it (JSON-normalised; the secret field is the last key). */
	body: JsonObject;
	/** The credential of the receiving node: complete, and holding the keys `body` was signed with. */
	credentials: Record<string, string>;
	/** Transports that can carry it (a form carries only text). */
	transports: Transport[];
}

/** A provider of the tests' list (test/helpers/providers.ts), with what its properties need. */
export interface ProviderCase extends PropertyCase {
	name: string;
	provider: CallbackProvider;
	/** The top-level field holding the token, signature or hash. */
	secretField: string;
}

interface PropertyCase {
	/** Credential fields verification cannot do without. */
	requiredSecrets: readonly string[];
	/** The option that lets unsigned callbacks through (as unverified), if the provider has one. */
	unsignedOption?: string;
	/** Valid callbacks with arbitrary ids, amounts, statuses and extra fields. */
	signed: fc.Arbitrary<SignedCallback>;
	/** Secret texts made without the credential's keys (or with the wrong recipe): all must fail. */
	forgedSecret(callback: SignedCallback): fc.Arbitrary<string>;
	/** The body with one covered value changed and the secret text kept. */
	tampered(callback: SignedCallback): fc.Arbitrary<JsonObject>;
	/** Paths of the values the secret covers (the secret field included). */
	coveredPaths(body: JsonObject): Path[];
	/**
	 * Whether `received` at `path` is, for the scheme, the same value as `original`: the mutation then
	 * is no forgery (e.g. hex in another case). Only called with the body's own key spelling.
	 */
	sameCoveredValue(path: Path, original: unknown, received: unknown): boolean;
	/**
	 * For a provider whose secret covers the whole body: whether a received body says exactly what
	 * the signed one said. Providers that cover only some fields leave this out.
	 */
	sameWholeBody?(original: JsonObject, received: JsonObject): boolean;
	/** The item fields the secret vouches for: a verified item must never differ in these. */
	coveredView(item: Record<string, unknown>): Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// shared generators

const normalise = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Text as providers send it: ASCII identifiers, and any Unicode (no surrounding spaces). */
const identifier = fc.oneof(
	fc.stringMatching(/^[A-Z0-9][A-Z0-9_-]{0,23}$/),
	fc
		.string({ unit: 'grapheme', minLength: 1, maxLength: 16 })
		.filter((text) => text.trim() === text && text !== ''),
);
const anyText = fc.oneof(
	identifier,
	fc.string({ unit: 'grapheme', maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Extra fields a provider may add, with names distinct (in any case) from the ones the node reads. */
const extraFields = (reserved: readonly string[], value: fc.Arbitrary<unknown>) => {
	const taken = new Set(reserved.map((name) => name.toLowerCase()));
	return fc.dictionary(
		fc
			.string({ maxLength: 10 })
			.filter((name) => !taken.has(name.toLowerCase()) && name !== '__proto__'),
		value,
		{ maxKeys: 3, noNullPrototype: true },
	);
};

const tamperLeaf = fc.oneof(
	anyText,
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.boolean(),
);
/** Scalars a form can carry and give back (numbers come back as their text). */
const formLeaf = fc.oneof(
	anyText,
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const otherThan = <T>(arbitrary: fc.Arbitrary<T>, original: unknown) =>
	arbitrary.filter((value) => JSON.stringify(value) !== JSON.stringify(original));

const randomHex = (bytes: number) =>
	fc
		.uint8Array({ minLength: bytes, maxLength: bytes })
		.map((array) => Buffer.from(array).toString('hex'));
const otherKey = fc.string({ minLength: 1, maxLength: 24 }).filter((text) => text.trim() !== '');

/**
 * What a secret over top-level values joined as text covers (Optty, FakePay): the secret and `fields`.
 * A received value is the same when its text, read trimmed, is the original's: the message holds each
 * value's text.
 */
const topLevelValuesCovered = (
	secretField: string,
	fields: readonly string[],
	sameSecret: (original: unknown, received: unknown) => boolean,
): Pick<PropertyCase, 'coveredPaths' | 'sameCoveredValue'> => ({
	coveredPaths: () => [[secretField], ...fields.map((field) => [field])],
	sameCoveredValue: (path, original, received) =>
		path[0] === secretField
			? sameSecret(original, received)
			: textOf(received)?.trim() === textOf(original),
});

// ---------------------------------------------------------------------------------------------
// AtaraPay: token = base64(public:private:data.id:data.amount_payed), in the top-level `token`
//
// The token covers the two keys, data.id and data.amount_payed, and nothing else: a change to
// `status`, `message` or any other order field is NOT detectable by AtaraPay's scheme (docs/protocols.md
// §1), and since the token never changes for an order, whoever saw one callback of an order can send
// it again with any status and message (and, as the dedupe key holds both, past duplicate
// suppression). The properties therefore test mutations of the token, of data.id and of
// data.amount_payed, and only require that anything still accepted carries the signed order id and
// amount (`coveredView`).

/**
 * The documented (status, message) pairs (docs/protocols.md §1) and arbitrary ones: the token does not
 * cover them, so every pair must verify.
 */
const ataraPayNotice = fc.oneof(
	fc.constantFrom(
		['Delivered', 'Order is marked completed'],
		['Rejected', 'Buyer Rejects Order'],
		['Rejected', 'Transaction is canceled'],
		['Complete', 'Dispute is cancelled, Transaction Completed'],
		['Canceled', 'Transaction is canceled'],
		['Accepted', 'Buyer Accepts Order'],
		['Pending II', 'Second delivery attempt'],
		['Refunded', 'Transaction refunded'],
		['Disputed', ''],
	),
	fc.tuple(anyText, anyText),
);

const kobo = fc.oneof(
	fc.nat({ max: 1_000_000_000_000 }),
	fc.nat({ max: 1_000_000_000_000 }).map(String),
);
const orderId = fc.oneof(
	fc.integer({ min: 1, max: 2 ** 40 }),
	fc.integer({ min: 1, max: 2 ** 40 }).map(String),
);

const ATARAPAY_ORDER_FIELDS = [
	'id',
	'amount_payed',
	'product_id',
	'product_name',
	'product_cost',
	'amount_net',
	'currency',
	'status',
	'payment',
	'buyer_email',
];

const ataraPayOrder = fc
	.tuple(
		fc.record({
			id: orderId,
			amount_payed: kobo,
			product_id: fc.oneof(identifier, fc.nat()),
			product_name: anyText,
			currency: fc.constantFrom('NGN', 'USD', 'GHS'),
			buyer_email: anyText,
			status: fc.record({ id: fc.nat(), title: anyText }),
			payment: fc.record({
				id: fc.nat(),
				payment_ref: identifier,
				amount: kobo,
				method: fc.constantFrom('card', 'transfer'),
			}),
		}),
		extraFields(ATARAPAY_ORDER_FIELDS, fc.jsonValue({ maxDepth: 2 })),
	)
	.map(([order, extra]) => ({ ...order, ...extra }));

const ataraPayToken = (credentials: Record<string, string>, order: JsonObject) =>
	tokenFor(
		{ publicKey: credentials.publicKey, privateKey: credentials.privateKey },
		order.id,
		order.amount_payed,
	);

/** What the node reads from a received token: surrounding spaces dropped, a form's '+' -> ' ' undone. */
const sameToken = (original: unknown, received: unknown) =>
	typeof received === 'string' && received.trim().replace(/ /g, '+') === original;

const ataraPayCase: PropertyCase = {
	requiredSecrets: ['publicKey', 'privateKey'],
	signed: fc.tuple(ataraPayNotice, ataraPayOrder).map(([[status, message], order]) => {
		const credentials = { ...ATARAPAY_KEYS };
		const data = normalise(order) as JsonObject;
		return {
			body: { status, message, data, token: ataraPayToken(credentials, data) },
			credentials,
			transports: ALL_TRANSPORTS,
		};
	}),
	forgedSecret({ body, credentials }) {
		const data = body.data as JsonObject;
		const base64 = (text: string) => Buffer.from(text).toString('base64');
		return fc
			.oneof(
				// the public key is not secret: a forger knows it and the formula, not the private key
				otherKey.map((privateKey) =>
					base64(
						`${credentials.publicKey}:${privateKey}:${String(data.id)}:${String(data.amount_payed)}`,
					),
				),
				// the value AtaraPay's docs print (public:private only)
				fc.constant(base64(`${credentials.publicKey}:${credentials.privateKey}`)),
				// the token of another order or amount (a replay)
				otherThan(orderId, data.id).map((id) => ataraPayToken(credentials, { ...data, id })),
				otherThan(kobo, data.amount_payed).map((amount) =>
					ataraPayToken(credentials, { ...data, amount_payed: amount }),
				),
				// keys swapped, or the order's fields in another order
				fc.constant(
					base64(
						`${credentials.privateKey}:${credentials.publicKey}:${String(data.id)}:${String(data.amount_payed)}`,
					),
				),
				fc.constant(
					base64(
						`${credentials.publicKey}:${credentials.privateKey}:${String(data.amount_payed)}:${String(data.id)}`,
					),
				),
				fc
					.uint8Array({ minLength: 1, maxLength: 90 })
					.map((bytes) => Buffer.from(bytes).toString('base64')),
			)
			.filter((token) => !sameToken(body.token, token));
	},
	tampered({ body }) {
		const data = body.data as JsonObject;
		return fc.oneof(
			otherThan(orderId, data.id)
				.filter((id) => String(id) !== String(data.id))
				.map((id) => setAt(body, ['data', 'id'], id)),
			otherThan(kobo, data.amount_payed)
				.filter((amount) => String(amount) !== String(data.amount_payed))
				.map((amount) => setAt(body, ['data', 'amount_payed'], amount)),
		);
	},
	coveredPaths: () => [['token'], ['data', 'id'], ['data', 'amount_payed']],
	sameCoveredValue(path, original, received) {
		if (path[0] === 'token') return sameToken(original, received);
		// written exactly as sent (docs/protocols.md §1): 450000 and "450000" are the same, 450000.0 would not be text-equal
		return textOf(received) !== undefined && textOf(received) === textOf(original);
	},
	// status, message and the rest of the order are not covered by AtaraPay's token
	coveredView: (item) => ({
		provider: item.provider,
		verified: item.verified,
		orderId: item.orderId,
		amount: item.amount,
		amountMinor: item.amountMinor,
	}),
};

// ---------------------------------------------------------------------------------------------
// IntraPay: signature over the whole body without its `signature` member
//
// Everything but the signature member is covered, so a received body must say exactly what the
// signed one said (`sameWholeBody`): the same JSON in the same key order. Spacing between JSON tokens
// and how a character is escaped are not content (the code also tries the re-serialized body,
// docs/protocols.md §2), nor is the case of the signature's key or hex digits.

const SCHEMES: Scheme[] = ['hmacSha512', 'sha512BodySecret', 'sha512SecretBody'];

const signIntraPay = (unsigned: JsonObject, credentials: Record<string, string>) => ({
	...unsigned,
	signature: digestOf(JSON.stringify(unsigned), credentials.signatureScheme as Scheme, {
		...INTRAPAY_KEYS,
		merchantSecretKey: credentials.merchantSecretKey,
		partnerSecretKey: credentials.partnerSecretKey,
	}),
});

const INTRAPAY_TOP_FIELDS = [
	'status',
	'message',
	'messsage',
	'data',
	'partner_order_id',
	'callbak_data',
	'signature',
	'currency',
];

/** A payment notification as in IntraPay's docs; key spellings vary as they do across its pages. */
const intraPayPayment = fc
	.record({
		statusKey: fc.constantFrom('status', 'Status'),
		messageKey: fc.constantFrom('message', 'messsage'),
		detailsKey: fc.constantFrom('Order_details', 'order_details'),
		status: fc.constantFrom('success', 'failed', 'SUCCESS'),
		message: anyText,
		paymentStatus: fc.oneof(
			fc.constantFrom('PENDING', 'PAID', 'REFUND', 'paid', 'Refund'),
			identifier,
		),
		amount: fc.oneof(
			fc.integer({ min: 0, max: 10_000_000 }),
			fc.integer({ min: 0, max: 10_000_000 }).map(String),
			fc.double({ min: 0, max: 1e7, noNaN: true }),
		),
		currency: fc.option(fc.constantFrom('NGN', 'USD'), { nil: undefined }),
		accountName: anyText,
		orderStatus: fc.constantFrom('COMPLETED', 'PENDING', 'EXPIRED', 'MISMATCHED'),
		partnerOrderId: identifier,
		reference: fc.option(identifier, { nil: undefined }),
		dataExtra: extraFields(
			['payment', 'virtual_account', 'order_details', 'currency'],
			fc.jsonValue({ maxDepth: 2 }),
		),
		topExtra: extraFields(INTRAPAY_TOP_FIELDS, fc.jsonValue({ maxDepth: 2 })),
	})
	.map(
		(p) =>
			normalise({
				[p.statusKey]: p.status,
				[p.messageKey]: p.message,
				data: {
					payment: { status: p.paymentStatus },
					virtual_account: {
						amount: p.amount,
						account_name: p.accountName,
						bank_name: 'TEST BANK',
						account_number: '0123456789',
						currency: p.currency,
					},
					[p.detailsKey]: {
						status: p.orderStatus,
						partner_order_id: p.partnerOrderId,
						intrapay_order_reference: p.reference,
					},
					...p.dataExtra,
				},
				...p.topExtra,
			}) as JsonObject,
	);

/** A flat order object (the async variant's shape), all text: a form can carry it too. */
const intraPayFlat = fc
	.record(
		{
			partner_order_id: identifier,
			status: fc.constantFrom('COMPLETED', 'PENDING', 'EXPIRED'),
			intrapay_order_reference: identifier,
			callbak_data: fc.constant('OK'),
		},
		{ requiredKeys: ['partner_order_id'] },
	)
	.chain((flat) =>
		extraFields(INTRAPAY_TOP_FIELDS.concat(Object.keys(flat)), anyText).map(
			(extra) => ({ ...flat, ...extra }) as JsonObject,
		),
	);

const intraPayCredentials = fc
	.constantFrom(...SCHEMES)
	.map((signatureScheme) => ({ ...INTRAPAY_KEYS, signatureScheme }));

/** The signature member as the node finds it: `signature` exactly, else in any case. */
const signatureKeyOf = (body: JsonObject) =>
	'signature' in body
		? 'signature'
		: Object.keys(body).find((name) => name.toLowerCase() === 'signature');

/** Hex digests compare case-insensitively (docs/protocols.md §2); surrounding spaces are not part of it. */
const sameSignature = (original: unknown, received: unknown) =>
	typeof received === 'string' && received.trim().toLowerCase() === original;

const intraPayCase: PropertyCase = {
	requiredSecrets: ['merchantSecretKey', 'partnerSecretKey'],
	unsignedOption: 'acceptUnsignedCallbacks',
	signed: fc
		.tuple(
			fc.oneof(
				{ weight: 3, arbitrary: intraPayPayment.map((body) => ({ body, flat: false })) },
				{ weight: 1, arbitrary: intraPayFlat.map((body) => ({ body, flat: true })) },
			),
			intraPayCredentials,
		)
		.map(([{ body, flat }, credentials]) => ({
			body: signIntraPay(body, credentials),
			credentials,
			// the signature is over JSON text: a nested payment cannot travel as a form (`data` would be text)
			transports: flat ? ALL_TRANSPORTS : JSON_TRANSPORTS,
		})),
	forgedSecret({ body, credentials }) {
		const unsigned = JSON.stringify(withoutKey(body, 'signature'));
		const secret = credentials.merchantSecretKey + credentials.partnerSecretKey;
		return fc
			.oneof(
				randomHex(64),
				// the right content under another scheme than the credential's
				fc
					.constantFrom(...SCHEMES)
					.map((scheme) => digestOf(unsigned, scheme, { ...INTRAPAY_KEYS, ...credentials })),
				// keyless digests anyone can compute, and digests keyed with one secret only
				fc.constant(createHash('sha512').update(unsigned).digest('hex')),
				fc.constant(
					createHmac('sha512', credentials.merchantSecretKey).update(unsigned).digest('hex'),
				),
				fc.constant(
					createHmac('sha512', credentials.partnerSecretKey).update(unsigned).digest('hex'),
				),
				fc.constant(
					createHmac('sha512', credentials.partnerSecretKey + credentials.merchantSecretKey)
						.update(unsigned)
						.digest('hex'),
				),
				// the right key over the wrong text: with the signature member, or the public key as secret
				fc.constant(createHmac('sha512', secret).update(JSON.stringify(body)).digest('hex')),
				fc.constant(
					createHmac('sha512', credentials.partnerPublicKey).update(unsigned).digest('hex'),
				),
				fc.constant(createHmac('sha512', secret).update(unsigned).digest('base64')),
			)
			.filter((signature) => !sameSignature(body.signature, signature));
	},
	tampered({ body, transports }) {
		const unsigned = withoutKey(body, 'signature');
		const paths = leafPaths(unsigned).filter((path) => path.length > 0);
		// through a form, a value must differ as text too, and null is not sent at all
		const viaForm = transports.some((transport) => transport.form);
		const leaf = viaForm ? tamperLeaf : fc.oneof(tamperLeaf, fc.constant(null));
		const differentValue = (original: unknown) =>
			leaf.filter((value) =>
				viaForm
					? formValue(value) !== formValue(original)
					: JSON.stringify(value) !== JSON.stringify(original),
			);
		return fc.oneof(
			// a value changed
			fc.constantFrom(...paths).chain((path) =>
				differentValue(getAt(unsigned, path)).map((value) => ({
					...setAt(unsigned, path, value),
					signature: body.signature,
				})),
			),
			// a member added or removed
			fc
				.tuple(
					fc
						.string({ minLength: 1, maxLength: 8 })
						.filter((name) => !(name in unsigned) && name.toLowerCase() !== 'signature'),
					leaf,
				)
				.map(([name, value]) => ({
					...unsigned,
					[name]: value,
					signature: body.signature,
				})),
			fc
				.constantFrom(...Object.keys(unsigned))
				.map((name) => ({ ...withoutKey(unsigned, name), signature: body.signature })),
		);
	},
	coveredPaths: (body) => leafPaths(body).filter((path) => path.length > 0),
	sameCoveredValue(path, original, received) {
		if (path.length === 1 && path[0] === 'signature') return sameSignature(original, received);
		return JSON.stringify(received) === JSON.stringify(original);
	},
	sameWholeBody(original, received) {
		const key = signatureKeyOf(received);
		if (key === undefined || !sameSignature(original.signature, received[key])) return false;
		// the signed content, as JSON in received key order (spacing and escapes are not content)
		return (
			JSON.stringify(withoutKey(received, key)) ===
			JSON.stringify(withoutKey(original, 'signature'))
		);
	},
	coveredView: (item) => {
		const { receivedAt: _receivedAt, ...rest } = item;
		return rest;
	},
};

// ---------------------------------------------------------------------------------------------
// Optty: hash = HMAC-SHA512(hash secret, "{status}|{orderReference}"), hex or base64
//
// With the default template the hash covers the status and the merchant's order reference only:
// changes to the amount, transactionId, captureStatus etc. are NOT detectable (docs/protocols.md §3).
// What must hold is that an accepted notification says the signed status and reference, and the
// event the signed status decides (`coveredView`).

const OPTTY_STATUSES = [
	'SUCCESSFUL',
	'DECLINED',
	'CANCELED',
	'CANCELLED',
	'PENDING',
	'ERROR',
	'AUTHORIZED',
	'CAPTURED',
	'REFUNDED',
];
/** Extra fields must not be one the schema knows (in any case) nor the hash. */
const OPTTY_FIELDS = [...NOTIFICATION_FIELDS, 'hash'];

const opttyNotification = fc
	.record({
		event: fc.constantFrom('ORDER_STATUS_UPDATE', 'ORDER_ASYNC_CALLBACK', 'ORDER_REFUND'),
		status: fc.oneof(
			{ weight: 3, arbitrary: fc.constantFrom(...OPTTY_STATUSES, 'successful', 'Declined') },
			{ weight: 1, arbitrary: identifier },
		),
		transactionId: identifier,
		orderId: fc.oneof(identifier, fc.nat()),
		orderReference: identifier,
		transactionReference: identifier,
		amount: fc.oneof(
			fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100),
			fc.integer({ min: 0, max: 1_000_000 }).map(String),
		),
		currency: fc.constantFrom('AUD', 'NZD', 'USD'),
		provider: fc.constantFrom('FAT_ZEBRA_AU', 'AFTERPAY', 'ZIP'),
		captureStatus: fc.constantFrom('AUTHORIZED', 'CAPTURED'),
		extra: extraFields(OPTTY_FIELDS, formLeaf),
	})
	.map(({ extra, ...notification }) => normalise({ ...notification, ...extra }) as JsonObject);

const opttyDigestOf = (message: string, secret: string) =>
	createHmac('sha512', secret).update(message).digest();

/** Hex in any case or base64 of the digest of the original hash (docs/protocols.md §3); identifiers are trimmed text. */
const sameHash = (original: unknown, received: unknown) => {
	const text = textOf(received)?.trim();
	if (typeof original !== 'string' || text === undefined) return false;
	const digest = /^[0-9a-f]{128}$/.test(original)
		? Buffer.from(original, 'hex')
		: Buffer.from(original, 'base64');
	return text.toLowerCase() === digest.toString('hex') || text === digest.toString('base64');
};

const opttyCase: PropertyCase = {
	requiredSecrets: ['hashSecret'],
	signed: fc
		.tuple(opttyNotification, fc.constantFrom<'hex' | 'base64'>('hex', 'base64'))
		.map(([notification, encoding]) => {
			const credentials = { ...OPTTY_KEYS };
			const message = `${String(notification.status)}|${String(notification.orderReference)}`;
			return {
				body: { ...notification, hash: opttyHash(message, encoding, credentials.hashSecret) },
				credentials,
				// the hash is over field values, not bytes: any transport carries them
				transports: ALL_TRANSPORTS,
			};
		}),
	forgedSecret({ body, credentials }) {
		const message = `${String(body.status)}|${String(body.orderReference)}`;
		return fc
			.oneof(
				randomHex(64),
				fc
					.uint8Array({ minLength: 64, maxLength: 64 })
					.map((bytes) => Buffer.from(bytes).toString('base64')),
				otherKey.map((secret) => opttyDigestOf(message, secret).toString('hex')),
				// keyless, or the hash of another status for this order (e.g. DECLINED, seen on the redirect)
				fc.constant(createHash('sha512').update(message).digest('hex')),
				fc
					.constantFrom(...OPTTY_STATUSES)
					.map((status) =>
						opttyHash(`${status}|${String(body.orderReference)}`, 'hex', credentials.hashSecret),
					),
				// the fields the other way round, or without the separator
				fc.constant(
					opttyHash(
						`${String(body.orderReference)}|${String(body.status)}`,
						'hex',
						credentials.hashSecret,
					),
				),
				fc.constant(
					opttyHash(
						`${String(body.status)}${String(body.orderReference)}`,
						'hex',
						credentials.hashSecret,
					),
				),
				// base64 is case-sensitive
				fc.constant(
					opttyDigestOf(message, credentials.hashSecret).toString('base64').toLowerCase(),
				),
			)
			.filter((hash) => !sameHash(body.hash, hash));
	},
	tampered({ body }) {
		return fc.oneof(
			otherThan(fc.oneof(fc.constantFrom(...OPTTY_STATUSES), identifier), body.status)
				.filter((status) => status !== body.status)
				.map((status) => setAt(body, ['status'], status)),
			otherThan(identifier, body.orderReference)
				.filter((reference) => reference !== body.orderReference)
				.map((reference) => setAt(body, ['orderReference'], reference)),
		);
	},
	...topLevelValuesCovered('hash', ['status', 'orderReference'], sameHash),
	// transactionId, amount, captureStatus etc. are not covered by Optty's default hash
	coveredView: (item) => ({
		provider: item.provider,
		verified: item.verified,
		status: item.status,
		merchantReference: item.merchantReference,
		// a known status decides the event; an unknown one falls back to the (uncovered) captureStatus
		statusEvent: OPTTY_STATUSES.includes(String(item.status).toUpperCase())
			? item.event
			: 'not decided by the status',
	}),
};

// ---------------------------------------------------------------------------------------------
// FakePay (test-only, test/helpers/fakeProvider): signature = HMAC-SHA256 hex of
// "{event}|{paymentId}|{amount}|{currency}". Those four values are covered; `reference` and any
// extra field are not, so an accepted callback must say the signed four (`coveredView`).

const FAKEPAY_FIELDS = ['event', 'paymentId', 'amount', 'currency', 'reference', 'signature'];
/** The values the signature covers, in the message's order. */
const FAKEPAY_SIGNED = ['event', 'paymentId', 'amount', 'currency'];
const FAKEPAY_EVENTS = ['payment.succeeded', 'payment.failed', 'refund.created'];
const minorAmount = fc.oneof(
	fc.nat({ max: 1_000_000_000 }),
	fc.nat({ max: 1_000_000_000 }).map(String),
);
const fakePayEvent = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...FAKEPAY_EVENTS) },
	{ weight: 1, arbitrary: identifier },
);

const fakePayNotification = fc
	.record({
		event: fakePayEvent,
		paymentId: identifier,
		amount: minorAmount,
		currency: fc.constantFrom('EUR', 'USD', 'NGN'),
		reference: identifier,
		extra: extraFields(FAKEPAY_FIELDS, formLeaf),
	})
	.map(({ extra, ...event }) => normalise({ ...event, ...extra }));

const fakePayMessage = (body: JsonObject) =>
	FAKEPAY_SIGNED.map((field) => String(body[field])).join('|');
/** Hex digests compare case-insensitively; surrounding spaces are not part of it. */
const sameFakePaySignature = (original: unknown, received: unknown) =>
	typeof received === 'string' && received.trim().toLowerCase() === original;

const fakePayCase: PropertyCase = {
	requiredSecrets: ['signingSecret'],
	signed: fakePayNotification.map((event) => {
		const credentials = { ...FAKEPAY_KEYS };
		const signature = fakePaySignature(event, credentials.signingSecret);
		// the signature is over field values, not bytes: any transport carries them
		return { body: { ...event, signature } as JsonObject, credentials, transports: ALL_TRANSPORTS };
	}),
	forgedSecret({ body, credentials }) {
		const message = fakePayMessage(body);
		const hmac = (algorithm: string, key: string, text: string) =>
			createHmac(algorithm, key).update(text);
		return fc
			.oneof(
				randomHex(32),
				otherKey.map((secret) => hmac('sha256', secret, message).digest('hex')),
				// keyless, another hash with the right key, the right digest in base64
				fc.constant(createHash('sha256').update(message).digest('hex')),
				fc.constant(hmac('sha512', credentials.signingSecret, message).digest('hex')),
				fc.constant(hmac('sha256', credentials.signingSecret, message).digest('base64')),
				// the values in another order, or without the separator
				fc.constant(
					hmac('sha256', credentials.signingSecret, message.split('|').reverse().join('|')).digest(
						'hex',
					),
				),
				fc.constant(
					hmac('sha256', credentials.signingSecret, message.replace(/\|/g, '')).digest('hex'),
				),
			)
			.filter((signature) => !sameFakePaySignature(body.signature, signature));
	},
	tampered({ body }) {
		const changed = (path: string, arbitrary: fc.Arbitrary<unknown>) =>
			arbitrary
				.filter((value) => String(value) !== String(body[path]))
				.map((value) => setAt(body, [path], value));
		return fc.oneof(
			changed('event', fakePayEvent),
			changed('paymentId', identifier),
			changed('amount', minorAmount),
			changed('currency', fc.constantFrom('EUR', 'USD', 'NGN', 'GBP')),
		);
	},
	...topLevelValuesCovered('signature', FAKEPAY_SIGNED, sameFakePaySignature),
	// `reference` and extra fields are not covered
	coveredView: (item) => ({
		provider: item.provider,
		verified: item.verified,
		event: item.event,
		status: item.status,
		orderId: item.orderId,
		amountMinor: item.amountMinor,
		currency: item.currency,
	}),
};

const PROPERTY_CASES: Record<ProviderId, PropertyCase> = {
	atarapay: ataraPayCase,
	intrapay: intraPayCase,
	optty: opttyCase,
	fakepay: fakePayCase,
};

export const PROVIDER_CASES: ProviderCase[] = PROVIDERS.map(
	({ id, name, provider, secretField }) => ({
		name,
		provider,
		secretField,
		...PROPERTY_CASES[id],
	}),
);

// IntraPay callbacks signed with the fake secrets of docs/protocols.md §5. Digests are computed
// here with Node's crypto, independently of the code under test.
import { createHash, createHmac } from 'crypto';

export const INTRAPAY_KEYS = {
	// a field the credential no longer has: saved credentials may still hold it, and must keep working
	partnerPublicKey: ['pk', 'partner', 'TEST2222'].join('_'),
	partnerSecretKey: ['sk', 'partner', 'TEST1111'].join('_'),
	merchantSecretKey: ['sk', 'merchant', 'TEST0000'].join('_'),
	signatureScheme: 'hmacSha512',
};

/** docs/protocols.md §5: the signed string and its digests under the three schemes. */
export const SPEC_SIGNED_STRING =
	'{"status":"success","message":"Payment received","data":{"payment":{"status":"PAID"},"virtual_account":{"amount":"5000","account_name":"JOHN DOE","bank_name":"TEST BANK","account_number":"0123456789"},"Order_details":{"status":"COMPLETED","partner_order_id":"ORDER-TEST-0001","intrapay_order_reference":"IPREF-TEST-0001"}}}';
export const SPEC_DIGESTS = {
	hmacSha512:
		'9694d2f21e4712c4fb21394173bf55f1c64f5394b76a1b2e39840c96e2952ed37f67addd51e294da942ef98013f76b7303f00e8e2924b0e5a11c60323a4a54a6',
	sha512BodySecret:
		'9c61565b74c4b524a4581e12c435c9a96f2a080ff5df84715acfa286a009da365cc34bcbad9a3ecaec408bad3df973dddf677effe94370ca794b5d120558b6bd',
	sha512SecretBody:
		'a34398a7617c81ddb213579afc3dc16abe51ed76038ab97e97027556afdcd2e2be180a334571d58c5e55b170acffbf5420475fdef0e40c9cd1e9e93bffb247cf',
};

export type Scheme = keyof typeof SPEC_DIGESTS;

export function digestOf(text: string, scheme: Scheme = 'hmacSha512', keys = INTRAPAY_KEYS) {
	const secret = keys.merchantSecretKey + keys.partnerSecretKey;
	if (scheme === 'sha512BodySecret')
		return createHash('sha512')
			.update(text + secret)
			.digest('hex');
	if (scheme === 'sha512SecretBody')
		return createHash('sha512')
			.update(secret + text)
			.digest('hex');
	return createHmac('sha512', secret).update(text).digest('hex');
}

/** The body as IntraPay sends it: the signed text with "signature" appended as its last member. */
export const withSignature = (signedText: string, signature: string) =>
	`${signedText.slice(0, -1)},"signature":"${signature}"}`;

export function intraPayPayment(
	overrides: {
		paymentStatus?: string;
		amount?: string | number;
		partnerOrderId?: string;
		reference?: string;
	} = {},
) {
	return {
		status: 'success',
		message: 'Payment received',
		data: {
			payment: { status: overrides.paymentStatus ?? 'PAID' },
			virtual_account: {
				amount: overrides.amount ?? '5000',
				account_name: 'JOHN DOE',
				bank_name: 'TEST BANK',
				account_number: '0123456789',
			},
			Order_details: {
				status: 'COMPLETED',
				partner_order_id: overrides.partnerOrderId ?? 'ORDER-TEST-0001',
				intrapay_order_reference: overrides.reference ?? 'IPREF-TEST-0001',
			},
		},
	};
}

/** What the item says about `intraPayPayment()` (independent of the code under test). */
export const PAID_PAYMENT_SUMMARY = {
	status: 'PAID',
	orderId: 'IPREF-TEST-0001',
	merchantReference: 'ORDER-TEST-0001',
	amount: 5000,
	amountMinor: 500000,
	currency: null,
};

/** A signed callback body (JSON text) for a payment object. */
export const signedCallback = (
	payment: object,
	scheme: Scheme = 'hmacSha512',
	keys = INTRAPAY_KEYS,
) => {
	const text = JSON.stringify(payment);
	return withSignature(text, digestOf(text, scheme, keys));
};

// AtaraPay callbacks built from the fake keys of docs/protocols.md §5. Keys are joined at run
// time so no literal in the repository looks like a real credential.
import { ataraPaySampleOrder } from '../../nodes/AtaraPay/simulation';

export const ATARAPAY_KEYS = {
	// a field the credential no longer has: saved credentials may still hold it, and must keep working
	environment: 'staging',
	publicKey: ['TEST', 'PUBLIC', 'KEY', '0000'].join('_'),
	privateKey: ['TEST', 'PRIVATE', 'KEY', '1111'].join('_'),
};

/** The token docs/protocols.md §5 gives for order 3029 and 450000 kobo. */
export const SPEC_TOKEN_3029 =
	'VEVTVF9QVUJMSUNfS0VZXzAwMDA6VEVTVF9QUklWQVRFX0tFWV8xMTExOjMwMjk6NDUwMDAw';

export function ataraPayOrder(overrides: Record<string, unknown> = {}) {
	return {
		// the simulator's sample order (placeholder buyer and seller), with the values the tests assert on
		...ataraPaySampleOrder('3029', 'Completed', 'Order completed'),
		product_id: 'SHOP-REF-77',
		amount_payed: 450000,
		currency: 'NGN',
		...overrides,
	};
}

/** What the item says about `ataraPayOrder()` delivered (independent of the code under test). */
export const DELIVERED_3029_SUMMARY = {
	status: 'Delivered',
	orderId: '3029',
	merchantReference: 'SHOP-REF-77',
	amount: 4500,
	amountMinor: 450000,
	currency: 'NGN',
};

/** Computed here, independently of the code under test, from the formula in docs/protocols.md §1. */
export const tokenFor = (
	keys: { publicKey: string; privateKey: string },
	orderId: unknown,
	kobo: unknown,
) =>
	Buffer.from(`${keys.publicKey}:${keys.privateKey}:${String(orderId)}:${String(kobo)}`).toString(
		'base64',
	);

/** A JSON callback signed with `keys`, as AtaraPay would send it. */
export function ataraPayCallback(
	options: {
		status?: string;
		message?: string;
		order?: Record<string, unknown>;
		keys?: { publicKey: string; privateKey: string };
	} = {},
) {
	const order = options.order ?? ataraPayOrder();
	const keys = options.keys ?? ATARAPAY_KEYS;
	return {
		status: options.status ?? 'Delivered',
		message: options.message ?? 'Order is marked completed',
		data: order,
		token: tokenFor(keys, order.id, order.amount_payed),
	};
}

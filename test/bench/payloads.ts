// Signed callbacks of a chosen size for the benchmarks, made with the test fixtures (independently of
// the code under test). Each provider pads a field its signature scheme allows, to reach the size.
import type { ProviderId } from '../../nodes/providers';
import { ATARAPAY_KEYS, ataraPayCallback, ataraPayOrder } from '../helpers/ataraPayFixtures';
import { INTRAPAY_KEYS, intraPayPayment, signedCallback } from '../helpers/intraPayFixtures';
import { OPTTY_KEYS, opttyNotification } from '../helpers/opttyFixtures';

/** A callback's exact bytes and the credential that verifies it. */
export interface BenchCallback {
	raw: Buffer;
	credentials: Record<string, string>;
}

/** Text filler of `length` characters (order notes, as real callbacks carry). */
const filler = (length: number) =>
	'Delivery note: leave at the gate. '.repeat(Math.ceil(length / 34)).slice(0, Math.max(0, length));

function sized(make: (padding: string) => string, bytes: number) {
	const bare = make('');
	return Buffer.from(make(filler(bytes - Buffer.byteLength(bare))));
}

/** Per provider of the registry: genuine callback number `n` of about `bytes` bytes. */
const SIZED_CALLBACKS: Record<ProviderId, (n: number, bytes: number) => BenchCallback> = {
	atarapay: (n, bytes) => ({
		raw: sized(
			(notes) =>
				JSON.stringify(
					ataraPayCallback({ order: ataraPayOrder({ id: 700_000 + n, delivery_notes: notes }) }),
				),
			bytes,
		),
		credentials: ATARAPAY_KEYS,
	}),
	intrapay: (n, bytes) => ({
		raw: sized((notes) => {
			const payment = intraPayPayment({
				reference: `IPREF-BENCH-${n}`,
				partnerOrderId: `ORDER-BENCH-${n}`,
			});
			return signedCallback({ ...payment, data: { ...payment.data, notes } });
		}, bytes),
		credentials: INTRAPAY_KEYS,
	}),
	optty: (n, bytes) => ({
		raw: sized(
			(notes) =>
				JSON.stringify(
					opttyNotification({
						transactionId: `TX-BENCH-${n}`,
						orderReference: `ORDER-BENCH-${n}`,
						metaData: { notes },
					}),
				),
			bytes,
		),
		credentials: OPTTY_KEYS,
	}),
};

/** Genuine callback number `n` of about `bytes` bytes. */
export const benchCallback = (provider: ProviderId, n: number, bytes: number): BenchCallback =>
	SIZED_CALLBACKS[provider](n, bytes);

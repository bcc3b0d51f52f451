import {
	INTRAPAY_KEYS,
	PAID_PAYMENT_SUMMARY,
	digestOf,
	intraPayPayment,
	signedCallback,
	withSignature,
} from '../helpers/intraPayFixtures';
import { INTRAPAY, harnessOf } from '../helpers/providers';
import {
	expectRefused,
	onlyItem,
	rawJsonRequest,
	type TriggerHarnessOptions,
} from '../helpers/webhookHarness';

const harness = harnessOf(INTRAPAY);

describe('IntraPay Trigger webhook (real WebhookContext)', () => {
	it('turns a valid signed payment notification into exactly one item', async () => {
		const payment = intraPayPayment();
		const { result } = await harness().send(rawJsonRequest(signedCallback(payment)));
		expect(onlyItem(result)).toEqual({
			provider: 'intrapay',
			event: 'payment_paid',
			...PAID_PAYMENT_SUMMARY,
			verified: true,
			verifiedWith: 'current',
			dedupeKey: 'intrapay:IPREF-TEST-0001:PAID',
			receivedAt: expect.any(String),
			payload: {
				status: 'success',
				message: 'Payment received',
				data: {
					payment: { status: 'PAID' },
					virtual_account: payment.data.virtual_account,
					order_details: payment.data.Order_details,
				},
			},
		});
	});

	describe('refuses what it cannot trust with 401 and no workflow data', () => {
		const genuine = signedCallback(intraPayPayment());
		const cases: Array<[string, string, Partial<TriggerHarnessOptions>]> = [
			['a tampered amount', genuine.replace('"amount":"5000"', '"amount":"9000"'), {}],
			[
				'a wrong secret',
				genuine,
				{ credentials: { ...INTRAPAY_KEYS, merchantSecretKey: 'sk_merchant_TEST5555' } },
			],
			['a missing signature', JSON.stringify(intraPayPayment()), {}],
			['an empty signature', withSignature(JSON.stringify(intraPayPayment()), ''), {}],
			[
				'the wrong scheme',
				genuine,
				{ credentials: { ...INTRAPAY_KEYS, signatureScheme: 'sha512SecretBody' } },
			],
			['a forged signature', withSignature(JSON.stringify(intraPayPayment()), 'ab'.repeat(64)), {}],
			[
				'a signature of another payment',
				withSignature(
					JSON.stringify(intraPayPayment({ reference: 'IPREF-X' })),
					digestOf(JSON.stringify(intraPayPayment())),
				),
				{},
			],
		];
		it.each(cases)('%s', async (_name, body, overrides) => {
			const secrets = [INTRAPAY_KEYS.merchantSecretKey, INTRAPAY_KEYS.partnerSecretKey];
			expectRefused(await harness(overrides).send(rawJsonRequest(body)), 401, secrets);
		});
	});

	it('verifies each of the three schemes when the credential names it', async () => {
		for (const scheme of ['hmacSha512', 'sha512BodySecret', 'sha512SecretBody'] as const) {
			const trigger = harness({ credentials: { ...INTRAPAY_KEYS, signatureScheme: scheme } });
			const { result } = await trigger.send(
				rawJsonRequest(signedCallback(intraPayPayment(), scheme)),
			);
			expect([scheme, onlyItem(result).verified]).toEqual([scheme, true]);
		}
	});

	it('refuses the unsigned acknowledgement by default and emits it unverified when allowed', async () => {
		const ack = JSON.stringify({ partner_order_id: 'ORDER-TEST-0009', callbak_data: 'OK' });
		expectRefused(await harness().send(rawJsonRequest(ack)), 401);

		const allowed = await harness({
			parameters: { options: { acceptUnsignedCallbacks: true } },
		}).send(rawJsonRequest(ack));
		expect(onlyItem(allowed.result)).toMatchObject({
			event: 'order_acknowledged',
			verified: false,
			verifiedWith: null,
			merchantReference: 'ORDER-TEST-0009',
			payload: { partner_order_id: 'ORDER-TEST-0009', callbak_data: 'OK' },
		});
	});

	it('answers a repeated payment with 200 and no workflow data', async () => {
		const trigger = harness();
		const body = signedCallback(intraPayPayment());
		expect(onlyItem((await trigger.send(rawJsonRequest(body))).result).event).toBe('payment_paid');
		const repeat = await trigger.send(rawJsonRequest(body));
		expect(repeat.result.workflowData).toBeUndefined();
		expect(repeat.result.webhookResponse).toEqual({ received: true, ignored: 'duplicate' });
		const refund = await trigger.send(
			rawJsonRequest(signedCallback(intraPayPayment({ paymentStatus: 'REFUND' }))),
		);
		expect(onlyItem(refund.result).event).toBe('payment_refunded');
	});

	it('fails activation with a clear message when a secret is missing', async () => {
		await expect(
			harness({ credentials: { ...INTRAPAY_KEYS, partnerSecretKey: '' } }).lifecycle('create'),
		).rejects.toThrow('The IntraPay API credential has no Partner Secret Key');
		expect(await harness().lifecycle('create')).toBe(true);
	});
});

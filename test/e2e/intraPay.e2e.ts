// The IntraPay Trigger in real n8n: see suite.ts for how the run uses this.
import {
	INTRAPAY_KEYS,
	digestOf,
	intraPayPayment,
	signedCallback,
	withSignature,
} from '../helpers/intraPayFixtures';
import type { RealN8n } from './realN8n';
import { forgeryOf, itemsOfLastRun, json, triggerOf, webhookOf, type ProviderSuite } from './suite';

const intraPayTrigger = triggerOf('intrapay');
const NODE_NAME = intraPayTrigger.nodeName;
const CREDENTIAL = intraPayTrigger.credential('e2eIntraPayCred1', 'IntraPay e2e', INTRAPAY_KEYS);

const PAYMENTS = intraPayTrigger.workflow({
	id: 'e2eIntraPayAll01',
	webhookId: '7d1e4b20-1111-4a6b-8c2d-9e0f1a000001',
	credentialId: CREDENTIAL.id,
});

const WRONG_KEYS = { ...INTRAPAY_KEYS, merchantSecretKey: 'sk_merchant_TEST9999' };
const bulkPayment = (n: number) =>
	intraPayPayment({ reference: `IPREF-BULK-${n}`, partnerOrderId: `ORDER-BULK-${n}` });

/** Forged callback `n`: IntraPay's signature covers the whole body. */
function forgedIntraPay(n: number) {
	const payment = bulkPayment(n);
	switch (forgeryOf(n)) {
		case 'wrong key':
			return signedCallback(payment, 'hmacSha512', WRONG_KEYS);
		case 'tampered after signing':
			return signedCallback(payment).replace('"amount":"5000"', '"amount":"9000"');
		case 'unsigned':
			return JSON.stringify(payment);
		default:
			return withSignature(JSON.stringify(payment), n.toString(16).padStart(128, 'a'));
	}
}

export const intraPaySuite: ProviderSuite<'intrapay'> = {
	id: 'intrapay',
	title: 'IntraPay Trigger',
	credentials: () => [CREDENTIAL],
	workflows: [PAYMENTS],
	readyWebhooks: [webhookOf(PAYMENTS)],
	secrets: () => [
		INTRAPAY_KEYS.merchantSecretKey,
		INTRAPAY_KEYS.partnerSecretKey,
		WRONG_KEYS.merchantSecretKey,
	],
	storedValue: 'IPREF-E2E-0001',
	traffic: {
		workflow: PAYMENTS,
		genuine: (n) => json(signedCallback(bulkPayment(n))),
		forged: (n) => json(forgedIntraPay(n)),
		idOf: (n) => `IPREF-BULK-${n}`,
		itemIdField: 'orderId',
		unknownObjectStatus: 401,
	},

	defineTests(n8n: () => RealN8n) {
		const id = webhookOf(PAYMENTS);
		const paid = intraPayPayment({ reference: 'IPREF-E2E-0001', partnerOrderId: 'ORDER-E2E-0001' });

		it('refuses forged, unsigned and wrong-secret payments without starting anything, then runs a genuine one once', async () => {
			const unsignedText = JSON.stringify(paid);
			const wrongSecret = signedCallback(paid, 'hmacSha512', WRONG_KEYS);
			const tampered = signedCallback(paid).replace('"amount":"5000"', '"amount":"9000"');
			expect(
				(await n8n().post(id, json(withSignature(unsignedText, 'ab'.repeat(64))))).status,
			).toBe(401);
			expect((await n8n().post(id, json(unsignedText))).status).toBe(401);
			expect((await n8n().post(id, json(wrongSecret))).status).toBe(401);
			expect((await n8n().post(id, json(tampered))).status).toBe(401);

			// Barrier: the genuine payment sent after them is the first and only execution.
			const genuine = await n8n().post(id, json(signedCallback(paid)));
			expect(genuine.status).toBe(200);
			const rows = await n8n().waitForExecutions(PAYMENTS.id, 1);
			expect(rows.map((row) => row.status)).toEqual(['success']);
			expect(n8n().triggerItems(rows[0].id, NODE_NAME)).toEqual([
				{
					provider: 'intrapay',
					event: 'payment_paid',
					status: 'PAID',
					orderId: 'IPREF-E2E-0001',
					merchantReference: 'ORDER-E2E-0001',
					amount: 5000,
					amountMinor: 500000,
					currency: null,
					verified: true,
					verifiedWith: 'current',
					dedupeKey: 'intrapay:IPREF-E2E-0001:PAID',
					receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
					payload: {
						status: 'success',
						message: 'Payment received',
						data: {
							payment: { status: 'PAID' },
							virtual_account: paid.data.virtual_account,
							order_details: paid.data.Order_details,
						},
					},
				},
			]);
		});

		it('answers a repeat with 200 and starts no second execution; the raw-bytes signature form works', async () => {
			const repeat = await n8n().post(id, json(signedCallback(paid)));
			expect(repeat).toEqual({ status: 200, text: expect.stringContaining('duplicate') });

			// a body whose bytes differ from any re-serialization (spacing, 2500.0): only the raw form verifies
			const raw = `{"status": "success", "data": {"payment": {"status": "PENDING"}, "virtual_account": {"amount": 2500.0}, "order_details": {"partner_order_id": "ORDER-E2E-0002", "intrapay_order_reference": "IPREF-E2E-0002"}}}`;
			const pending = await n8n().post(
				id,
				json(`${raw.slice(0, -1)},"signature":"${digestOf(raw)}"}`),
			);
			expect(pending.status).toBe(200);

			expect(await itemsOfLastRun(n8n(), PAYMENTS, 2)).toEqual([
				expect.objectContaining({
					event: 'payment_pending',
					orderId: 'IPREF-E2E-0002',
					amount: 2500,
					verified: true,
				}),
			]);
		});
	},
};

// The Optty Trigger in real n8n, with a fake Optty API on loopback for "Confirm with Optty API":
// see suite.ts for how the run uses this.
import { FakeOptty, OPTTY_KEYS, opttyHash, opttyNotification } from '../helpers/opttyFixtures';
import type { RealN8n } from './realN8n';
import { forgeryOf, itemsOfLastRun, json, triggerOf, webhookOf, type ProviderSuite } from './suite';

const opttyTrigger = triggerOf('optty');
const NODE_NAME = opttyTrigger.nodeName;
const fake = new FakeOptty();

/** An Optty Trigger workflow (node version 1, as the suites' saved workflows have, unless told). */
export const opttyTriggerWorkflow = (
	id: string,
	webhookId: string,
	credentialId: string,
	parameters: object = {},
	typeVersion?: 1 | 2,
) => opttyTrigger.workflow({ id, webhookId, credentialId, parameters, typeVersion });

const ORDERS = opttyTriggerWorkflow(
	'e2eOpttyOrders01',
	'9a2b6c30-1111-4d7e-8f90-1a2b3c000001',
	'e2eOpttyCred0001',
);
const CONFIRMED = opttyTriggerWorkflow(
	'e2eOpttyConfrm01',
	'9a2b6c30-2222-4d7e-8f90-1a2b3c000002',
	'e2eOpttyCred0002',
	{
		options: { confirmWithApi: true },
	},
);

const CARD_TOKEN = 'card-token-e2e-4242';

const WRONG_HASH_SECRET = 'TEST_HASH_SECRET_9999';
const bulkNotification = (n: number, overrides: Record<string, unknown> = {}) =>
	opttyNotification({
		transactionId: `TX-BULK-${n}`,
		orderReference: `ORDER-BULK-${n}`,
		...overrides,
	});

/** Forged notification `n`: Optty's hash covers "{status}|{orderReference}". */
function forgedOptty(n: number) {
	switch (forgeryOf(n)) {
		case 'wrong key':
			return bulkNotification(n, {
				hash: opttyHash(`SUCCESSFUL|ORDER-BULK-${n}`, 'hex', WRONG_HASH_SECRET),
			});
		case 'tampered after signing':
			return bulkNotification(n, {
				status: 'DECLINED',
				hash: opttyHash(`SUCCESSFUL|ORDER-BULK-${n}`),
			});
		case 'unsigned':
			return bulkNotification(n, { hash: undefined });
		default:
			return bulkNotification(n, { hash: n.toString(16).padStart(128, 'c') });
	}
}

export const opttySuite: ProviderSuite<'optty'> = {
	id: 'optty',
	title: 'Optty Trigger',
	setUp: async () => void (await fake.start()),
	tearDown: async () => await fake.stop(),
	credentials: () => [
		opttyTrigger.credential('e2eOpttyCred0001', 'Optty e2e', OPTTY_KEYS),
		opttyTrigger.credential('e2eOpttyCred0002', 'Optty e2e (fake API)', {
			...OPTTY_KEYS,
			authUrl: fake.url,
			apiUrl: fake.url,
		}),
	],
	workflows: [ORDERS, CONFIRMED],
	readyWebhooks: [webhookOf(ORDERS), webhookOf(CONFIRMED)],
	secrets: () => [OPTTY_KEYS.hashSecret, OPTTY_KEYS.clientSecret, WRONG_HASH_SECRET, CARD_TOKEN],
	storedValue: 'ORDER-E2E-OPTTY-1',
	traffic: {
		workflow: ORDERS,
		genuine: (n) => json(bulkNotification(n)),
		forged: (n) => json(forgedOptty(n)),
		idOf: (n) => `ORDER-BULK-${n}`,
		itemIdField: 'merchantReference',
		unknownObjectStatus: 401,
	},

	defineTests(n8n: () => RealN8n) {
		const id = webhookOf(ORDERS);
		const successful = opttyNotification({
			orderReference: 'ORDER-E2E-OPTTY-1',
			transactionId: 'TX-E2E-1',
			token: CARD_TOKEN,
		});

		it('refuses forged and unsigned notifications, then runs a genuine one once, without the card token', async () => {
			const { hash: _hash, ...unsigned } = successful;
			expect((await n8n().post(id, json({ ...successful, hash: 'ab'.repeat(64) }))).status).toBe(
				401,
			);
			expect((await n8n().post(id, json(unsigned))).status).toBe(401);
			expect((await n8n().post(id, json({ ...successful, status: 'DECLINED' }))).status).toBe(401);

			expect((await n8n().post(id, json(successful))).status).toBe(200);
			const rows = await n8n().waitForExecutions(ORDERS.id, 1);
			expect(rows.map((row) => row.status)).toEqual(['success']);
			const items = n8n().triggerItems(rows[0].id, NODE_NAME);
			expect(items).toEqual([
				expect.objectContaining({
					provider: 'optty',
					event: 'order_successful',
					status: 'SUCCESSFUL',
					orderId: 'BNPL-0001',
					merchantReference: 'ORDER-E2E-OPTTY-1',
					amount: 149.95,
					amountMinor: 14995,
					currency: 'AUD',
					verified: true,
					verifiedWith: 'current',
					dedupeKey: 'optty:TX-E2E-1:ORDER_STATUS_UPDATE:SUCCESSFUL',
				}),
			]);
			expect(items[0].payload).not.toHaveProperty('token');
		});

		it('answers a repeat with 200 and starts no second execution', async () => {
			const repeat = await n8n().post(id, json(successful));
			expect(repeat).toEqual({ status: 200, text: expect.stringContaining('duplicate') });
			const declined = opttyNotification({
				status: 'DECLINED',
				orderReference: 'ORDER-E2E-OPTTY-1',
				transactionId: 'TX-E2E-1',
				hash: opttyHash('DECLINED|ORDER-E2E-OPTTY-1'),
			});
			expect((await n8n().post(id, json(declined))).status).toBe(200);
			expect(await itemsOfLastRun(n8n(), ORDERS, 2)).toEqual([
				expect.objectContaining({ event: 'order_declined' }),
			]);
		});

		it('tests the Optty API credential by really obtaining a token (from the fake Optty)', async () => {
			const tokenRequestsBefore = fake.tokenRequests.length;
			const test = async (clientSecret: string) =>
				(await n8n().rest('POST', '/rest/credentials/test', {
					credentials: opttyTrigger.credential('e2eOpttyCred0002', 'Optty e2e (fake API)', {
						...OPTTY_KEYS,
						clientSecret,
						authUrl: fake.url,
						apiUrl: fake.url,
					}),
				})) as { data: { status: string; message: string } };
			expect((await test(OPTTY_KEYS.clientSecret)).data.status).toBe('OK');
			expect((await test('TEST_CLIENT_SECRET_WRONG')).data.status).toBe('Error');
			const [good, ...wrong] = fake.tokenRequests.splice(tokenRequestsBefore);
			expect(good).toEqual({
				client_id: OPTTY_KEYS.clientId,
				client_secret: OPTTY_KEYS.clientSecret,
				grant_type: 'client_credentials',
				scope: 'api-user',
			});
			expect(wrong.length).toBeGreaterThanOrEqual(1); // n8n may retry a failed test once
			expect(wrong.every((request) => request.client_secret === 'TEST_CLIENT_SECRET_WRONG')).toBe(
				true,
			);
		});

		it("confirms the order with Optty's API (a fake one on loopback) before the workflow runs", async () => {
			fake.orderStatuses.set('ORDER-E2E-OPTTY-2', 'DECLINED');
			const notification = opttyNotification({
				orderReference: 'ORDER-E2E-OPTTY-2',
				transactionId: 'TX-E2E-2',
				hash: opttyHash('SUCCESSFUL|ORDER-E2E-OPTTY-2'),
			});
			expect((await n8n().post(webhookOf(CONFIRMED), json(notification))).status).toBe(200);
			const rows = await n8n().waitForExecutions(CONFIRMED.id, 1);
			expect(n8n().triggerItems(rows[0].id, NODE_NAME)).toEqual([
				expect.objectContaining({
					event: 'order_successful',
					confirmed: false,
					confirmedStatus: 'DECLINED',
				}),
			]);
			expect(fake.tokenRequests).toEqual([
				expect.objectContaining({
					client_id: OPTTY_KEYS.clientId,
					grant_type: 'client_credentials',
				}),
			]);
			expect(fake.orderRequests).toEqual([
				{
					reference: 'ORDER-E2E-OPTTY-2',
					authorization: expect.stringMatching(/^Bearer token-\d+$/),
				},
			]);
		});
	},
};

// The AtaraPay Trigger in real n8n: see suite.ts for how the run uses this.
import {
	ATARAPAY_KEYS,
	ataraPayCallback,
	ataraPayOrder,
	tokenFor,
} from '../helpers/ataraPayFixtures';
import type { RealN8n } from './realN8n';
import {
	forgeryOf,
	itemsOfLastRun,
	json,
	multipart,
	triggerOf,
	webhookOf,
	type ProviderSuite,
} from './suite';

/** The AtaraPay Trigger's credentials and workflows: this suite's, and the queue-mode run's own. */
export const ataraPayTrigger = triggerOf('atarapay');
const NODE_NAME = ataraPayTrigger.nodeName;

const CREDENTIAL = ataraPayTrigger.credential('e2eAtaraPayCred1', 'AtaraPay e2e', ATARAPAY_KEYS);
const INCOMPLETE_CREDENTIAL = ataraPayTrigger.credential(
	'e2eAtaraPayCred2',
	'AtaraPay e2e without private key',
	{ ...ATARAPAY_KEYS, privateKey: '' },
);

const workflow = (id: string, webhookId: string, credentialId: string, parameters: object = {}) =>
	ataraPayTrigger.workflow({ id, webhookId, credentialId, parameters });

const ALL_EVENTS = workflow(
	'e2eAtaraPayAll01',
	'3f7c2a10-1111-4c5e-9a3b-5d2e8f000001',
	CREDENTIAL.id,
);
const ACCEPTED_ONLY = workflow(
	'e2eAtaraPayAcc01',
	'3f7c2a10-2222-4c5e-9a3b-5d2e8f000002',
	CREDENTIAL.id,
	{
		events: ['buyer_accepted'],
	},
);
const NO_PRIVATE_KEY = workflow(
	'e2eAtaraPayBad01',
	'3f7c2a10-3333-4c5e-9a3b-5d2e8f000003',
	INCOMPLETE_CREDENTIAL.id,
);
/** Version 2 of the node, as new workflows get it: n8n parses request bodies differently for it. */
const VERSION_2 = ataraPayTrigger.workflow({
	id: 'e2eAtaraPayVer2',
	webhookId: '3f7c2a10-4444-4c5e-9a3b-5d2e8f000004',
	credentialId: CREDENTIAL.id,
	typeVersion: 2,
});

/** Every AtaraPay token the suite sends, genuine or not: none may be stored or logged. */
const sentTokens = new Set<string>();
const signed = (options: Parameters<typeof ataraPayCallback>[0]) => {
	const callback = ataraPayCallback(options);
	sentTokens.add(callback.token);
	return callback;
};

const WRONG_KEYS = { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_9999' };
const bulkOrder = (n: number) => ataraPayOrder({ id: 500_000 + n });
const buyerAccepts = { status: 'Accepted', message: 'Buyer Accepts Order' };
/** Order `id`'s signed callback: the fixtures' "Delivered" notice, or the buyer accepting the order. */
const deliveredCallback = (id: number) => signed({ order: ataraPayOrder({ id }) });
const acceptedCallback = (id: number) => signed({ ...buyerAccepts, order: ataraPayOrder({ id }) });

/** Forged callback `n`: AtaraPay's token covers the keys, data.id and data.amount_payed. */
function forgedAtaraPay(n: number) {
	const genuine = signed({ ...buyerAccepts, order: bulkOrder(n) });
	switch (forgeryOf(n)) {
		case 'wrong key':
			return signed({ ...buyerAccepts, order: bulkOrder(n), keys: WRONG_KEYS });
		case 'tampered after signing':
			return { ...genuine, data: { ...genuine.data, amount_payed: 1 } };
		case 'unsigned':
			return { ...genuine, token: undefined };
		default: {
			const madeUp = Buffer.from(`made:up:token:${n}`).toString('base64');
			sentTokens.add(madeUp);
			return { ...genuine, token: madeUp };
		}
	}
}

export const ataraPaySuite: ProviderSuite<'atarapay'> = {
	id: 'atarapay',
	title: 'AtaraPay Trigger',
	credentials: () => [CREDENTIAL, INCOMPLETE_CREDENTIAL],
	workflows: [ALL_EVENTS, ACCEPTED_ONLY, NO_PRIVATE_KEY, VERSION_2],
	readyWebhooks: [webhookOf(ALL_EVENTS), webhookOf(ACCEPTED_ONLY), webhookOf(VERSION_2)],
	secrets: () => [ATARAPAY_KEYS.privateKey, WRONG_KEYS.privateKey, ...sentTokens],
	storedValue: 'SHOP-REF-77',
	traffic: {
		workflow: ALL_EVENTS,
		// every fifth one as a form, as AtaraPay's form transport sends it
		genuine: (n) => {
			const callback = signed({ ...buyerAccepts, order: bulkOrder(n) });
			return n % 5 === 0 ? multipart(callback) : json(callback);
		},
		forged: (n) => json(forgedAtaraPay(n)),
		idOf: (n) => String(bulkOrder(n).id),
		itemIdField: 'orderId',
		unknownObjectStatus: 400,
	},

	defineTests(n8n: () => RealN8n) {
		it('version 2 of the node takes JSON, multipart and form callbacks alike, and refuses a forged one', async () => {
			const id = webhookOf(VERSION_2);
			const asJson = deliveredCallback(2101);
			const asMultipart = deliveredCallback(2102);
			const asForm = deliveredCallback(2103);
			const form = new URLSearchParams({
				status: asForm.status,
				message: asForm.message,
				data: JSON.stringify(asForm.data),
				token: asForm.token,
			});
			const answers = [
				await n8n().post(id, json(asJson)),
				await n8n().post(id, multipart(asMultipart)),
				await n8n().post(id, {
					contentType: 'application/x-www-form-urlencoded',
					body: form.toString(),
				}),
				await n8n().post(
					id,
					json(signed({ order: ataraPayOrder({ id: 2104 }), keys: WRONG_KEYS })),
				),
			];
			expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 401]);
			const rows = await n8n().waitForExecutions(VERSION_2.id, 3);
			expect(rows.map((row) => row.status)).toEqual(['success', 'success', 'success']);
			expect(
				n8n()
					.allTriggerItems(VERSION_2.id, NODE_NAME)
					.map((item) => item.orderId)
					.sort(),
			).toEqual(['2101', '2102', '2103']);
		});

		it('refuses forged, unsigned, wrong-key and unreadable callbacks without starting anything', async () => {
			const genuine = deliveredCallback(1001);
			const { token: _token, ...unsigned } = genuine;
			const wrongKey = {
				...genuine,
				token: tokenFor({ ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_9999' }, 1001, 450000),
			};
			const forged = { ...genuine, token: Buffer.from('forged:token').toString('base64') };
			sentTokens.add(wrongKey.token).add(forged.token);

			const id = webhookOf(ALL_EVENTS);
			expect((await n8n().post(id, json(forged))).status).toBe(401);
			expect((await n8n().post(id, json(unsigned))).status).toBe(401);
			expect((await n8n().post(id, json(wrongKey))).status).toBe(401);
			expect((await n8n().post(id, multipart(forged))).status).toBe(401);
			expect(
				(await n8n().post(id, multipart({ ...genuine, data: '{"id": 1001,, }' }))).status,
			).toBe(400);

			// Barrier: a genuine callback sent after them is the first and only execution.
			const accepted = await n8n().post(id, json(genuine));
			expect(accepted.status).toBe(200);
			expect(JSON.parse(accepted.text)).toEqual({ message: 'Workflow was started' });
			const rows = await n8n().waitForExecutions(ALL_EVENTS.id, 1);
			expect(rows.map((row) => row.status)).toEqual(['success']);
			expect(n8n().triggerItems(rows[0].id, NODE_NAME)).toEqual([
				expect.objectContaining({ orderId: '1001' }),
			]);
		});

		it('turns a valid JSON callback into exactly one execution with the expected item', async () => {
			const rows = n8n().executions(ALL_EVENTS.id);
			expect(rows).toHaveLength(1);
			const items = n8n().triggerItems(rows[0].id, NODE_NAME);
			expect(items).toHaveLength(1);
			const { token: _token, ...payload } = ataraPayCallback({
				order: ataraPayOrder({ id: 1001 }),
			});
			expect(items[0]).toEqual({
				provider: 'atarapay',
				event: 'delivery_completed',
				status: 'Delivered',
				orderId: '1001',
				merchantReference: 'SHOP-REF-77',
				amount: 4500,
				amountMinor: 450000,
				currency: 'NGN',
				verified: true,
				verifiedWith: 'current',
				dedupeKey: 'atarapay:1001:Delivered:Order is marked completed',
				receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				payload,
			});
		});

		it('answers a repeat with 200 and starts no second execution; a valid multipart callback starts one', async () => {
			const id = webhookOf(ALL_EVENTS);
			const repeat = await n8n().post(id, json(deliveredCallback(1001)));
			expect(repeat).toEqual({ status: 200, text: expect.stringContaining('duplicate') });

			const accepted = acceptedCallback(1002);
			expect((await n8n().post(id, multipart(accepted))).status).toBe(200);

			const rows = await n8n().waitForExecutions(ALL_EVENTS.id, 2);
			expect(rows.map((row) => row.status)).toEqual(['success', 'success']);
			expect(n8n().triggerItems(rows[1].id, NODE_NAME)).toEqual([
				expect.objectContaining({
					event: 'buyer_accepted',
					orderId: '1002',
					amountMinor: 450000,
					verified: true,
				}),
			]);
		});

		it('answers an event outside the filter with 200 and starts nothing', async () => {
			const id = webhookOf(ACCEPTED_ONLY);
			const delivered = await n8n().post(id, json(deliveredCallback(2001)));
			expect(delivered).toEqual({
				status: 200,
				text: expect.stringContaining('event_not_selected'),
			});

			const accepted = acceptedCallback(2002);
			expect((await n8n().post(id, json(accepted))).status).toBe(200);
			expect(await itemsOfLastRun(n8n(), ACCEPTED_ONLY, 1)).toEqual([
				expect.objectContaining({ orderId: '2002' }),
			]);
		});

		it('does not activate a workflow whose credential has no private key, and says why', async () => {
			expect(await n8n().waitForLog('The AtaraPay API credential has no Private Key')).toBe(true);
			// n8n retries a failed activation (1 s, 2 s, 4 s, ...: n8n 1.123 ActiveWorkflowManager
			// .addQueuedWorkflowActivation, packages/cli/src/active-workflow-manager.ts); each retry registers the
			// webhook until create() fails, and a callback in that moment gets the trigger's own 503 (credential
			// incomplete). Either way it is refused and starts nothing.
			const statuses: number[] = [];
			for (let i = 0; i < 5; i++) {
				statuses.push(
					(await n8n().post(webhookOf(NO_PRIVATE_KEY), json(deliveredCallback(3001 + i)))).status,
				);
				await new Promise((resolve) => setTimeout(resolve, 300));
			}
			expect(statuses.filter((status) => status !== 404 && status !== 503)).toEqual([]);
			expect(statuses).toContain(404);
			expect(n8n().executions(NO_PRIVATE_KEY.id)).toEqual([]);
		});
	},
};

// The AtaraPay Trigger in a real n8n, installed from the packed tarball as a community package.
// Every assertion about executions reads n8n's own SQLite database, never our bookkeeping.
import { ATARAPAY_KEYS, ataraPayCallback, ataraPayOrder, tokenFor } from '../helpers/ataraPayFixtures';
import { RealN8n, freePort, runtimeFromEnv } from './realN8n';

const runtime = runtimeFromEnv();
const TYPE = 'n8n-nodes-payment-callbacks.ataraPayTrigger';
const NODE_NAME = 'AtaraPay Trigger';

const CREDENTIAL = { id: 'e2eAtaraPayCred1', name: 'AtaraPay e2e', type: 'ataraPayApi', data: ATARAPAY_KEYS };
const INCOMPLETE_CREDENTIAL = {
	id: 'e2eAtaraPayCred2',
	name: 'AtaraPay e2e without private key',
	type: 'ataraPayApi',
	data: { ...ATARAPAY_KEYS, privateKey: '' },
};

function ataraPayWorkflow(id: string, webhookId: string, credentialId: string, parameters: object = {}) {
	return {
		id,
		name: `E2E ${id}`,
		active: false,
		nodes: [
			{
				id: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000001`,
				name: NODE_NAME,
				type: TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { ataraPayApi: { id: credentialId, name: 'AtaraPay' } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const ALL_EVENTS = ataraPayWorkflow('e2eAtaraPayAll01', '3f7c2a10-1111-4c5e-9a3b-5d2e8f000001', CREDENTIAL.id);
const ACCEPTED_ONLY = ataraPayWorkflow('e2eAtaraPayAcc01', '3f7c2a10-2222-4c5e-9a3b-5d2e8f000002', CREDENTIAL.id, {
	events: ['buyer_accepted'],
});
const NO_PRIVATE_KEY = ataraPayWorkflow('e2eAtaraPayBad01', '3f7c2a10-3333-4c5e-9a3b-5d2e8f000003', INCOMPLETE_CREDENTIAL.id);
const webhookOf = (workflow: typeof ALL_EVENTS) => workflow.nodes[0].webhookId;

const json = (body: unknown) => ({ contentType: 'application/json', body: JSON.stringify(body) });
function multipart(callback: Record<string, unknown>) {
	const form = new FormData();
	for (const [name, value] of Object.entries(callback)) {
		form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
	}
	return { body: form };
}

/** Every AtaraPay token the suite sends, genuine or not: none may be stored or logged. */
const sentTokens = new Set<string>();
const signed = (options: Parameters<typeof ataraPayCallback>[0]) => {
	const callback = ataraPayCallback(options);
	sentTokens.add(callback.token);
	return callback;
};

describe(`AtaraPay Trigger in real n8n (target ${runtime.target}.x)`, () => {
	let n8n: RealN8n;

	beforeAll(async () => {
		n8n = new RealN8n(runtime, await freePort(), await freePort());
		n8n.installPackage();
		await n8n.importCredentials([CREDENTIAL, INCOMPLETE_CREDENTIAL]);
		await n8n.importWorkflows([ALL_EVENTS, ACCEPTED_ONLY, NO_PRIVATE_KEY]);
		await n8n.activate([ALL_EVENTS.id, ACCEPTED_ONLY.id, NO_PRIVATE_KEY.id]);
		await n8n.start();
		await n8n.waitForWebhook(webhookOf(ALL_EVENTS));
		await n8n.waitForWebhook(webhookOf(ACCEPTED_ONLY));
	});

	afterAll(async () => {
		await n8n?.stop();
		if (process.env.KEEP_E2E_N8N) console.log(`n8n user folder kept at ${n8n.userFolder}`);
		else n8n?.cleanUp();
	});

	it("offers the AtaraPay Trigger and its credential in n8n's editor", async () => {
		const { nodes, credentials } = await n8n.editorTypes();
		expect(nodes.filter((node) => node.name === TYPE).map((node) => node.displayName)).toContain('AtaraPay Trigger');
		expect(credentials.filter((credential) => credential.name === 'ataraPayApi').map((c) => c.displayName)).toEqual(['AtaraPay API']);
	});

	it('loads the package without errors', () => {
		// (the webhooks answering at all shows the node types loaded; this checks n8n reported no trouble)
		expect(n8n.log).not.toMatch(/Failed to load package|Unrecognized node type|error loading (package|node)/i);
	});

	it('refuses forged, unsigned, wrong-key and unreadable callbacks without starting anything', async () => {
		const genuine = signed({ order: ataraPayOrder({ id: 1001 }) });
		const { token: _token, ...unsigned } = genuine;
		const wrongKey = { ...genuine, token: tokenFor({ ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_9999' }, 1001, 450000) };
		const forged = { ...genuine, token: Buffer.from('forged:token').toString('base64') };
		sentTokens.add(wrongKey.token).add(forged.token);

		const id = webhookOf(ALL_EVENTS);
		expect((await n8n.post(id, json(forged))).status).toBe(401);
		expect((await n8n.post(id, json(unsigned))).status).toBe(401);
		expect((await n8n.post(id, json(wrongKey))).status).toBe(401);
		expect((await n8n.post(id, multipart(forged))).status).toBe(401);
		expect((await n8n.post(id, multipart({ ...genuine, data: '{"id": 1001,, }' }))).status).toBe(400);

		// Barrier: a genuine callback sent after them is the first and only execution.
		expect((await n8n.post(id, json(genuine))).status).toBe(200);
		const rows = await n8n.waitForExecutions(ALL_EVENTS.id, 1);
		expect(rows.map((row) => row.status)).toEqual(['success']);
		expect(n8n.triggerItems(rows[0].id, NODE_NAME).map((item) => item.orderId)).toEqual(['1001']);
	});

	it('turns a valid JSON callback into exactly one execution with the expected item', async () => {
		const rows = n8n.executions(ALL_EVENTS.id);
		expect(rows).toHaveLength(1);
		const items = n8n.triggerItems(rows[0].id, NODE_NAME);
		expect(items).toHaveLength(1);
		const { token: _token, ...payload } = ataraPayCallback({ order: ataraPayOrder({ id: 1001 }) });
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
			dedupeKey: 'atarapay:1001:Delivered:Order is marked completed',
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			payload,
		});
	});

	it('answers a repeat with 200 and starts no second execution; a valid multipart callback starts one', async () => {
		const id = webhookOf(ALL_EVENTS);
		const repeat = await n8n.post(id, json(signed({ order: ataraPayOrder({ id: 1001 }) })));
		expect(repeat).toEqual({ status: 200, text: expect.stringContaining('duplicate') });

		const accepted = signed({ status: 'Accepted', message: 'Buyer Accepts Order', order: ataraPayOrder({ id: 1002 }) });
		expect((await n8n.post(id, multipart(accepted))).status).toBe(200);

		const rows = await n8n.waitForExecutions(ALL_EVENTS.id, 2);
		expect(rows.map((row) => row.status)).toEqual(['success', 'success']);
		expect(n8n.triggerItems(rows[1].id, NODE_NAME)).toEqual([
			expect.objectContaining({ event: 'buyer_accepted', orderId: '1002', amountMinor: 450000, verified: true }),
		]);
	});

	it('answers an event outside the filter with 200 and starts nothing', async () => {
		const id = webhookOf(ACCEPTED_ONLY);
		const delivered = await n8n.post(id, json(signed({ order: ataraPayOrder({ id: 2001 }) })));
		expect(delivered).toEqual({ status: 200, text: expect.stringContaining('event_not_selected') });

		const accepted = signed({ status: 'Accepted', message: 'Buyer Accepts Order', order: ataraPayOrder({ id: 2002 }) });
		expect((await n8n.post(id, json(accepted))).status).toBe(200);
		const rows = await n8n.waitForExecutions(ACCEPTED_ONLY.id, 1);
		expect(rows).toHaveLength(1);
		expect(n8n.triggerItems(rows[0].id, NODE_NAME).map((item) => item.orderId)).toEqual(['2002']);
	});

	it('does not activate a workflow whose credential has no private key, and says why', async () => {
		expect(await n8n.waitForLog('The AtaraPay API credential has no Private Key')).toBe(true);
		const response = await n8n.post(webhookOf(NO_PRIVATE_KEY), json(signed({ order: ataraPayOrder({ id: 3001 }) })));
		expect(response.status).toBe(404);
		expect(n8n.executions(NO_PRIVATE_KEY.id)).toEqual([]);
	});

	it("logs why callbacks were refused and keeps every key and token out of n8n's database and log", async () => {
		await n8n.stop(); // flushes the database
		expect(n8n.log).toContain('AtaraPay Trigger: callback refused with 401');
		const database = n8n.databaseBytes();
		expect(database.length).toBeGreaterThan(0);
		expect(sentTokens.size).toBeGreaterThanOrEqual(6);
		for (const secret of [ATARAPAY_KEYS.privateKey, 'TEST_PRIVATE_KEY_9999', ...sentTokens]) {
			expect([secret, database.includes(secret)]).toEqual([secret, false]);
			expect([secret, n8n.log.includes(secret)]).toEqual([secret, false]);
		}
		// the check can see what it looks for: the order data the items carry is stored
		expect(database.includes('SHOP-REF-77')).toBe(true);
	});
});

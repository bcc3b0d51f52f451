import type { IDataObject } from 'n8n-workflow';

import { AtaraPayTrigger } from '../../nodes/AtaraPay/AtaraPayTrigger.node';
import { CREDENTIAL_REUSE_MS } from '../../nodes/shared/credentialCache';
import { forEachSavedCallback } from '../../nodes/shared/savedCallbacks';
import {
	ATARAPAY_KEYS,
	DELIVERED_3029_SUMMARY,
	ataraPayCallback,
	ataraPayOrder,
} from '../helpers/ataraPayFixtures';
import { ATARAPAY, triggerHarness } from '../helpers/providers';
import {
	expectRefused,
	onlyItem,
	formRequest,
	jsonRequest,
	multipartRequest,
	type TriggerHarness,
	type TriggerHarnessOptions,
} from '../helpers/webhookHarness';

/** Every harness this file's tests made: the log scan below reads all their logs. */
const made: TriggerHarness[] = [];
const harness = (overrides: Partial<TriggerHarnessOptions> = {}) => {
	const trigger = triggerHarness(ATARAPAY, overrides);
	made.push(trigger);
	return trigger;
};

/** How many accepted callbacks a node's static data holds once n8n has written it (JSON). */
function savedCallbackCount(nodeStaticData: unknown) {
	let count = 0;
	forEachSavedCallback(
		(JSON.parse(JSON.stringify(nodeStaticData)) as { recentCallbacks?: unknown }).recentCallbacks,
		() => count++,
	);
	return count;
}

/** A callback as a form sends it: the order as a JSON string in the `data` field. */
const formFieldsOf = ({ status, message, data, token }: ReturnType<typeof ataraPayCallback>) => ({
	status,
	message,
	data: JSON.stringify(data),
	token,
});

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('AtaraPay Trigger webhook (real WebhookContext)', () => {
	it('turns a valid JSON callback into exactly one item with the common fields', async () => {
		const callback = ataraPayCallback();
		const { result, response } = await harness().send(jsonRequest(callback));

		const item = onlyItem(result);
		const { token: _token, ...payload } = callback;
		expect(item).toEqual({
			provider: 'atarapay',
			event: 'delivery_completed',
			...DELIVERED_3029_SUMMARY,
			verified: true,
			verifiedWith: 'current',
			dedupeKey: 'atarapay:3029:Delivered:Order is marked completed',
			receivedAt: expect.stringMatching(ISO_DATE),
			payload,
		});
		expect(response.headersSent).toBe(false); // n8n answers 200 itself ("onReceived")
	});

	it('turns a valid multipart callback (order as a JSON string) into the same item', async () => {
		const callback = ataraPayCallback({ status: 'Accepted', message: 'Buyer Accepts Order' });
		const { result } = await harness().send(multipartRequest(formFieldsOf(callback)));
		const item = onlyItem(result);
		expect(item).toMatchObject({
			event: 'buyer_accepted',
			status: 'Accepted',
			orderId: '3029',
			amountMinor: 450000,
			verified: true,
			payload: { status: 'Accepted', message: 'Buyer Accepts Order', data: callback.data },
		});
		expect(item.payload).not.toHaveProperty('token');
	});

	it('accepts a urlencoded callback', async () => {
		const callback = ataraPayCallback({ status: 'Rejected', message: 'Buyer Rejects Order' });
		const { result } = await harness().send(formRequest(formFieldsOf(callback)));
		expect(onlyItem(result)).toMatchObject({ event: 'buyer_rejected', verified: true });
	});

	describe('refuses what it cannot trust, with no workflow data', () => {
		const genuine = ataraPayCallback();
		const { token: _token, ...unsigned } = genuine;
		const cases: Array<
			[string, number, ReturnType<typeof jsonRequest>, Partial<TriggerHarnessOptions>]
		> = [
			[
				'a forged token',
				401,
				jsonRequest({ ...genuine, token: Buffer.from('forged').toString('base64') }),
				{},
			],
			['a missing token', 401, jsonRequest(unsigned), {}],
			[
				'the right token for another order',
				401,
				jsonRequest({ ...genuine, data: ataraPayOrder({ id: 4040 }) }),
				{},
			],
			[
				'a tampered amount',
				401,
				jsonRequest({ ...genuine, data: ataraPayOrder({ amount_payed: 1 }) }),
				{},
			],
			[
				'a token made with the wrong key',
				401,
				jsonRequest(genuine),
				{ credentials: { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_2222' } },
			],
			['an unparseable order', 400, jsonRequest({ ...genuine, data: '{"id": 3029,, }' }), {}],
			[
				'an empty body',
				400,
				{
					headers: { 'content-type': 'application/json' },
					body: {},
					rawBody: Buffer.alloc(0),
					ip: '203.0.113.7',
				},
				{},
			],
			[
				'a body that is not JSON',
				400,
				{
					headers: { 'content-type': 'text/plain' },
					body: {},
					rawBody: Buffer.from('status=Delivered&&{'),
					ip: '203.0.113.7',
				},
				{},
			],
			['a multipart form with no fields', 400, multipartRequest({}), {}],
		];

		it.each(cases)('%s -> %d', async (_name, statusCode, request, overrides) => {
			const sent = await harness(overrides).send(request);
			expect(sent.result).toEqual({ noWebhookResponse: true });
			const body = expectRefused(sent, statusCode, [ATARAPAY_KEYS.privateKey, genuine.token]);
			expect(body).toEqual({ error: expect.any(String), message: expect.any(String) });
		});
	});

	it('answers 200 and starts nothing for an event outside the filter', async () => {
		const trigger = harness({ parameters: { events: ['buyer_accepted', 'buyer_rejected'] } });
		const { result, response } = await trigger.send(jsonRequest(ataraPayCallback()));
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true, ignored: 'event_not_selected' });
		expect(response.headersSent).toBe(false);

		const accepted = await trigger.send(
			jsonRequest(ataraPayCallback({ status: 'Accepted', message: 'Buyer Accepts Order' })),
		);
		expect(onlyItem(accepted.result).event).toBe('buyer_accepted');
	});

	it('answers 200 and starts nothing for a repeated callback, and remembers it in static data', async () => {
		const trigger = harness();
		const first = await trigger.send(jsonRequest(ataraPayCallback()));
		expect(onlyItem(first.result).dedupeKey).toBe(
			'atarapay:3029:Delivered:Order is marked completed',
		);

		const repeat = await trigger.send(
			multipartRequest({ ...ataraPayCallback(), data: JSON.stringify(ataraPayOrder()) } as Record<
				string,
				string
			>),
		);
		expect(repeat.result.workflowData).toBeUndefined();
		expect(repeat.result.webhookResponse).toEqual({ received: true, ignored: 'duplicate' });

		// the same order with another notification is new
		const next = await trigger.send(
			jsonRequest(ataraPayCallback({ status: 'Accepted', message: 'Buyer Accepts Order' })),
		);
		expect(onlyItem(next.result).event).toBe('buyer_accepted');

		const stored = JSON.stringify(trigger.workflow.staticData);
		expect(stored).not.toContain('3029'); // only fingerprints are kept
		expect(savedCallbackCount(trigger.workflow.getStaticData('node', trigger.node))).toBe(2);
	});

	it('keeps the duplicate store marked for saving until n8n answers, though n8n clears the mark when it prepares the execution', async () => {
		const rawStaticData = {};
		const trigger = harness({ staticData: rawStaticData });
		const { result, response } = await trigger.send(jsonRequest(ataraPayCallback()), 'webhook', {
			holdAnswer: true,
		});
		expect(onlyItem(result).verified).toBe(true);
		const n8nWouldSave = trigger.prepareExecutionAsN8nDoes(rawStaticData);
		expect(n8nWouldSave()).toBe(false); // what n8n 2.x does to a plain write
		await new Promise((resolve) => setTimeout(resolve, 5)); // n8n's database and queue work
		expect(n8nWouldSave()).toBe(true);
		expect(JSON.stringify(rawStaticData)).toMatch(/"recentCallbacks":"[\w-]{22}\.[0-9a-z]+"/);

		// once the answer is out the trigger lets go: cleared again, the mark stays cleared
		response.answered();
		trigger.prepareExecutionAsN8nDoes(rawStaticData);
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(n8nWouldSave()).toBe(false);
	});

	it('stops marking the store for saving once n8n has encoded it for a save, though the answer still waits', async () => {
		const rawStaticData = {};
		const trigger = harness({ staticData: rawStaticData });
		const { response } = await trigger.send(jsonRequest(ataraPayCallback()), 'webhook', {
			holdAnswer: true,
		});
		const n8nWouldSave = trigger.prepareExecutionAsN8nDoes(rawStaticData);
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(n8nWouldSave()).toBe(true); // marked again after n8n cleared it
		// n8n's save encodes the store (and then waits for the database); the callback is in that save
		expect(JSON.stringify(rawStaticData)).toMatch(/"recentCallbacks":"[\w-]{22}\.[0-9a-z]+"/);
		trigger.prepareExecutionAsN8nDoes(rawStaticData);
		// longer than the trigger's slower checks (every 50 ms once it re-marked)
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(n8nWouldSave()).toBe(false);
		response.answered();
	});

	it('saves, by reference, the store as it is when n8n saves: callbacks other requests accepted meanwhile included', async () => {
		const first = harness({ workflowId: 'workflow-save-by-reference' });
		const second = harness({ workflowId: 'workflow-save-by-reference' });
		const { response } = await first.send(
			jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id: 4001 }) })),
			'webhook',
			{ holdAnswer: true },
		);
		await second.send(jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id: 4002 }) })));
		expect(savedCallbackCount(first.workflow.getStaticData('node', first.node))).toBe(2);
		response.answered();
	});

	it('puts back what another process saved over when it answers a verified repeat, and never writes for a forgery', async () => {
		// this process accepted 4101 and 4102; another process then saved a copy holding only 4101
		const thisProcess = harness({ workflowId: 'workflow-erased-by-other-process' });
		await thisProcess.send(jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id: 4101 }) })));
		const onlyFirst = JSON.parse(JSON.stringify(thisProcess.workflow.staticData)) as Record<
			string,
			IDataObject
		>;
		onlyFirst[`node:${thisProcess.node.name}`].savedBy = 'another-process'; // it was that process's save
		await thisProcess.send(jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id: 4102 }) })));

		const changed = (trigger: TriggerHarness) =>
			(trigger.workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged ===
			true;
		const forgedRequest = harness({
			workflowId: 'workflow-erased-by-other-process',
			staticData: structuredClone(onlyFirst),
		});
		const forged = ataraPayCallback({
			order: ataraPayOrder({ id: 4101 }),
			keys: { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_9999' },
		});
		expect((await forgedRequest.send(jsonRequest(forged))).response.statusCode).toBe(401);
		expect(changed(forgedRequest)).toBe(false);

		const repeatRequest = harness({
			workflowId: 'workflow-erased-by-other-process',
			staticData: structuredClone(onlyFirst),
		});
		const repeat = await repeatRequest.send(
			jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id: 4101 }) })),
		);
		expect(repeat.result.webhookResponse).toEqual({ received: true, ignored: 'duplicate' });
		expect(changed(repeatRequest)).toBe(true);
		expect(
			savedCallbackCount(repeatRequest.workflow.getStaticData('node', repeatRequest.node)),
		).toBe(2);
	});

	it('starts one execution for a callback sent 20 times at once, each request with its own static data', async () => {
		// n8n loads the workflow (and its static data) from the database for every request
		const requests = Array.from({ length: 20 }, () =>
			harness({ workflowId: 'workflow-concurrent' }),
		);
		const callbacks = [
			ataraPayCallback(),
			ataraPayCallback({ order: ataraPayOrder({ id: 3030 }) }),
		];
		const results = await Promise.all(
			requests.map(async (trigger, i) => await trigger.send(jsonRequest(callbacks[i % 2]))),
		);
		const started = results.filter(({ result }) => result.workflowData !== undefined);
		expect(started.map(({ result }) => onlyItem(result).orderId).sort()).toEqual(['3029', '3030']);
		expect(results.filter(({ result }) => result.webhookResponse !== undefined)).toHaveLength(18);
	});

	it('emits repeats when duplicate suppression is off, and on the test URL', async () => {
		const off = harness({ parameters: { options: { suppressDuplicates: false } } });
		await off.send(jsonRequest(ataraPayCallback()));
		expect(onlyItem((await off.send(jsonRequest(ataraPayCallback()))).result).verified).toBe(true);

		const testUrl = harness();
		await testUrl.send(jsonRequest(ataraPayCallback()), 'manual');
		expect(
			onlyItem((await testUrl.send(jsonRequest(ataraPayCallback()), 'manual')).result).verified,
		).toBe(true);
	});

	it('never puts the token or a key in the item', async () => {
		const callback = ataraPayCallback();
		const { result } = await harness({ parameters: { options: { includeHeaders: true } } }).send(
			jsonRequest(callback, '203.0.113.7', { authorization: `Bearer ${ATARAPAY_KEYS.privateKey}` }),
		);
		const serialized = JSON.stringify(result.workflowData);
		expect(serialized).toContain('"verified":true');
		for (const secret of [callback.token, ATARAPAY_KEYS.privateKey, ATARAPAY_KEYS.publicKey]) {
			expect(serialized).not.toContain(secret);
		}
		expect(onlyItem(result).headers).toMatchObject({
			authorization: '**hidden**',
			'content-type': 'application/json',
		});
	});

	it('refuses callers outside the allowlist and unreadable bodies without decrypting the credential', async () => {
		const trigger = harness({ parameters: { options: { ipAllowlist: '203.0.113.0/24' } } });
		expect(
			(await trigger.send(jsonRequest(ataraPayCallback(), '192.0.2.1'))).response.statusCode,
		).toBe(403);
		expect((await trigger.send(jsonRequest({ status: 'Delivered' }))).response.statusCode).toBe(
			400,
		);
		expect(trigger.credentialLoads).toBe(0);
		expect(onlyItem((await trigger.send(jsonRequest(ataraPayCallback()))).result).verified).toBe(
			true,
		);
		expect(trigger.credentialLoads).toBe(1);
	});

	it('reuses a loaded credential for CREDENTIAL_REUSE_MS, then uses the edited one, without re-activation', async () => {
		// in queue mode several processes each keep a copy, and none hears of an edit: only expiry helps
		const realTimers = [
			'setTimeout',
			'setInterval',
			'setImmediate',
			'clearTimeout',
			'clearInterval',
			'clearImmediate',
			'nextTick',
			'queueMicrotask',
			'hrtime',
			'performance',
		] as const;
		jest.useFakeTimers({ doNotFake: [...realTimers] }); // only the clock
		try {
			jest.setSystemTime(1_000_000);
			const trigger = harness();
			const send = async (id: number, keys = ATARAPAY_KEYS) =>
				await trigger.send(jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id }), keys })));
			expect(onlyItem((await send(4201)).result).verified).toBe(true);
			const newKeys = { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_NEW2' };
			trigger.editCredential(newKeys);
			jest.setSystemTime(1_000_000 + CREDENTIAL_REUSE_MS - 1);
			expect(onlyItem((await send(4202)).result).verified).toBe(true); // still the copy loaded before
			expect(trigger.credentialLoads).toBe(1);

			jest.setSystemTime(1_000_000 + CREDENTIAL_REUSE_MS);
			expect((await send(4203)).response.statusCode).toBe(401);
			expect(onlyItem((await send(4204, newKeys)).result).verified).toBe(true);
			expect(trigger.credentialLoads).toBe(2);
		} finally {
			jest.useRealTimers();
		}
	});

	it('asks n8n for the credential on every test-URL call, so test events always use the saved credential', async () => {
		const trigger = harness();
		for (const id of [4301, 4302])
			await trigger.send(jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id }) })), 'manual');
		expect(trigger.credentialLoads).toBe(2);
	});

	it('answers 503 without an execution when the credential has lost its key or is gone', async () => {
		for (const credentials of [{ ...ATARAPAY_KEYS, privateKey: '' }, undefined]) {
			const body = expectRefused(
				await harness({ credentials }).send(jsonRequest(ataraPayCallback())),
				503,
			);
			expect(body).toEqual({
				error: 'not_configured',
				message: expect.stringContaining('credential is incomplete'),
			});
		}
	});

	it('verifies with keys pasted with surrounding spaces', async () => {
		const pasted = { ...ATARAPAY_KEYS, privateKey: ` ${ATARAPAY_KEYS.privateKey}\n` };
		const { result } = await harness({ credentials: pasted }).send(jsonRequest(ataraPayCallback()));
		expect(onlyItem(result).verified).toBe(true);
	});
});

describe('AtaraPay Trigger activation (real HookContext)', () => {
	it('activates with both keys', async () => {
		const trigger = harness();
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
	});

	it.each([
		['privateKey', 'Private Key'],
		['publicKey', 'Public Key'],
	])('fails with a clear message when %s is empty', async (field, label) => {
		const trigger = harness({ credentials: { ...ATARAPAY_KEYS, [field]: '' } });
		await expect(trigger.lifecycle('create')).rejects.toThrow(
			`The AtaraPay API credential has no ${label}`,
		);
	});

	it('names both keys when both are empty', async () => {
		const trigger = harness({
			credentials: { environment: 'live', publicKey: '', privateKey: '' },
		});
		await expect(trigger.lifecycle('create')).rejects.toThrow('has no Public Key and Private Key');
	});

	it('fails when the IP allowlist has an entry that is not an address or range', async () => {
		const trigger = harness({
			parameters: { options: { ipAllowlist: '203.0.113.7, 10.0.0.0/33, example.com' } },
		});
		await expect(trigger.lifecycle('create')).rejects.toThrow('10.0.0.0/33, example.com');
	});
});

describe("n8n's log", () => {
	it('says why callbacks were refused, and never shows a key or a token', async () => {
		// refusals of its own, so the test passes alone; the scan covers every line this file's tests logged
		await harness().send(
			jsonRequest(
				ataraPayCallback({ keys: { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_2222' } }),
			),
		);
		await harness({ parameters: { options: { ipAllowlist: '203.0.113.0/24' } } }).send(
			jsonRequest(ataraPayCallback(), '192.0.2.1'),
		);
		const text = made.flatMap((trigger) => trigger.loggedLines).join('\n');
		expect(text).toContain('AtaraPay Trigger: callback refused with 401');
		expect(text).toContain('AtaraPay Trigger: callback refused with 403');
		for (const secret of [
			ATARAPAY_KEYS.privateKey,
			'TEST_PRIVATE_KEY_2222',
			ataraPayCallback().token,
		]) {
			expect(text).not.toContain(secret);
		}
	});
});

describe('AtaraPay API credential test', () => {
	const test = (data: Record<string, unknown>) =>
		new AtaraPayTrigger().methods.credentialTest.ataraPayApiTest.call(
			{} as never,
			{ id: '1', name: 'AtaraPay', type: 'ataraPayApi', data } as never,
		);

	it('passes with both keys and names the missing ones otherwise', async () => {
		expect(await test(ATARAPAY_KEYS)).toMatchObject({ status: 'OK' });
		expect(await test({ ...ATARAPAY_KEYS, privateKey: ' ' })).toEqual({
			status: 'Error',
			message: expect.stringContaining('Private Key'),
		});
	});
});

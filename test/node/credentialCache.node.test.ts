// The trigger reuses a loaded credential briefly (n8n holds its expression isolate while webhook()
// runs, so a database read per callback slows every other callback); re-activation reloads it.
import { AtaraPayTrigger } from '../../nodes/AtaraPay/AtaraPayTrigger.node';
import { ATARAPAY_KEYS, ataraPayCallback, ataraPayOrder } from '../helpers/ataraPayFixtures';
import { TriggerHarness, jsonRequest, onlyItem } from '../helpers/webhookHarness';

const harness = () =>
	new TriggerHarness({
		nodeType: new AtaraPayTrigger(),
		typeName: 'n8n-nodes-payment-callbacks.ataraPayTrigger',
		credentialType: 'ataraPayApi',
		credentials: ATARAPAY_KEYS,
	});

const callback = (id: number, keys = ATARAPAY_KEYS) => jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id }), keys }));

describe('credential reuse by the production webhook', () => {
	it('asks n8n for the credential once for many production callbacks', async () => {
		const trigger = harness();
		for (const id of [1, 2, 3]) expect(onlyItem((await trigger.send(callback(id))).result).verified).toBe(true);
		expect(trigger.credentialLoads).toBe(1);
	});

	it('asks every time on the test URL, so test events always use the saved credential', async () => {
		const trigger = harness();
		for (const id of [1, 2]) await trigger.send(callback(id), 'manual');
		expect(trigger.credentialLoads).toBe(2);
	});

	it('uses an edited credential once the workflow is activated again', async () => {
		const trigger = harness();
		expect(onlyItem((await trigger.send(callback(10))).result).verified).toBe(true);
		const newKeys = { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_NEW2' };
		trigger.editCredential(newKeys);
		// until re-activation (or at most CREDENTIAL_CACHE_TTL_MS) the keys loaded before still apply
		expect((await trigger.send(callback(11, newKeys))).response.statusCode).toBe(401);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(onlyItem((await trigger.send(callback(12, newKeys))).result).verified).toBe(true);
		expect((await trigger.send(callback(13))).response.statusCode).toBe(401);
	});
});

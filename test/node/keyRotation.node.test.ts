// Key rotation through each trigger's real webhook(): the credential's "previous" fields keep
// callbacks signed with the old keys working while a provider switches to the new ones.
import { AtaraPayTrigger } from '../../nodes/AtaraPay/AtaraPayTrigger.node';
import { IntraPayTrigger } from '../../nodes/IntraPay/IntraPayTrigger.node';
import { OpttyTrigger } from '../../nodes/Optty/OpttyTrigger.node';
import { ATARAPAY_KEYS, ataraPayCallback } from '../helpers/ataraPayFixtures';
import { INTRAPAY_KEYS, intraPayPayment, signedCallback } from '../helpers/intraPayFixtures';
import { OPTTY_KEYS, opttyHash, opttyNotification } from '../helpers/opttyFixtures';
import {
	TriggerHarness,
	jsonRequest,
	onlyItem,
	rawJsonRequest,
	type FakeRequest,
	type TriggerHarnessOptions,
} from '../helpers/webhookHarness';

type Keys = Record<string, string>;

interface RotationCase {
	title: string;
	trigger: Omit<TriggerHarnessOptions, 'credentials'>;
	current: Keys;
	/** The keys before the rotation, by their current field names. */
	old: Keys;
	/** The credential fields that hold `old`, by current field name. */
	previousFields: Record<string, string>;
	/** Keys where only some of the secrets changed (the rest are current). */
	partlyOld: Keys;
	/** The callback, signed with `keys`. */
	signedWith(keys: Keys): FakeRequest;
	/** The same callback with a signed field changed after signing. */
	tampered(keys: Keys): FakeRequest;
	unsigned(): FakeRequest;
}

const withoutField = (body: Record<string, unknown>, field: string) =>
	Object.fromEntries(Object.entries(body).filter(([name]) => name !== field));

const cases: RotationCase[] = [
	{
		title: 'AtaraPay',
		trigger: { nodeType: new AtaraPayTrigger(), typeName: 'n8n-nodes-payment-callbacks.ataraPayTrigger', credentialType: 'ataraPayApi' },
		current: ATARAPAY_KEYS,
		old: { ...ATARAPAY_KEYS, publicKey: 'TEST_PUBLIC_KEY_OLD0', privateKey: 'TEST_PRIVATE_KEY_OLD1' },
		previousFields: { publicKey: 'previousPublicKey', privateKey: 'previousPrivateKey' },
		partlyOld: { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_OLD1' },
		signedWith: (keys) => jsonRequest(ataraPayCallback({ keys: { publicKey: keys.publicKey, privateKey: keys.privateKey } })),
		tampered(keys) {
			const callback = ataraPayCallback({ keys: { publicKey: keys.publicKey, privateKey: keys.privateKey } });
			return jsonRequest({ ...callback, data: { ...callback.data, amount_payed: 1 } });
		},
		unsigned: () => jsonRequest(withoutField(ataraPayCallback(), 'token')),
	},
	{
		title: 'IntraPay',
		trigger: { nodeType: new IntraPayTrigger(), typeName: 'n8n-nodes-payment-callbacks.intraPayTrigger', credentialType: 'intraPayApi' },
		current: INTRAPAY_KEYS,
		old: { ...INTRAPAY_KEYS, merchantSecretKey: 'sk_merchant_OLD00000', partnerSecretKey: 'sk_partner_OLD11111' },
		previousFields: { merchantSecretKey: 'previousMerchantSecretKey', partnerSecretKey: 'previousPartnerSecretKey' },
		partlyOld: { ...INTRAPAY_KEYS, merchantSecretKey: 'sk_merchant_OLD00000' },
		signedWith: (keys) => rawJsonRequest(signedCallback(intraPayPayment(), 'hmacSha512', keys as typeof INTRAPAY_KEYS)),
		tampered: (keys) =>
			rawJsonRequest(signedCallback(intraPayPayment(), 'hmacSha512', keys as typeof INTRAPAY_KEYS).replace('"5000"', '"9000"')),
		unsigned: () => rawJsonRequest(JSON.stringify(intraPayPayment())),
	},
	{
		title: 'Optty',
		trigger: { nodeType: new OpttyTrigger(), typeName: 'n8n-nodes-payment-callbacks.opttyTrigger', credentialType: 'opttyApi' },
		current: OPTTY_KEYS,
		old: { ...OPTTY_KEYS, hashSecret: 'TEST_HASH_SECRET_OLD2' },
		previousFields: { hashSecret: 'previousHashSecret' },
		partlyOld: { ...OPTTY_KEYS, hashSecret: 'TEST_HASH_SECRET_OLD2' },
		signedWith: (keys) =>
			jsonRequest(opttyNotification({ hash: opttyHash('SUCCESSFUL|ORDER-TEST-0001', 'hex', keys.hashSecret) })),
		tampered: (keys) =>
			jsonRequest(
				opttyNotification({ status: 'DECLINED', hash: opttyHash('SUCCESSFUL|ORDER-TEST-0001', 'hex', keys.hashSecret) }),
			),
		unsigned: () => jsonRequest(withoutField(opttyNotification(), 'hash')),
	},
];

/** The credential during a rotation: new keys in the usual fields, `previous` in the "previous" ones. */
function rotatingCredential(rotation: RotationCase, previous: Keys) {
	const credential: Keys = { ...rotation.current };
	for (const [field, previousField] of Object.entries(rotation.previousFields)) {
		if (previous[field] !== rotation.current[field]) credential[previousField] = previous[field];
	}
	return credential;
}

const allSecrets = (rotation: RotationCase) =>
	[rotation.old, rotation.current].flatMap((keys) =>
		Object.keys(rotation.previousFields).map((field) => keys[field]),
	);

describe.each(cases)('$title Trigger during a key rotation', (rotation) => {
	const harness = (credentials: Keys) => new TriggerHarness({ ...rotation.trigger, credentials });
	const duringRotation = () => harness(rotatingCredential(rotation, rotation.old));

	async function expectRefused(trigger: TriggerHarness, request: FakeRequest) {
		const { result, response } = await trigger.send(request);
		expect(result.workflowData).toBeUndefined();
		expect(response.statusCode).toBe(401);
		for (const secret of allSecrets(rotation)) expect(JSON.stringify(response.body)).not.toContain(secret);
	}

	it('accepts callbacks signed with the new keys and says so', async () => {
		const { result } = await duringRotation().send(rotation.signedWith(rotation.current));
		expect(onlyItem(result)).toMatchObject({ verified: true, verifiedWith: 'current' });
	});

	it('accepts callbacks still signed with the old keys and says so', async () => {
		const { result } = await duringRotation().send(rotation.signedWith(rotation.old));
		expect(onlyItem(result)).toMatchObject({ verified: true, verifiedWith: 'previous' });
	});

	it('accepts callbacks signed with partly changed keys, the unchanged ones standing for themselves', async () => {
		const trigger = harness(rotatingCredential(rotation, rotation.partlyOld));
		const { result } = await trigger.send(rotation.signedWith(rotation.partlyOld));
		expect(onlyItem(result)).toMatchObject({ verifiedWith: 'previous' });
	});

	it('refuses old-key callbacks once the previous keys are cleared', async () => {
		await expectRefused(harness(rotation.current), rotation.signedWith(rotation.old));
	});

	it('refuses forged, tampered, unsigned and wrong-key callbacks while previous keys are set', async () => {
		const trigger = duringRotation();
		const wrongKeys = Object.fromEntries(
			Object.entries(rotation.current).map(([field, value]) => [field, field in rotation.previousFields ? `${value}_WRONG` : value]),
		);
		await expectRefused(trigger, rotation.signedWith(wrongKeys));
		await expectRefused(trigger, rotation.tampered(rotation.old));
		await expectRefused(trigger, rotation.tampered(rotation.current));
		await expectRefused(trigger, rotation.unsigned());
	});

	it('keeps previous keys out of items and log lines', async () => {
		const trigger = duringRotation();
		const { result } = await trigger.send(rotation.signedWith(rotation.old));
		await trigger.send(rotation.tampered(rotation.old));
		const written = JSON.stringify(result.workflowData) + trigger.loggedLines.join('\n');
		expect(trigger.loggedLines.length).toBeGreaterThan(0);
		for (const secret of allSecrets(rotation)) expect(written).not.toContain(secret);
	});
});

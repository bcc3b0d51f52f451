// Key rotation through each trigger's real webhook(): the credential's "previous" fields keep
// callbacks signed with the old keys working while a provider switches to the new ones.
import {
	PROVIDERS,
	triggerHarness,
	withSecret,
	type Keys,
	type ProviderId,
	type TestProvider,
} from '../helpers/providers';
import {
	expectRefused,
	onlyItem,
	type FakeRequest,
	type TriggerHarness,
} from '../helpers/webhookHarness';

/** A provider's rotation: the secrets before it, and the credential fields that hold them. */
interface Rotation {
	/** The secrets before the rotation, by their current field names. */
	oldSecrets: Keys;
	/** The credential fields that hold `oldSecrets`, by current field name. */
	previousFields: Record<string, string>;
}

const ROTATIONS: Record<ProviderId, Rotation> = {
	atarapay: {
		oldSecrets: { publicKey: 'TEST_PUBLIC_KEY_OLD0', privateKey: 'TEST_PRIVATE_KEY_OLD1' },
		previousFields: { publicKey: 'previousPublicKey', privateKey: 'previousPrivateKey' },
	},
	intrapay: {
		oldSecrets: {
			merchantSecretKey: 'sk_merchant_OLD00000',
			partnerSecretKey: 'sk_partner_OLD11111',
		},
		previousFields: {
			merchantSecretKey: 'previousMerchantSecretKey',
			partnerSecretKey: 'previousPartnerSecretKey',
		},
	},
	optty: {
		oldSecrets: { hashSecret: 'TEST_HASH_SECRET_OLD2' },
		previousFields: { hashSecret: 'previousHashSecret' },
	},
	fakepay: {
		oldSecrets: { signingSecret: 'TEST_FAKEPAY_SIGNING_SECRET_OLD' },
		previousFields: { signingSecret: 'previousSigningSecret' },
	},
};

/** A provider during a rotation: its `keys` are the new ones. */
interface RotationCase extends TestProvider {
	/** The keys before the rotation. */
	old: Keys;
	/** The credential fields that hold `old`, by current field name. */
	previousFields: Record<string, string>;
	/** Keys where only the signing secret is old (the rest are current). */
	partlyOld: Keys;
}

const cases: RotationCase[] = PROVIDERS.map((provider) => {
	const { oldSecrets, previousFields } = ROTATIONS[provider.id];
	return {
		...provider,
		old: { ...provider.keys, ...oldSecrets },
		previousFields,
		partlyOld: withSecret(provider, oldSecrets[provider.signingKeyField]),
	};
});

/** The credential during a rotation: new keys in the usual fields, `previous` in the "previous" ones. */
function rotatingCredential(rotation: RotationCase, previous: Keys) {
	const credential: Keys = { ...rotation.keys };
	for (const [field, previousField] of Object.entries(rotation.previousFields)) {
		if (previous[field] !== rotation.keys[field]) credential[previousField] = previous[field];
	}
	return credential;
}

const allSecrets = (rotation: RotationCase) =>
	[rotation.old, rotation.keys].flatMap((keys) =>
		Object.keys(rotation.previousFields).map((field) => keys[field]),
	);

describe.each(cases)('$name Trigger during a key rotation', (rotation) => {
	const harness = (credentials: Keys) => triggerHarness(rotation, { credentials });
	const duringRotation = () => harness(rotatingCredential(rotation, rotation.old));

	const sendAndExpectRefused = async (trigger: TriggerHarness, request: FakeRequest) =>
		expectRefused(await trigger.send(request), 401, allSecrets(rotation));

	it('accepts callbacks signed with the new keys and says so', async () => {
		const { result } = await duringRotation().send(rotation.signedWith(rotation.keys));
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
		await sendAndExpectRefused(harness(rotation.keys), rotation.signedWith(rotation.old));
	});

	it('refuses forged, tampered, unsigned and wrong-key callbacks while previous keys are set', async () => {
		const trigger = duringRotation();
		const wrongKeys = Object.fromEntries(
			Object.entries(rotation.keys).map(([field, value]) => [
				field,
				field in rotation.previousFields ? `${value}_WRONG` : value,
			]),
		);
		await sendAndExpectRefused(trigger, rotation.signedWith(wrongKeys));
		await sendAndExpectRefused(trigger, rotation.tampered(rotation.old));
		await sendAndExpectRefused(trigger, rotation.tampered(rotation.keys));
		await sendAndExpectRefused(trigger, rotation.unsigned());
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

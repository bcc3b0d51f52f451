// Contract between each provider and its credential type: every field a provider names exists, and every
// field of the credential is read by something and says what for (a field nothing reads goes).
import { readFileSync } from 'fs';
import { join } from 'path';

import type { ICredentialType } from 'n8n-workflow';

import { ataraPay } from '../../nodes/AtaraPay/provider';
import { intraPay } from '../../nodes/IntraPay/provider';
import type { CallbackProvider } from '../../nodes/shared/provider';
import { ATARAPAY_KEYS, ataraPayCallback } from '../helpers/ataraPayFixtures';
import { INTRAPAY_KEYS, intraPayPayment, signedCallback } from '../helpers/intraPayFixtures';
import { PROVIDERS, type ProviderId } from '../helpers/providers';

/** Credential fields read outside the provider's data, and the file that reads each. */
const READ_ELSEWHERE: Record<ProviderId, Record<string, string>> = {
	atarapay: {},
	intrapay: {},
	// the API base URLs of the credential test and of "Confirm with Optty API"
	optty: {
		environment: 'nodes/Optty/confirmation.ts',
		authUrl: 'nodes/Optty/confirmation.ts',
		apiUrl: 'nodes/Optty/confirmation.ts',
	},
	fakepay: {},
};

// each provider with the credential type its registry entry names
const CASES: Array<{
	provider: CallbackProvider;
	credential: ICredentialType;
	readElsewhere: Record<string, string>;
}> = PROVIDERS.map(({ id, provider, credential }) => ({
	provider,
	credential,
	readElsewhere: READ_ELSEWHERE[id],
}));

/** Every credential field the provider's data names: required secrets, key fields and their previous fields. */
function fieldsNamedBy(provider: CallbackProvider) {
	return [
		...provider.requiredSecrets.map((secret) => secret.field),
		...provider.signature.keyFields.flatMap(({ field, previousField }) =>
			previousField ? [field, previousField] : [field],
		),
	];
}

describe.each(CASES)(
	'$credential.displayName credential',
	({ provider, credential, readElsewhere }) => {
		const properties = new Map(credential.properties.map((property) => [property.name, property]));

		it("is the credential type the provider's trigger asks for", () => {
			expect(credential.name).toBe(provider.credentialType);
		});

		it('has every field the provider names', () => {
			const named = fieldsNamedBy(provider);
			expect(named.length).toBeGreaterThan(0);
			for (const field of named) expect([field, properties.has(field)]).toEqual([field, true]);
		});

		it('names each required secret as the credential shows it (the activation error uses that name)', () => {
			for (const secret of provider.requiredSecrets) {
				expect([secret.field, secret.label]).toEqual([
					secret.field,
					properties.get(secret.field)?.displayName,
				]);
			}
		});

		it('has no field that nothing reads', () => {
			const named = new Set(fieldsNamedBy(provider));
			for (const [field, file] of Object.entries(readElsewhere)) {
				const source = readFileSync(join(__dirname, '../..', file), 'utf8');
				expect([field, new RegExp(`[.'"]${field}\\b`).test(source)]).toEqual([field, true]);
			}
			for (const field of properties.keys()) {
				expect([field, named.has(field) || field in readElsewhere]).toEqual([field, true]);
			}
		});

		it('says in each description what the field is for', () => {
			for (const { name, description = '' } of credential.properties) {
				expect([
					name,
					description.length > 40,
					/not used|unused|does not verify/i.test(description),
				]).toEqual([name, true, false]);
			}
		});
	},
);

describe('credentials saved with fields this version removed', () => {
	// n8n keeps the stored values; nothing reads them, so callbacks verify as before
	const input = <Payload>(fields: Record<string, unknown>, payload: Payload, rawBody?: string) => ({
		fields,
		payload,
		rawBody: rawBody === undefined ? undefined : Buffer.from(rawBody),
		headers: {},
	});

	it('AtaraPay: a credential still holding an Environment verifies', () => {
		const { token: _token, ...rest } = ataraPayCallback();
		const payload = ataraPay.payloadSchema.parse(rest);
		for (const environment of ['live', 'staging']) {
			const credentials = { ...ATARAPAY_KEYS, environment };
			expect(ataraPay.verify(input(ataraPayCallback(), payload), credentials, {})).toEqual({
				ok: true,
				verified: true,
			});
		}
	});

	it('IntraPay: a credential still holding a Partner Public Key verifies', () => {
		const body = signedCallback(intraPayPayment());
		const fields = JSON.parse(body) as Record<string, unknown>;
		const { signature: _signature, ...rest } = fields;
		const payload = intraPay.payloadSchema.parse(rest);
		expect(INTRAPAY_KEYS.partnerPublicKey).toMatch(/^pk_partner_/);
		expect(intraPay.verify(input(fields, payload, body), INTRAPAY_KEYS, {})).toEqual({
			ok: true,
			verified: true,
		});
	});
});

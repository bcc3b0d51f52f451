// The providers the tests run, written once for the unit, node and package tests: each entry of the
// product's registry (nodes/providers.ts), then the test-only ones (fakeProvider/registry.ts), with
// the trigger node and credential each entry names, and the fixtures that sign its callbacks
// independently of the code under test. A test that needs more per provider keeps it in a table
// typed Record<ProviderId, ...>, so a new provider makes TypeScript ask for its entry.
import { join } from 'path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import { PROVIDERS as PRODUCT_REGISTRY, type ProviderEntry } from '../../nodes/providers';
import type { CallbackProvider } from '../../nodes/shared/provider';
import { ATARAPAY_KEYS, ataraPayCallback } from './ataraPayFixtures';
import { FAKEPAY_KEYS, fakePayCallback } from './fakeProvider/fixtures';
import { FAKE_PROVIDERS } from './fakeProvider/registry';
import { INTRAPAY_KEYS, intraPayPayment, signedCallback } from './intraPayFixtures';
import { OPTTY_KEYS, SPEC_OPTTY, opttyHash, opttyNotification } from './opttyFixtures';
import {
	TriggerHarness,
	jsonRequest,
	rawJsonRequest,
	type FakeRequest,
	type TriggerHarnessOptions,
} from './webhookHarness';

const PACKAGE_NAME = (require('../../package.json') as { name: string }).name;
const ROOT = join(__dirname, '..', '..');

export type ProductProviderId = keyof typeof PRODUCT_REGISTRY;
export type ProviderId = ProductProviderId | keyof typeof FAKE_PROVIDERS;

/** The one class a node or credential file exports, instantiated as n8n does. */
const instanceIn = <T>(file: string): T => {
	const Class = Object.values(require(file) as Record<string, new () => T>)[0];
	return new Class();
};

interface RegisteredProvider {
	id: ProviderId;
	provider: CallbackProvider;
	nodeType: INodeType;
	credential: ICredentialType;
}

/** A registry's entries, with the node and credential loaded from the files each entry names. */
const entriesOf = (
	registry: Record<string, ProviderEntry>,
	nodeDir: string,
	credentialDir: string,
) =>
	Object.entries(registry).map(
		([id, { provider, node, credential }]): RegisteredProvider => ({
			id: id as ProviderId,
			provider,
			nodeType: instanceIn<INodeType>(join(nodeDir, `${node}.node`)),
			credential: instanceIn<ICredentialType>(join(credentialDir, `${credential}.credentials`)),
		}),
	);

const PRODUCT_ENTRIES = entriesOf(PRODUCT_REGISTRY, join(ROOT, 'nodes'), join(ROOT, 'credentials'));
/** Never shipped: proves that a provider added by the checklist passes the shared contract tests. */
const FAKE_ENTRIES = entriesOf(
	FAKE_PROVIDERS,
	join(__dirname, 'fakeProvider'),
	join(__dirname, 'fakeProvider'),
);

export type Keys = Record<string, string>;

/** What the tests sign a provider's callbacks with (the fake keys of docs/protocols.md §5). */
export interface ProviderFixtures {
	/** The credential of the test account: complete. */
	keys: Keys;
	/** Credential fields whose values must never show in an answer, item or log line. */
	secretKeyFields: readonly string[];
	/** The secret every signature depends on: set to another value, `keys` sign differently. */
	signingKeyField: string;
	/** The top-level field of a callback that holds its token, signature or hash. */
	secretField: string;
	/** The fixtures' standard callback, signed with `keys`. */
	signedWith(keys: Keys): FakeRequest;
	/** The same callback signed with `keys`, then a signed value changed. */
	tampered(keys: Keys): FakeRequest;
	/** The same callback without its token, signature or hash. */
	unsigned(): FakeRequest;
}

const withoutField = (body: Record<string, unknown>, field: string) =>
	Object.fromEntries(Object.entries(body).filter(([name]) => name !== field));

const ataraPaySignedWith = ({ publicKey, privateKey }: Keys) =>
	ataraPayCallback({ keys: { publicKey, privateKey } });
const intraPaySignedWith = (keys: Keys) =>
	signedCallback(intraPayPayment(), 'hmacSha512', keys as typeof INTRAPAY_KEYS);
/** Optty's hash over the standard notification's "{status}|{orderReference}". */
const opttyHashWith = (keys: Keys) => opttyHash(SPEC_OPTTY.message, 'hex', keys.hashSecret);

const FIXTURES = {
	atarapay: {
		keys: ATARAPAY_KEYS,
		// the public key is not secret: AtaraPay's docs print it, a forger may know it
		secretKeyFields: ['privateKey'],
		signingKeyField: 'privateKey',
		secretField: 'token',
		signedWith: (keys) => jsonRequest(ataraPaySignedWith(keys)),
		tampered(keys) {
			const callback = ataraPaySignedWith(keys);
			return jsonRequest({ ...callback, data: { ...callback.data, amount_payed: 1 } });
		},
		unsigned: () => jsonRequest(withoutField(ataraPayCallback(), 'token')),
	},
	intrapay: {
		keys: INTRAPAY_KEYS,
		secretKeyFields: ['merchantSecretKey', 'partnerSecretKey'],
		signingKeyField: 'merchantSecretKey',
		secretField: 'signature',
		signedWith: (keys) => rawJsonRequest(intraPaySignedWith(keys)),
		tampered: (keys) => rawJsonRequest(intraPaySignedWith(keys).replace('"5000"', '"9000"')),
		unsigned: () => rawJsonRequest(JSON.stringify(intraPayPayment())),
	},
	optty: {
		keys: OPTTY_KEYS,
		secretKeyFields: ['hashSecret', 'clientSecret'],
		signingKeyField: 'hashSecret',
		secretField: 'hash',
		signedWith: (keys) => jsonRequest(opttyNotification({ hash: opttyHashWith(keys) })),
		tampered: (keys) =>
			jsonRequest(opttyNotification({ status: 'DECLINED', hash: opttyHashWith(keys) })),
		unsigned: () => jsonRequest(withoutField(opttyNotification(), 'hash')),
	},
	fakepay: {
		keys: FAKEPAY_KEYS,
		secretKeyFields: ['signingSecret'],
		signingKeyField: 'signingSecret',
		secretField: 'signature',
		signedWith: (keys) => jsonRequest(fakePayCallback({}, keys.signingSecret)),
		tampered: (keys) => jsonRequest({ ...fakePayCallback({}, keys.signingSecret), amount: 99999 }),
		unsigned: () => jsonRequest(withoutField(fakePayCallback(), 'signature')),
	},
} satisfies Record<ProviderId, ProviderFixtures>;

export interface TestProvider extends ProviderFixtures {
	id: ProviderId;
	/** As the product names the provider: "AtaraPay", "IntraPay", "Optty". */
	name: string;
	provider: CallbackProvider;
	nodeType: INodeType;
	/** The credential type the registry entry names. */
	credential: ICredentialType;
	/** How the harness runs the node: its type name and credential type as n8n reads them from the node. */
	trigger: Omit<TriggerHarnessOptions, 'credentials'>;
	/** The standard callback, signed with the test keys. */
	genuine(): FakeRequest;
	/** The token, signature or hash a request carries. */
	secretIn(request: FakeRequest): string;
}

const testProvider = ({ id, provider, nodeType, credential }: RegisteredProvider): TestProvider => {
	const fixtures: ProviderFixtures = FIXTURES[id];
	const { name, credentials } = nodeType.description;
	return {
		...fixtures,
		id,
		name: provider.displayName,
		provider,
		nodeType,
		credential,
		// the credential type the node declares, as n8n would ask for it
		trigger: {
			nodeType,
			typeName: `${PACKAGE_NAME}.${name}`,
			credentialType: credentials![0].name,
		},
		genuine: () => fixtures.signedWith(fixtures.keys),
		secretIn: (request) => String((request.body as Record<string, unknown>)[fixtures.secretField]),
	};
};

/** The providers the package ships, in the registry's order: what the package and simulator tests check. */
export const PRODUCT_PROVIDERS: readonly TestProvider[] = PRODUCT_ENTRIES.map(testProvider);

/** What the shared contract tests iterate: the product's providers and the test-only FakePay. */
export const PROVIDERS: readonly TestProvider[] = [...PRODUCT_ENTRIES, ...FAKE_ENTRIES].map(
	testProvider,
);

export function providerById(id: ProviderId): TestProvider {
	return PROVIDERS.find((entry) => entry.id === id)!;
}

export const ATARAPAY = providerById('atarapay');
export const INTRAPAY = providerById('intrapay');
export const OPTTY = providerById('optty');
export const FAKEPAY = providerById('fakepay');

/**
 * The provider's test keys with `value` for the secret every signature depends on: the keys of
 * another account, or of a credential where only that secret is rotated.
 */
export const withSecret = (provider: TestProvider, value: string): Keys => ({
	...provider.keys,
	[provider.signingKeyField]: value,
});

/** The provider's trigger node in a harness, with the test keys unless `overrides` says otherwise. */
export function triggerHarness(
	provider: TestProvider,
	overrides: Partial<TriggerHarnessOptions> = {},
) {
	return new TriggerHarness({ ...provider.trigger, credentials: provider.keys, ...overrides });
}

/** triggerHarness for one provider: the `harness(overrides)` of a test file about its trigger. */
export const harnessOf =
	(provider: TestProvider) =>
	(overrides: Partial<TriggerHarnessOptions> = {}) =>
		triggerHarness(provider, overrides);

// The providers the package supports, written once for the unit, node and package tests: each of the
// product's provider modules (nodes/*/provider.ts) with its trigger node, and the fixtures that sign
// its callbacks independently of the code under test. A test that needs more per provider keeps it
// in a table typed Record<ProviderId, ...>, so a new provider makes TypeScript ask for its entry.
import type { INodeType } from 'n8n-workflow';

import { AtaraPayTrigger } from '../../nodes/AtaraPay/AtaraPayTrigger.node';
import { ataraPay } from '../../nodes/AtaraPay/provider';
import { IntraPayTrigger } from '../../nodes/IntraPay/IntraPayTrigger.node';
import { intraPay } from '../../nodes/IntraPay/provider';
import { OpttyTrigger } from '../../nodes/Optty/OpttyTrigger.node';
import { optty } from '../../nodes/Optty/provider';
import type { CallbackProvider } from '../../nodes/shared/provider';
import { ATARAPAY_KEYS, ataraPayCallback } from './ataraPayFixtures';
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

/**
 * The product's provider modules with their trigger nodes, in the order the package declares them.
 * Once the product keeps a registry of its providers, this list is read from it.
 */
const PRODUCT_PROVIDERS: ReadonlyArray<{ provider: CallbackProvider; nodeType: INodeType }> = [
	{ provider: ataraPay, nodeType: new AtaraPayTrigger() },
	{ provider: intraPay, nodeType: new IntraPayTrigger() },
	{ provider: optty, nodeType: new OpttyTrigger() },
];

export type Keys = Record<string, string>;

/** What the tests sign a provider's callbacks with (the fake keys of docs/protocols.md §5). */
export interface ProviderFixtures {
	/** The credential of the test account: complete. */
	keys: Keys;
	/** Credential fields whose values must never show in an answer, item or log line. */
	secretKeyFields: readonly string[];
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

const ataraPaySignedWith = ({ publicKey, privateKey }: Keys) => ataraPayCallback({ keys: { publicKey, privateKey } });
const intraPaySignedWith = (keys: Keys) =>
	signedCallback(intraPayPayment(), 'hmacSha512', keys as typeof INTRAPAY_KEYS);
/** Optty's hash over the standard notification's "{status}|{orderReference}". */
const opttyHashWith = (keys: Keys) => opttyHash(SPEC_OPTTY.message, 'hex', keys.hashSecret);

const FIXTURES = {
	atarapay: {
		keys: ATARAPAY_KEYS,
		// the public key is not secret: AtaraPay's docs print it, a forger may know it
		secretKeyFields: ['privateKey'],
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
		secretField: 'signature',
		signedWith: (keys) => rawJsonRequest(intraPaySignedWith(keys)),
		tampered: (keys) => rawJsonRequest(intraPaySignedWith(keys).replace('"5000"', '"9000"')),
		unsigned: () => rawJsonRequest(JSON.stringify(intraPayPayment())),
	},
	optty: {
		keys: OPTTY_KEYS,
		secretKeyFields: ['hashSecret', 'clientSecret'],
		secretField: 'hash',
		signedWith: (keys) => jsonRequest(opttyNotification({ hash: opttyHashWith(keys) })),
		tampered: (keys) => jsonRequest(opttyNotification({ status: 'DECLINED', hash: opttyHashWith(keys) })),
		unsigned: () => jsonRequest(withoutField(opttyNotification(), 'hash')),
	},
} satisfies Record<string, ProviderFixtures>;

export type ProviderId = keyof typeof FIXTURES;

export interface TestProvider extends ProviderFixtures {
	id: ProviderId;
	/** As the product names the provider: "AtaraPay", "IntraPay", "Optty". */
	name: string;
	provider: CallbackProvider;
	nodeType: INodeType;
	/** How the harness runs the node: its type name and credential type as n8n reads them from the node. */
	trigger: Omit<TriggerHarnessOptions, 'credentials'>;
	/** The standard callback, signed with the test keys. */
	genuine(): FakeRequest;
	/** The token, signature or hash a request carries. */
	secretIn(request: FakeRequest): string;
}

const isProviderId = (id: string): id is ProviderId => Object.prototype.hasOwnProperty.call(FIXTURES, id);

export const PROVIDERS: readonly TestProvider[] = PRODUCT_PROVIDERS.map(({ provider, nodeType }) => {
	// a provider added to the product fails every test file here until it has fixtures
	if (!isProviderId(provider.id)) {
		throw new Error(`test/helpers/providers.ts has no fixtures for provider "${provider.id}"`);
	}
	const fixtures: ProviderFixtures = FIXTURES[provider.id];
	const { name, credentials } = nodeType.description;
	return {
		...fixtures,
		id: provider.id,
		name: provider.displayName,
		provider,
		nodeType,
		// the credential type the node declares, as n8n would ask for it
		trigger: { nodeType, typeName: `${PACKAGE_NAME}.${name}`, credentialType: credentials![0].name },
		genuine: () => fixtures.signedWith(fixtures.keys),
		secretIn: (request) => String((request.body as Record<string, unknown>)[fixtures.secretField]),
	};
});

export function providerById(id: ProviderId): TestProvider {
	return PROVIDERS.find((entry) => entry.id === id)!;
}

export const ATARAPAY = providerById('atarapay');
export const INTRAPAY = providerById('intrapay');
export const OPTTY = providerById('optty');

/** The provider's trigger node in a harness, with the test keys unless `overrides` says otherwise. */
export function triggerHarness(provider: TestProvider, overrides: Partial<TriggerHarnessOptions> = {}) {
	return new TriggerHarness({ ...provider.trigger, credentials: provider.keys, ...overrides });
}

import { ataraPay } from './AtaraPay/provider';
import { intraPay } from './IntraPay/provider';
import { optty } from './Optty/provider';
import type { CallbackProvider } from './shared/provider';

// The package's providers, one line each. The node files, the simulator, the output-schema
// generator and the tests all read this list, so a provider cannot be half added: the generator
// fails when package.json's n8n section and this list disagree, the simulator does not compile
// without the provider's simulation, and the tests run their shared contract tests for each line.

/** Where a provider's node and credential are, besides its module. */
export interface ProviderEntry {
	// `any`: each provider has its own payload type; the pipeline takes them all alike
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	provider: CallbackProvider<any>;
	/** The node file under nodes/, without `.node.ts`: package.json declares it as dist/nodes/<node>.node.js. */
	node: string;
	/** The credential file under credentials/, without `.credentials.ts`. */
	credential: string;
}

/** Keyed by each provider's `id` (a test checks they agree). */
export const PROVIDERS = {
	atarapay: { provider: ataraPay, node: 'AtaraPay/AtaraPayTrigger', credential: 'AtaraPayApi' },
	intrapay: { provider: intraPay, node: 'IntraPay/IntraPayTrigger', credential: 'IntraPayApi' },
	optty: { provider: optty, node: 'Optty/OpttyTrigger', credential: 'OpttyApi' },
} as const satisfies Record<string, ProviderEntry>;

export type ProviderId = keyof typeof PROVIDERS;

/** The ids in the order package.json declares the nodes. */
export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

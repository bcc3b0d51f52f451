// The end-to-end suite of each provider in the product registry (nodes/providers.ts), written once:
// the real-n8n and queue-mode runs, the load test and the benchmarks take their providers from here.
// Typed by the registry's ids, so a provider added there does not compile until it has its suite.
import { PROVIDER_IDS, type ProviderId } from '../../nodes/providers';
import { ataraPaySuite } from './ataraPay.e2e';
import { intraPaySuite } from './intraPay.e2e';
import { opttySuite } from './optty.e2e';
import type { ProviderSuite } from './suite';

const SUITES: { [Id in ProviderId]: ProviderSuite<Id> } = {
	atarapay: ataraPaySuite,
	intrapay: intraPaySuite,
	optty: opttySuite,
};

/** In the registry's order. */
export const PROVIDER_SUITES: readonly ProviderSuite[] = PROVIDER_IDS.map((id) => SUITES[id]);

export const suiteOf = (id: ProviderId): ProviderSuite => SUITES[id];

/** The provider an environment variable names, checked against the registry. */
export function providerIdOf(name: string): ProviderId {
	if (!(PROVIDER_IDS as string[]).includes(name))
		throw new Error(`unknown provider "${name}": one of ${PROVIDER_IDS.join(', ')}`);
	return name as ProviderId;
}

/** The providers a comma-separated list names (an environment variable's value). */
export const providerIdsIn = (list: string) => list.split(',').map(providerIdOf);

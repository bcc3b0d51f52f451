// Every provider's sample callbacks, from the `simulation` module beside its trigger node: the
// simulator signs them with the providers' own code from nodes/, compiled into this package.
import { ataraPaySimulation } from '../../nodes/AtaraPay/simulation';
import { intraPaySimulation } from '../../nodes/IntraPay/simulation';
import { opttySimulation } from '../../nodes/Optty/simulation';
import { PROVIDER_IDS, type ProviderId } from '../../nodes/providers';
import type { CallbackSimulation } from '../../nodes/shared/simulation';

/** One line per provider of the registry (nodes/providers.ts): a provider without one does not compile. */
const SIMULATIONS: Record<ProviderId, CallbackSimulation> = {
	atarapay: ataraPaySimulation,
	intrapay: intraPaySimulation,
	optty: opttySimulation,
};

/** In the registry's order. */
export function loadSimulations(): CallbackSimulation[] {
	return PROVIDER_IDS.map((id) => SIMULATIONS[id]);
}

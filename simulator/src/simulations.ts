// Every provider's sample callbacks, from the \`simulation\` module beside its trigger node: the
// simulator signs them with the providers' own code from nodes/, compiled into this package.
import { ataraPaySimulation } from '../../nodes/AtaraPay/simulation';
import { intraPaySimulation } from '../../nodes/IntraPay/simulation';
import { opttySimulation } from '../../nodes/Optty/simulation';
import type { CallbackSimulation } from '../../nodes/shared/simulation';

/** One line per provider. */
const SIMULATIONS: readonly CallbackSimulation[] = [ataraPaySimulation, intraPaySimulation, opttySimulation];

export function loadSimulations(): CallbackSimulation[] {
	return [...SIMULATIONS];
}

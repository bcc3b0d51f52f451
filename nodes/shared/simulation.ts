import { OTHER_EVENT } from './pipeline';
import type { CallbackProvider } from './provider';

// Sample callbacks for the `simulate` command of the simulator package (simulator/): each provider folder has a `simulation.ts`
// that builds one notification per event and signs it the way the provider does, with the same
// functions its verifier uses. No n8n and no I/O here: the command line sends what these return.

/** A credential setting the signature depends on, given like a key (e.g. IntraPay's scheme). */
export interface SimulationSetting {
	field: string;
	label: string;
	/** Allowed values; the first is the default. */
	choices: readonly string[];
}

/** What to send: one HTTP request body, ready for `fetch`. */
export interface SimulatedRequest {
	contentType: string;
	body: string;
	/** One line for people: what the sample is about, e.g. "order 48213, NGN 4,500.00". */
	summary: string;
}

export interface CallbackSimulation {
	provider: CallbackProvider;
	/** Credential settings besides the provider's required secrets (those are always asked for). */
	settings?: readonly SimulationSetting[];
	/** The order ids the provider uses, when it restricts them (e.g. AtaraPay's are whole numbers). */
	orderIdFormat?: { pattern: RegExp; description: string };
	/** Events the provider sends without a signature, with a note the command prints. */
	unsignedEvents?: Readonly<Record<string, string>>;
	/**
	 * A sample notification of `event` about order `orderId`, signed with `keys` (credential field
	 * name to value: the required secrets and the settings). Unknown events are the caller's mistake.
	 */
	callback(
		event: string,
		orderId: string,
		keys: Readonly<Record<string, string>>,
	): SimulatedRequest;
}

/** Every event a simulation can send: the provider's, and the pipeline's catch-all "other". */
export const eventsOf = (simulation: CallbackSimulation) => [
	...simulation.provider.events,
	OTHER_EVENT,
];

/** The secrets a simulation signs with: the provider's required secrets that no option switches on. */
export const signingSecretsOf = (simulation: CallbackSimulation) =>
	simulation.provider.requiredSecrets.filter((secret) => secret.whenOption === undefined);

/**
 * A new order id for each run, so each run is a new notification (not a duplicate): the clock in
 * milliseconds, cut to 10 digits (it repeats after 115 days, far beyond the 7-day duplicate window).
 */
export const newOrderNumber = (now = Date.now()) => String(now % 1e10).padStart(10, '1');

/** "NGN 4,500.00" */
export const formatMoney = (currency: string, major: number) =>
	`${currency} ${major.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

import { toText } from './money';
import type { ProviderEvent } from './provider';

/**
 * The id of the event whose `statuses` name a status value (IntraPay's payment status, Optty's status):
 * one table gives both the Events filter and the classification, so they cannot disagree. Values compare
 * trimmed and without case; the first value that names an event wins; none gives undefined.
 */
export function eventOfStatus(
	events: readonly ProviderEvent[],
	...values: unknown[]
): string | undefined {
	for (const value of values) {
		const status = toText(value)?.toUpperCase();
		const event = status && events.find((candidate) => candidate.statuses?.includes(status));
		if (event) return event.id;
	}
	return undefined;
}

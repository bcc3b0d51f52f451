import { createHash } from 'crypto';

/** How many accepted callbacks are remembered, and for how long. Bounds the workflow's static data. */
export const RECENT_CALLBACKS_LIMIT = 1000;
export const RECENT_CALLBACKS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Lives in the node's workflow static data, which n8n saves after each production call. */
export interface RecentCallbacksState {
	/** Fingerprint of a dedupe key -> when it was accepted (ms since epoch), oldest first. */
	recentCallbacks?: Record<string, number>;
}

/** A short, fixed-size fingerprint, so the store stays small whatever the keys look like. */
const fingerprint = (dedupeKey: string) =>
	createHash('sha256').update(dedupeKey, 'utf8').digest('base64url').slice(0, 22);

/**
 * Remembers which callbacks were accepted recently. Insertion order is acceptance order, so the
 * oldest entries are the first ones dropped when the store is over its limit or window.
 */
export class RecentCallbacks {
	constructor(
		private readonly state: RecentCallbacksState,
		private readonly limit = RECENT_CALLBACKS_LIMIT,
		private readonly windowMs = RECENT_CALLBACKS_WINDOW_MS,
	) {}

	/**
	 * Records `dedupeKey` as accepted now, unless it already was within the window.
	 * Returns false for such a repeat (which is left as it was), true for a new notification.
	 */
	acceptOnce(dedupeKey: string, now: number): boolean {
		const seen = (this.state.recentCallbacks ??= {});
		const key = fingerprint(dedupeKey);
		const acceptedAt = seen[key];
		if (acceptedAt !== undefined && now - acceptedAt < this.windowMs) return false;
		delete seen[key]; // an expired entry is re-inserted at the newest end
		seen[key] = now;
		this.prune(seen, now);
		return true;
	}

	private prune(seen: Record<string, number>, now: number) {
		const keys = Object.keys(seen);
		let excess = keys.length - this.limit;
		for (const oldest of keys) {
			if (excess <= 0 && now - seen[oldest] < this.windowMs) break;
			delete seen[oldest];
			excess--;
		}
	}
}

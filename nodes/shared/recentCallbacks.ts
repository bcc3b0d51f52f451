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

/** How many trigger nodes one n8n process keeps a live store for (least recently used dropped). */
const LIVE_STORES_LIMIT = 1000;
const liveStores = new Map<string, RecentCallbacksState>();

/** The valid entries of a persisted store, oldest first (acceptance order). */
function persistedEntries(persisted: Record<string, number> | undefined): Record<string, number> {
	const entries = Object.entries(persisted ?? {}).filter(([, acceptedAt]) => typeof acceptedAt === 'number');
	return Object.fromEntries(entries.sort(([, a], [, b]) => a - b));
}

export interface LiveRecentCallbacks {
	recentCallbacks: RecentCallbacks;
	/** Copies the live store into the static data n8n saves after the request. */
	persist(): void;
}

/**
 * The duplicate store of one trigger node, shared by every request this n8n process handles for it.
 * n8n hands each request its own copy of the workflow's static data and saves that copy afterwards,
 * so concurrent requests would each check a stale copy and overwrite each other's entries. Checking
 * one live store per node makes check-and-record atomic within the process. It starts from the
 * persisted copy (entries survive restarts), read once; `persist` writes it back.
 */
export function liveRecentCallbacks(nodeKey: string, persisted: RecentCallbacksState): LiveRecentCallbacks {
	const live = liveStores.get(nodeKey) ?? { recentCallbacks: persistedEntries(persisted.recentCallbacks) };
	liveStores.delete(nodeKey); // re-inserted as the most recently used
	liveStores.set(nodeKey, live);
	if (liveStores.size > LIVE_STORES_LIMIT) liveStores.delete(liveStores.keys().next().value as string);

	return {
		recentCallbacks: new RecentCallbacks(live),
		persist: () => {
			persisted.recentCallbacks = { ...live.recentCallbacks };
		},
	};
}

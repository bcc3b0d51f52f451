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
		/** Told after each newly accepted callback, e.g. to copy the store somewhere durable. */
		private readonly onAccepted?: (seen: Record<string, number>) => void,
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
		this.onAccepted?.(seen);
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

/** Adds the persisted entries the live store lacks, keeping acceptance order. */
function mergePersisted(live: Record<string, number>, persisted: Record<string, number> | undefined) {
	const missing = Object.entries(persisted ?? {}).filter(
		([key, acceptedAt]) => live[key] === undefined && typeof acceptedAt === 'number',
	);
	if (missing.length === 0) return;
	const merged = [...Object.entries(live), ...missing].sort(([, a], [, b]) => a - b);
	for (const key of Object.keys(live)) delete live[key];
	for (const [key, acceptedAt] of merged) live[key] = acceptedAt;
}

/**
 * The duplicate store of one trigger node, shared by every request this n8n process handles for it.
 * n8n hands each request its own copy of the workflow's static data and saves that copy afterwards,
 * so concurrent requests would each check a stale copy and overwrite each other's entries. Checking
 * one live store per node makes check-and-record atomic within the process. The persisted copy is
 * merged in (entries survive restarts) and is replaced by the live store after each acceptance.
 */
export function liveRecentCallbacks(nodeKey: string, persisted: RecentCallbacksState): RecentCallbacks {
	const live = liveStores.get(nodeKey) ?? { recentCallbacks: {} };
	liveStores.delete(nodeKey); // re-inserted as the most recently used
	liveStores.set(nodeKey, live);
	if (liveStores.size > LIVE_STORES_LIMIT) liveStores.delete(liveStores.keys().next().value as string);

	const seen = (live.recentCallbacks ??= {});
	mergePersisted(seen, persisted.recentCallbacks);
	return new RecentCallbacks(live, RECENT_CALLBACKS_LIMIT, RECENT_CALLBACKS_WINDOW_MS, (accepted) => {
		persisted.recentCallbacks = { ...accepted };
	});
}

import { createHash, randomUUID } from 'crypto';

/** How many accepted callbacks are remembered, and for how long. Bounds the workflow's static data. */
export const RECENT_CALLBACKS_LIMIT = 1000;
export const RECENT_CALLBACKS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Fingerprint of a dedupe key -> when it was accepted (ms since epoch). */
export type AcceptedCallbacks = Record<string, number>;

/** Lives in the node's workflow static data, which n8n saves after each production call. */
export interface RecentCallbacksState {
	recentCallbacks?: AcceptedCallbacks;
	/** Which live store (one per trigger node and n8n process, random id) saved the store last. */
	savedBy?: string;
}

/** A short, fixed-size fingerprint, so the store stays small whatever the keys look like. */
const fingerprint = (dedupeKey: string) =>
	createHash('sha256').update(dedupeKey, 'utf8').digest('base64url').slice(0, 22);

/**
 * Remembers which callbacks were accepted recently: at most `limit`, none older than `windowMs`. When
 * over the limit, the ones accepted longest ago are dropped first.
 */
export class RecentCallbacks {
	constructor(
		private readonly state: RecentCallbacksState,
		private readonly limit = RECENT_CALLBACKS_LIMIT,
		private readonly windowMs = RECENT_CALLBACKS_WINDOW_MS,
	) {}

	private get seen() {
		return (this.state.recentCallbacks ??= {});
	}

	/**
	 * Records `dedupeKey` as accepted now, unless it already was within the window.
	 * Returns false for such a repeat (which is left as it was), true for a new notification.
	 */
	acceptOnce(dedupeKey: string, now: number): boolean {
		const seen = this.seen;
		const key = fingerprint(dedupeKey);
		const acceptedAt = seen[key];
		if (acceptedAt !== undefined && now - acceptedAt < this.windowMs) return false;
		seen[key] = now;
		this.prune(now);
		return true;
	}

	/**
	 * Adds what another copy of the store holds (a copy saved by another n8n process, or before a
	 * restart), keeping the earlier time where both hold a callback. Changes the store in place: copies
	 * n8n is about to save point at it. Returns whether the other copy lacks a callback this store holds
	 * (another process saved over this one's entries). Runs for every production callback whose saved
	 * copy another store wrote: one pass over each store, no copies.
	 */
	merge(other: AcceptedCallbacks | undefined, now: number): boolean {
		const seen = this.seen;
		let current = 0;
		for (const key in other ?? {}) {
			const acceptedAt = other![key];
			if (typeof acceptedAt !== 'number' || now - acceptedAt >= this.windowMs) continue;
			current++;
			const known = seen[key];
			if (known !== undefined && known <= acceptedAt) continue;
			seen[key] = acceptedAt;
		}
		// the store now holds every current entry of the other copy: more means the copy lacks some
		return this.prune(now) > current;
	}

	/**
	 * Drops expired entries, then the oldest ones over the limit (usually one: found in the same pass).
	 * Returns how many current entries there were before the limit applied.
	 */
	private prune(now: number): number {
		const seen = this.seen;
		let count = 0;
		let oldest: string | undefined;
		for (const key in seen) {
			if (now - seen[key] >= this.windowMs) delete seen[key];
			else {
				count++;
				if (oldest === undefined || seen[key] < seen[oldest]) oldest = key;
			}
		}
		const excess = count - this.limit;
		if (excess > 0) delete seen[oldest!];
		if (excess > 1) {
			const oldestFirst = Object.keys(seen).sort((a, b) => seen[a] - seen[b]);
			for (const key of oldestFirst.slice(0, excess - 1)) delete seen[key];
		}
		return count;
	}
}

/** How many trigger nodes one n8n process keeps a live store for (least recently used dropped). */
const LIVE_STORES_LIMIT = 1000;
interface LiveStore {
	id: string;
	state: RecentCallbacksState;
}
const liveStores = new Map<string, LiveStore>();

export interface LiveRecentCallbacks {
	recentCallbacks: RecentCallbacks;
	/**
	 * Whether the saved copy this request was handed lacks a callback this process accepted: another
	 * n8n process saved over it, and saving this process's store puts it back.
	 */
	savedCopyIsBehind: boolean;
	/**
	 * Points the static data n8n saves after the request at the live store and marks it changed.
	 * By reference, so what n8n writes is the store as it is when n8n saves, with whatever other
	 * requests accepted meanwhile.
	 */
	persist(): void;
}

/**
 * The duplicate store of one trigger node in this n8n process, shared by every request it handles
 * for that node, so check-and-record is atomic within the process (n8n hands each request its own
 * copy of the static data). Each request first merges the saved copy n8n loaded for it, so callbacks
 * accepted by other processes (queue mode's webhook processes, or this one before a restart) count
 * too, and the store this process saves holds theirs as well as its own: processes never erase each
 * other's entries for good.
 */
export function liveRecentCallbacks(nodeKey: string, saved: RecentCallbacksState, now: number): LiveRecentCallbacks {
	const live = liveStores.get(nodeKey) ?? { id: randomUUID(), state: {} };
	liveStores.delete(nodeKey); // re-inserted as the most recently used
	liveStores.set(nodeKey, live);
	if (liveStores.size > LIVE_STORES_LIMIT) liveStores.delete(liveStores.keys().next().value as string);

	const recentCallbacks = new RecentCallbacks(live.state);
	// A copy this live store saved last holds nothing the store does not (n8n saves the store itself),
	// and reading n8n's copy costs a proxy trap per entry: merge only a copy saved by another process.
	const savedCopyIsBehind = saved.savedBy !== live.id && recentCallbacks.merge(saved.recentCallbacks, now);
	return {
		recentCallbacks,
		savedCopyIsBehind,
		persist: () => {
			saved.recentCallbacks = live.state.recentCallbacks ??= {};
			saved.savedBy = live.id;
		},
	};
}

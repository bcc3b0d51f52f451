import { createHash } from 'crypto';

/** How many accepted callbacks are remembered, and for how long. Bounds the workflow's static data. */
export const RECENT_CALLBACKS_LIMIT = 1000;
export const RECENT_CALLBACKS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Fingerprint of a dedupe key -> when it was accepted (ms since epoch), oldest first. */
export type AcceptedCallbacks = Record<string, number>;

/** Lives in the node's workflow static data, which n8n saves after each production call. */
export interface RecentCallbacksState {
	recentCallbacks?: AcceptedCallbacks;
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
		this.prune(now);
		return true;
	}

	/**
	 * Adds what another copy of the store holds (a copy saved by another n8n process, or before a
	 * restart) and drops what is over the limit or window. Keeps the earlier time where both copies
	 * hold a callback. Changes the store in place: copies n8n is about to save point at it.
	 */
	merge(other: AcceptedCallbacks | undefined, now: number) {
		const seen = (this.state.recentCallbacks ??= {});
		let added = false;
		for (const [key, acceptedAt] of Object.entries(other ?? {})) {
			if (typeof acceptedAt !== 'number' || now - acceptedAt >= this.windowMs) continue;
			if (seen[key] !== undefined && seen[key] <= acceptedAt) continue;
			seen[key] = acceptedAt;
			added = true;
		}
		if (added) {
			const entries = Object.entries(seen).sort(([, a], [, b]) => a - b);
			for (const key of Object.keys(seen)) delete seen[key];
			for (const [key, acceptedAt] of entries) seen[key] = acceptedAt;
		}
		this.prune(now);
	}

	/** Whether `other` lacks a callback this store holds. */
	hasMoreThan(other: AcceptedCallbacks | undefined): boolean {
		const seen = this.state.recentCallbacks ?? {};
		return Object.keys(seen).some((key) => other?.[key] === undefined);
	}

	private prune(now: number) {
		const seen = this.state.recentCallbacks ?? {};
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
	const live = liveStores.get(nodeKey) ?? {};
	liveStores.delete(nodeKey); // re-inserted as the most recently used
	liveStores.set(nodeKey, live);
	if (liveStores.size > LIVE_STORES_LIMIT) liveStores.delete(liveStores.keys().next().value as string);

	const savedCopy = saved.recentCallbacks;
	const recentCallbacks = new RecentCallbacks(live);
	recentCallbacks.merge(savedCopy, now);
	return {
		recentCallbacks,
		savedCopyIsBehind: recentCallbacks.hasMoreThan(savedCopy),
		persist: () => {
			saved.recentCallbacks = live.recentCallbacks ??= {};
		},
	};
}

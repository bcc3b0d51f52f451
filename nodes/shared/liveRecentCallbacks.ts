import { randomUUID } from 'crypto';

import { BoundedMap } from './boundedMap';
import { RecentCallbacks, type RecentCallbacksState, type SavedRecentCallbacks } from './recentCallbacks';
import { savedFormOf } from './savedCallbacks';

// The duplicate store as one n8n process holds it: one live store per trigger node, shared by the
// requests the process handles, merged with the copies other processes saved.

/** How many trigger nodes one n8n process keeps a live store for (least recently used dropped). */
const LIVE_STORES_LIMIT = 1000;
interface LiveStore {
	id: string;
	state: RecentCallbacksState;
	/** What the saved copies point at: the accepted callbacks, encoded when n8n saves. */
	savedForm: { toJSON(): string };
	/** A run ended since n8n last saved this store: the saved copy still lists it in flight. */
	runEndedUnsaved: boolean;
}
const liveStores = new BoundedMap<string, LiveStore>(LIVE_STORES_LIMIT);

export interface LiveRecentCallbacks {
	recentCallbacks: RecentCallbacks;
	/**
	 * Whether the saved copy this request was handed lacks a callback this process accepted: another
	 * n8n process saved over it, and saving this process's store puts it back.
	 */
	savedCopyIsBehind: boolean;
	/**
	 * Ends the run of a callback claimed with `acceptAfterRun`: accepted when it succeeded, forgotten
	 * otherwise. n8n saves the outcome with the next request that saves this store.
	 */
	settle(dedupeKey: string, succeeded: boolean, now: number): void;
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
export function liveRecentCallbacks(
	nodeKey: string,
	saved: SavedRecentCallbacks,
	now: number,
	{ acceptAfterRun = false } = {},
): LiveRecentCallbacks {
	let live = liveStores.get(nodeKey);
	if (live === undefined) {
		const state: RecentCallbacksState = {};
		const savedForm = savedFormOf(() => (state.recentCallbacks ??= {}));
		liveStores.set(nodeKey, (live = { id: randomUUID(), state, savedForm, runEndedUnsaved: false }));
	}

	const recentCallbacks = new RecentCallbacks(live.state, undefined, undefined, { owner: live.id, acceptAfterRun });
	// A copy this live store saved last holds nothing the store does not (n8n saves the store itself),
	// and decoding n8n's copy costs a pass over its entries: merge only a copy saved by another process.
	const mergedCopyIsBehind =
		saved.savedBy !== live.id && recentCallbacks.merge(saved.recentCallbacks, now, saved.callbacksInFlight ?? {}, saved.savedBy);
	return {
		recentCallbacks,
		savedCopyIsBehind: live.runEndedUnsaved || mergedCopyIsBehind,
		settle: (dedupeKey, succeeded, at) => {
			if (recentCallbacks.settle(dedupeKey, succeeded, at)) live.runEndedUnsaved = true;
		},
		persist: () => {
			saved.recentCallbacks = live.savedForm;
			saved.callbacksInFlight = live.state.callbacksInFlight ??= {};
			saved.savedBy = live.id;
			live.runEndedUnsaved = false;
		},
	};
}

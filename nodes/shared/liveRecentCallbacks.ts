import { randomUUID } from 'crypto';

import { BoundedMap } from './boundedMap';
import {
	RecentCallbacks,
	type RecentCallbacksState,
	type SavedRecentCallbacks,
} from './recentCallbacks';
import { savedFormOf } from './savedCallbacks';

// The duplicate store as one n8n process holds it: one live store per trigger node, shared by the
// requests the process handles, merged with the copies other processes saved.

/** How many trigger nodes one n8n process keeps a live store for (least recently used dropped). */
const LIVE_STORES_LIMIT = 1000;
interface LiveStore {
	id: string;
	state: RecentCallbacksState;
	/** Counts the changes to save (acceptances, ended runs): a saved copy records the count it holds. */
	version: number;
	/** The version n8n last encoded for a save (whichever request's copy it saved). */
	encodedVersion: number;
	/** What the saved copies point at: the accepted callbacks and the version, encoded when n8n saves. */
	savedForm: { toJSON(): string };
	savedVersionForm: { toJSON(): number };
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
	/**
	 * Points the static data n8n saves at the store and marks it changed, as persist() does, without
	 * counting a change: to save again a copy that is behind, or after n8n cleared the mark.
	 */
	markForSaving(): void;
	/** Whether n8n has encoded the store for a save since this request's last persist(): that save holds it. */
	encodedSincePersist(): boolean;
}

function liveStoreOf(nodeKey: string): LiveStore {
	const known = liveStores.get(nodeKey);
	if (known !== undefined) return known;
	const state: RecentCallbacksState = {};
	const store: LiveStore = {
		id: randomUUID(),
		state,
		version: 0,
		encodedVersion: 0,
		savedForm: savedFormOf(() => (state.recentCallbacks ??= {})),
		savedVersionForm: { toJSON: () => (store.encodedVersion = store.version) },
	};
	liveStores.set(nodeKey, store);
	return store;
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
	const live = liveStoreOf(nodeKey);

	const recentCallbacks = new RecentCallbacks(live.state, undefined, undefined, {
		owner: live.id,
		acceptAfterRun,
	});
	// A copy this live store saved holds a subset of the store (n8n saved the store itself), and decoding
	// n8n's copy costs a pass over its entries: merge only a copy saved by another process. Whether a copy
	// of its own is behind, its version says: saves can reach the database in another order than n8n
	// encoded them, so the last one written may be older than the last one encoded (n8n 1.123's default
	// SQLite driver, DB_SQLITE_POOL_SIZE=0: @n8n/typeorm driver/sqlite/SqliteQueryRunner.js hands each
	// query to node-sqlite3, which runs them in parallel mode, in no set order).
	// (a copy still holding the version's form, as one request's own copy can, is current by definition)
	const ownCopyIsBehind =
		saved.savedBy === live.id &&
		saved.savedVersion !== live.savedVersionForm &&
		saved.savedVersion !== live.version;
	const mergedCopyIsBehind =
		saved.savedBy !== live.id &&
		recentCallbacks.merge(saved.recentCallbacks, now, saved.callbacksInFlight ?? {}, saved.savedBy);
	let persistedVersion = live.version;
	const markForSaving = () => {
		saved.recentCallbacks = live.savedForm;
		saved.callbacksInFlight = live.state.callbacksInFlight ??= {};
		saved.savedBy = live.id;
		saved.savedVersion = live.savedVersionForm;
	};
	return {
		recentCallbacks,
		savedCopyIsBehind: ownCopyIsBehind || mergedCopyIsBehind,
		settle: (dedupeKey, succeeded, at) => {
			if (recentCallbacks.settle(dedupeKey, succeeded, at)) live.version++;
		},
		persist: () => {
			persistedVersion = ++live.version;
			markForSaving();
		},
		markForSaving,
		encodedSincePersist: () => live.encodedVersion >= persistedVersion,
	};
}

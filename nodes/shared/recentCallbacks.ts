import { createHash } from 'crypto';

import {
	forEachSavedCallback,
	type AcceptedCallbacks,
	type SavedAcceptedCallbacks,
} from './savedCallbacks';

/** How many accepted callbacks are remembered, and for how long. Bounds the workflow's static data. */
export const RECENT_CALLBACKS_LIMIT = 1000;
export const RECENT_CALLBACKS_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How long a callback whose workflow is still running ("When Last Node Finishes") holds off repeats
 * without word of how its run ended. The process running it learns the outcome when n8n answers; this
 * bounds how long a repeat that reaches another process, or this one after a restart, is answered
 * "retry later" when that word never came. Longer than a provider waits for an answer.
 */
export const IN_FLIGHT_LEASE_MS = 5 * 60 * 1000;

/** A callback whose workflow run has started and not yet answered: since when, and which live store runs it. */
export interface CallbackInFlight {
	since: number;
	by: string;
}

/** Fingerprint of a dedupe key -> its run in flight. */
export type CallbacksInFlight = Record<string, CallbackInFlight>;

/** What a repeat check says of a callback. */
export type ClaimResult = 'claimed' | 'duplicate' | 'in_flight';

/** The store as this process keeps it in memory. */
export interface RecentCallbacksState {
	recentCallbacks?: AcceptedCallbacks;
	callbacksInFlight?: CallbacksInFlight;
}

/** The store in the node's workflow static data, which n8n saves after a production call changed it. */
export interface SavedRecentCallbacks {
	/** Written as one string (savedCallbacks.ts); an object in copies saved before 0.2. */
	recentCallbacks?: SavedAcceptedCallbacks | { toJSON(): string };
	callbacksInFlight?: CallbacksInFlight;
	/** Which live store (one per trigger node and n8n process, random id) saved the store last. */
	savedBy?: string;
	/** How many changes that live store had made when n8n encoded this copy (a number once written). */
	savedVersion?: number | { toJSON(): number };
}

/** A short, fixed-size fingerprint, so the store stays small whatever the keys look like. */
const fingerprint = (dedupeKey: string) =>
	createHash('sha256').update(dedupeKey, 'utf8').digest('base64url').slice(0, 22);

/**
 * Remembers which callbacks were accepted recently: at most `limit`, none older than `windowMs`. When
 * over the limit, the ones accepted longest ago are dropped first. With `acceptAfterRun`, a new
 * callback counts as accepted only once its run succeeded (`settle`): until then it is in flight,
 * under the `owner`'s name, and a failed run forgets it so the provider's retry runs again.
 */
export class RecentCallbacks {
	constructor(
		private readonly state: RecentCallbacksState,
		private readonly limit = RECENT_CALLBACKS_LIMIT,
		private readonly windowMs = RECENT_CALLBACKS_WINDOW_MS,
		private readonly runs: { owner?: string; acceptAfterRun?: boolean } = {},
	) {}

	private get seen() {
		return (this.state.recentCallbacks ??= {});
	}

	private get inFlight() {
		return (this.state.callbacksInFlight ??= {});
	}

	/**
	 * Takes `dedupeKey` for a new run, unless it was accepted within the window ('duplicate') or a run
	 * of it is still going here or, by a saved copy, in another process ('in_flight'). A repeat leaves
	 * the store as it was.
	 */
	claim(dedupeKey: string, now: number): ClaimResult {
		const key = fingerprint(dedupeKey);
		const acceptedAt = this.seen[key];
		if (acceptedAt !== undefined && now - acceptedAt < this.windowMs) return 'duplicate';
		const running = this.state.callbacksInFlight?.[key];
		if (running !== undefined && now - running.since < IN_FLIGHT_LEASE_MS) return 'in_flight';
		if (this.runs.acceptAfterRun) this.inFlight[key] = { since: now, by: this.runs.owner ?? '' };
		else this.seen[key] = now;
		this.prune(now);
		return 'claimed';
	}

	/** `claim` for a store that counts a callback as accepted when it arrives. */
	acceptOnce(dedupeKey: string, now: number): boolean {
		return this.claim(dedupeKey, now) === 'claimed';
	}

	/**
	 * Ends the run of a claimed callback: accepted when it succeeded, forgotten when it failed (or its
	 * outcome is unknown), so a retry runs it again. Returns whether the store changed.
	 */
	settle(dedupeKey: string, succeeded: boolean, now: number): boolean {
		const key = fingerprint(dedupeKey);
		if (this.state.callbacksInFlight?.[key] === undefined) return false;
		delete this.inFlight[key];
		if (succeeded) this.seen[key] = now;
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
	merge(
		other: SavedRecentCallbacks['recentCallbacks'],
		now: number,
		otherInFlight?: CallbacksInFlight,
		otherSavedBy?: string,
	): boolean {
		const runsBehind =
			otherInFlight === undefined ? false : this.mergeInFlight(otherInFlight, now, otherSavedBy);
		return this.mergeAccepted(other, now) || runsBehind;
	}

	private mergeAccepted(other: SavedRecentCallbacks['recentCallbacks'], now: number): boolean {
		const seen = this.seen;
		let current = 0;
		// a copy this very request holds may still be the unsaved form: read what it would save
		const saved =
			typeof other === 'object' && other !== null && typeof other.toJSON === 'function'
				? other.toJSON()
				: other;
		forEachSavedCallback(saved, (key, acceptedAt) => {
			if (now - acceptedAt >= this.windowMs) return;
			current++;
			const known = seen[key];
			if (known === undefined || known > acceptedAt) seen[key] = acceptedAt;
		});
		// the store now holds every current entry of the other copy: more means the copy lacks some
		return this.prune(now) > current;
	}

	/**
	 * Adds the runs another copy says are in flight elsewhere (within the lease). Runs under this
	 * store's own name are left out: this store knows how they ended. A run of the store that saved the
	 * other copy, missing from it, has ended there: dropped. Returns whether the other copy is behind on
	 * this store's runs: it lacks one still going, or still lists one that has ended.
	 */
	private mergeInFlight(
		other: CallbacksInFlight,
		now: number,
		otherSavedBy: string | undefined,
	): boolean {
		const own = this.runs.owner;
		let behind = false;
		for (const key in other) {
			const run = other[key];
			if (typeof run?.since !== 'number' || now - run.since >= IN_FLIGHT_LEASE_MS) continue;
			if (run.by === own) {
				if (this.state.callbacksInFlight?.[key] === undefined) behind = true;
				continue;
			}
			if (this.seen[key] === undefined && this.state.callbacksInFlight?.[key] === undefined) {
				this.inFlight[key] = { since: run.since, by: run.by };
			}
		}
		for (const key in this.state.callbacksInFlight ?? {}) {
			const { by } = this.state.callbacksInFlight![key];
			if (other[key] !== undefined) continue;
			if (by === own) behind = true;
			else if (by === otherSavedBy) delete this.state.callbacksInFlight![key];
		}
		return behind;
	}

	/**
	 * Drops expired entries, then the oldest ones over the limit (usually one: found in the same pass).
	 * Returns how many current entries there were before the limit applied.
	 */
	private prune(now: number): number {
		this.pruneInFlight(now);
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

	/** Runs past their lease, and runs of callbacks accepted meanwhile, no longer hold anything off. */
	private pruneInFlight(now: number) {
		const inFlight = this.state.callbacksInFlight;
		for (const key in inFlight ?? {}) {
			if (
				now - inFlight![key].since >= IN_FLIGHT_LEASE_MS ||
				this.state.recentCallbacks?.[key] !== undefined
			) {
				delete inFlight![key];
			}
		}
	}
}

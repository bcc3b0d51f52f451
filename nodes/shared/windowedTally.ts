import { BoundedMap } from './boundedMap';

/** What a tally lets through: how many occurrences it covers (this one included) and when the first came. */
export interface TallyReport {
	count: number;
	firstAt: number;
}

interface Tally {
	/** When the last report was let through; undefined before the first. */
	reportedAt?: number;
	/** Occurrences since then that were held back, and when the first of them came. */
	held: number;
	firstHeldAt: number;
}

/**
 * Counts occurrences per key and lets one report through per key and window; the report covers the
 * occurrences held back since the last one. Used where something may happen on every request but
 * should reach a person at a bounded rate (refused callbacks: workflow runs and log lines). In
 * memory, bounded to `limit` keys, the least recently used dropped first.
 */
export class WindowedTally {
	private readonly tallies: BoundedMap<string, Tally>;

	constructor(
		private readonly windowMs: number,
		limit = 1000,
	) {
		this.tallies = new BoundedMap(limit);
	}

	/** Counts one occurrence at `at` (ms); returns the report to make now, or undefined within the window. */
	count(key: string, at: number): TallyReport | undefined {
		const tally = this.tallies.get(key) ?? { held: 0, firstHeldAt: at };
		if (tally.held === 0) tally.firstHeldAt = at;
		tally.held++;
		this.tallies.set(key, tally);
		// a clock that went back counts as a new window
		if (
			tally.reportedAt !== undefined &&
			at - tally.reportedAt < this.windowMs &&
			at >= tally.reportedAt
		)
			return undefined;
		const report = { count: tally.held, firstAt: tally.firstHeldAt };
		tally.reportedAt = at;
		tally.held = 0;
		return report;
	}
}

/**
 * A Map for the package's per-process state (one per n8n process, keyed by trigger node or credential:
 * n8n can hold any number of workflows, this holds a bounded few). One eviction rule for all of it: an
 * entry goes when it expires (if `set` gave it an expiry time) or when the map is over its limit and
 * it is the entry used least recently.
 */
export class BoundedMap<Key, Value> {
	private readonly entries = new Map<Key, { value: Value; storedAt: number; expiresAt: number }>();

	constructor(private readonly limit: number) {}

	get size() {
		return this.entries.size;
	}

	/**
	 * The entry, now counted as the most recently used; undefined once expired at `now`, or when the
	 * clock went back past the time it was stored (it cannot tell how old the entry is then).
	 */
	get(key: Key, now = Date.now()): Value | undefined {
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		this.entries.delete(key);
		if (now >= entry.expiresAt || now < entry.storedAt) return undefined;
		this.entries.set(key, entry);
		return entry.value;
	}

	/** Stores `value`, kept until `expiresAt` (ms since epoch; never when left out). */
	set(key: Key, value: Value, { now = Date.now(), expiresAt = Infinity } = {}) {
		this.entries.delete(key);
		this.entries.set(key, { value, storedAt: now, expiresAt });
		if (this.entries.size > this.limit)
			this.entries.delete(this.entries.keys().next().value as Key);
		return this;
	}

	delete(key: Key) {
		return this.entries.delete(key);
	}

	clear() {
		this.entries.clear();
	}
}

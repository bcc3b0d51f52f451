/**
 * A Map that holds at most `limit` entries, dropping the one used least recently. For the package's
 * per-process state keyed by trigger node: n8n can hold any number of workflows, this holds a bounded few.
 */
export class BoundedMap<Key, Value> {
	private readonly entries = new Map<Key, Value>();

	constructor(private readonly limit: number) {}

	get size() {
		return this.entries.size;
	}

	/** The entry, now counted as the most recently used. */
	get(key: Key): Value | undefined {
		const value = this.entries.get(key);
		if (value !== undefined) {
			this.entries.delete(key);
			this.entries.set(key, value);
		}
		return value;
	}

	set(key: Key, value: Value) {
		this.entries.delete(key);
		this.entries.set(key, value);
		if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as Key);
		return this;
	}

	delete(key: Key) {
		return this.entries.delete(key);
	}

	clear() {
		this.entries.clear();
	}
}

import { z } from 'zod/v4';

/** Plain JSON objects (not arrays, buffers or null). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** The value of `name` in `record`, matching the key case-insensitively (exact case first). */
export function fieldOf(record: unknown, name: string): unknown {
	if (!isRecord(record)) return undefined;
	if (name in record) return record[name];
	const lower = name.toLowerCase();
	const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
	return key === undefined ? undefined : record[key];
}

/**
 * A zod preprocessor that renames keys matching a known name case-insensitively (or a known
 * misspelling) to that name, so `Order_details` and `messsage` read as `order_details` and `message`.
 * Unknown keys and all values stay as they are; an exact key wins over a variant.
 */
export function canonicalKeys(known: readonly string[], aliases: Record<string, string> = {}) {
	const names = new Map(known.map((name) => [name.toLowerCase(), name]));
	for (const [alias, name] of Object.entries(aliases)) names.set(alias.toLowerCase(), name);
	return (value: unknown) => {
		if (!isRecord(value)) return value;
		const out: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) {
			const name = names.get(key.toLowerCase()) ?? key;
			if (!(name in out) || name === key) out[name] = entry;
		}
		return out;
	};
}

/** A callback field that providers send as text or as a number, or leave out (ids, statuses, amounts). */
export const textField = z.union([z.string(), z.number()]).nullish();

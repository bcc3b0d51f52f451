// JSON bodies and paths into them, for building and changing signed callbacks.

export type JsonObject = Record<string, unknown>;

export type Path = readonly string[];

/** A scalar as the text a signature covers: numbers as their digits, other values none. */
export const textOf = (value: unknown) =>
	typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;

export function getAt(value: unknown, path: Path): unknown {
	let current = value;
	for (const key of path) {
		if (
			typeof current !== 'object' ||
			current === null ||
			!Object.prototype.hasOwnProperty.call(current, key)
		)
			return undefined;
		current = (current as JsonObject)[key];
	}
	return current;
}

/** A copy of `body` with the value at `path` replaced (key order kept, arrays stay arrays). */
export function setAt<T>(body: T, path: Path, value: unknown): T {
	if (path.length === 0) return value as T;
	const [key, ...rest] = path;
	if (Array.isArray(body))
		return body.map((element, index) =>
			String(index) === key ? setAt(element, rest, value) : element,
		) as T;
	const entries = Object.entries(body as JsonObject).map(([name, current]) => [
		name,
		name === key ? setAt(current, rest, value) : current,
	]);
	return Object.fromEntries(entries) as T;
}

export function withoutKey(body: JsonObject, key: string): JsonObject {
	return Object.fromEntries(Object.entries(body).filter(([name]) => name !== key));
}

/** Every path to a non-object value (array elements included). */
export function leafPaths(value: unknown, prefix: string[] = []): string[][] {
	if (typeof value !== 'object' || value === null) return [prefix];
	const entries = Object.entries(value);
	if (entries.length === 0) return [prefix];
	return entries.flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

/** Where the JSON literal of the value at `path` sits in the bytes of JSON.stringify(body). */
export function literalSpan(body: JsonObject, path: Path): { start: number; end: number } {
	const sentinel = '\u0000\u0001span-sentinel\u0001\u0000';
	const marked = JSON.stringify(setAt(body, path, sentinel));
	const at = marked.indexOf(JSON.stringify(sentinel));
	if (at < 0) throw new Error(`no value at ${path.join('.')}`);
	const start = Buffer.byteLength(marked.slice(0, at));
	return { start, end: start + Buffer.byteLength(JSON.stringify(getAt(body, path))) };
}

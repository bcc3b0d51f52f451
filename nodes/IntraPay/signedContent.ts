import type { CallbackFields } from '../shared/provider';

/**
 * What IntraPay may have signed, in the order tried: the raw body minus its `signature` member
 * (every other byte as received), then the parsed body re-serialized in received key order.
 * Lazy: the second form (a serialization of the whole body) is only built if the first does not match.
 */
export function* signedContents(
	fields: CallbackFields,
	rawBody: Buffer | undefined,
): Generator<string> {
	const signatureKey =
		Object.keys(fields).find((key) => key.toLowerCase() === 'signature') ?? 'signature';
	if (rawBody !== undefined) {
		const raw = withoutTopLevelMember(rawBody.toString('utf8'), signatureKey);
		if (raw !== undefined) yield raw;
	}
	const unsigned = Object.fromEntries(
		Object.entries(fields).filter(([key]) => key !== signatureKey),
	);
	let serialized: string | undefined;
	try {
		serialized = JSON.stringify(unsigned);
	} catch {
		// nested too deeply to serialize: no such body was signed by IntraPay, so there is nothing to try
	}
	if (serialized !== undefined) yield serialized;
}

/**
 * The JSON text with one top-level member removed textually and every other byte untouched:
 * `{"a":1,"signature":"x"}` becomes `{"a":1}`. This is what IntraPay signs (the body without its
 * signature) whatever spacing or number formatting it used. `undefined` when the text is not a JSON
 * object holding that member at its top level. Never throws.
 */
export function withoutTopLevelMember(json: string, name: string): string | undefined {
	return withoutLastMember(json, name) ?? scanWithoutMember(json, name);
}

/** Text from a member's key to the end: `"name" : "string without quotes or escapes" }` and spaces. */
const LAST_MEMBER = /^"[^"\\]*"\s*:\s*"[^"\\]*"\s*\}\s*$/;

/**
 * The usual case, found from the end without reading the whole body: the member is the last one
 * (IntraPay appends its signature). In a valid JSON object, a `, "name": "..."` right before the
 * final `}` can only be a top-level member. Anything else is left to the full scan.
 */
function withoutLastMember(json: string, name: string): string | undefined {
	const key = json.lastIndexOf(`"${name}"`);
	if (key < 0 || !LAST_MEMBER.test(json.slice(key))) return undefined;
	let comma = key - 1;
	while (comma >= 0 && /\s/.test(json[comma])) comma--;
	if (json[comma] !== ',') return undefined;
	return json.slice(0, comma) + json.slice(json.lastIndexOf('}'));
}

/** Reads the whole text, tracking depth and strings, for a member anywhere at the top level. */
function scanWithoutMember(json: string, name: string): string | undefined {
	let depth = 0;
	let lastTopComma = -1;
	for (let i = 0; i < json.length; i++) {
		const char = json[i];
		if (char === '"') {
			const end = endOfString(json, i);
			if (end < 0) return undefined;
			if (depth === 1 && json.slice(i + 1, end) === name && /^\s*:/.test(json.slice(end + 1))) {
				const valueEnd = endOfMemberValue(json, json.indexOf(':', end) + 1);
				if (valueEnd < 0) return undefined;
				if (lastTopComma >= 0) return json.slice(0, lastTopComma) + json.slice(valueEnd);
				const next = json[valueEnd] === ',' ? valueEnd + 1 : valueEnd;
				return json.slice(0, i) + json.slice(next);
			}
			i = end;
		} else if (char === '{' || char === '[') {
			depth++;
		} else if (char === '}' || char === ']') {
			depth--;
		} else if (char === ',' && depth === 1) {
			lastTopComma = i;
		}
	}
	return undefined;
}

/** Index of the quote closing the string that opens at `start`, or -1. */
function endOfString(json: string, start: number): number {
	for (let i = start + 1; i < json.length; i++) {
		if (json[i] === '\\') i++;
		else if (json[i] === '"') return i;
	}
	return -1;
}

/** Index of the ',' or '}' ending a top-level member's value that starts at `start`, or -1. */
function endOfMemberValue(json: string, start: number): number {
	let depth = 0;
	for (let i = start; i < json.length; i++) {
		const char = json[i];
		if (char === '"') {
			i = endOfString(json, i);
			if (i < 0) return -1;
		} else if (char === '{' || char === '[') {
			depth++;
		} else if ((char === '}' || char === ']') && depth > 0) {
			depth--;
		} else if ((char === ',' || char === '}') && depth === 0) {
			return i;
		}
	}
	return -1;
}

// Mutations of a signed callback: single-character changes of a text, single-byte changes of a body,
// and top-level keys renamed to another case or duplicated. Counterexamples print them compactly.
import fc from 'fast-check';

import type { JsonObject } from './jsonPaths';

/** A change to a text, printed compactly in counterexamples. */
export type TextMutation =
	| { kind: 'replace'; at: number; with: string }
	| { kind: 'truncate'; to: number }
	| { kind: 'append'; text: string }
	| { kind: 'prepend'; text: string };

const flipCase = (char: string) =>
	char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();

/** Replacement characters, biased towards the ones a transport or a forger would produce. */
const replacementFor = (original: string) =>
	fc
		.oneof(
			fc.constant(flipCase(original)),
			fc.constantFrom(
				' ',
				'+',
				'-',
				'/',
				'_',
				'=',
				'\t',
				'\n',
				'0',
				'1',
				'9',
				'a',
				'A',
				'f',
				'F',
				'g',
				'Z',
				'"',
				'\\',
				'|',
				'\u00a0',
				'\u0000',
			),
			fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
		)
		.filter((char) => char !== original);

const extension = fc.oneof(
	fc.constantFrom(' ', '\n', '=', '==', '0', 'a', 'A', '+', '\u00a0'),
	fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }),
);

/** Every single-character change, truncation or extension of `text` (by code point). */
export function textMutation(text: string): fc.Arbitrary<TextMutation> {
	const points = Array.from(text);
	const kinds: Array<fc.Arbitrary<TextMutation>> = [
		extension.map((added) => ({ kind: 'append' as const, text: added })),
		extension.map((added) => ({ kind: 'prepend' as const, text: added })),
	];
	if (points.length > 0) {
		kinds.push(
			fc.nat({ max: points.length - 1 }).map((to) => ({ kind: 'truncate' as const, to })),
			fc
				.nat({ max: points.length - 1 })
				.chain((at) =>
					replacementFor(points[at]).map((char) => ({ kind: 'replace' as const, at, with: char })),
				),
		);
	}
	return fc.oneof(...kinds);
}

export function applyTextMutation(text: string, mutation: TextMutation): string {
	const points = Array.from(text);
	switch (mutation.kind) {
		case 'replace':
			points[mutation.at] = mutation.with;
			return points.join('');
		case 'truncate':
			return points.slice(0, mutation.to).join('');
		case 'append':
			return text + mutation.text;
		case 'prepend':
			return mutation.text + text;
	}
}

/** A change to bytes: `replace` one byte, `cut` bytes [from, to), `insert` bytes at a position. */
export type ByteMutation =
	| { kind: 'replace'; at: number; byte: number }
	| { kind: 'cut'; from: number; to: number }
	| { kind: 'insert'; at: number; bytes: readonly number[] };

const flipByteCase = (byte: number) =>
	/[a-z]/i.test(String.fromCharCode(byte)) ? byte ^ 0x20 : byte;

const replacementByte = (original: number) =>
	fc
		.oneof(
			fc.constant(flipByteCase(original)),
			fc.constantFrom(
				...Array.from(' \t\n"\\,:{}[]0123456789+-.eEaAfF', (char) => char.charCodeAt(0)),
			),
			fc.integer({ min: 0, max: 255 }),
		)
		.filter((byte) => byte !== original);

const insertedBytes: fc.Arbitrary<readonly number[]> = fc.oneof(
	fc.constantFrom([0x20], [0x0a], [0x30], [0x22], [0x2c], [0x7d], [0x41]),
	fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
);

/**
 * Every single-byte change inside [start, end), a truncation of that span (its last bytes cut), and
 * an extension at its end or start. For the whole body these are the truncations and extensions of
 * the body itself.
 */
export function byteMutation(
	bytes: Buffer,
	start = 0,
	end = bytes.length,
): fc.Arbitrary<ByteMutation> {
	return fc.oneof(
		fc
			.integer({ min: start, max: end - 1 })
			.chain((at) =>
				replacementByte(bytes[at]).map((byte) => ({ kind: 'replace' as const, at, byte })),
			),
		fc
			.integer({ min: start, max: end - 1 })
			.map((from) => ({ kind: 'cut' as const, from, to: end })),
		fc
			.tuple(fc.constantFrom(start, end), insertedBytes)
			.map(([at, inserted]) => ({ kind: 'insert' as const, at, bytes: inserted })),
	);
}

export function applyByteMutation(bytes: Buffer, mutation: ByteMutation): Buffer {
	switch (mutation.kind) {
		case 'replace': {
			const copy = Buffer.from(bytes);
			copy[mutation.at] = mutation.byte;
			return copy;
		}
		case 'cut':
			return Buffer.concat([bytes.subarray(0, mutation.from), bytes.subarray(mutation.to)]);
		case 'insert':
			return Buffer.concat([
				bytes.subarray(0, mutation.at),
				Buffer.from(mutation.bytes),
				bytes.subarray(mutation.at),
			]);
	}
}

/** Renames top-level keys to other cases and adds case-variant duplicates, keeping key order. */
export interface KeyCaseChange {
	renames: Array<{ key: number; mask: number }>;
	duplicates: Array<{ key: number; mask: number; value: unknown }>;
}

const caseVariant = (name: string, mask: number) =>
	Array.from(name, (char, index) => ((mask >> (index % 30)) & 1 ? flipCase(char) : char)).join('');

export function keyCaseChange(duplicateValue: fc.Arbitrary<unknown>): fc.Arbitrary<KeyCaseChange> {
	const pick = fc.record({ key: fc.nat(), mask: fc.integer({ min: 1, max: 2 ** 30 - 1 }) });
	return fc
		.record({
			renames: fc.array(pick, { maxLength: 3 }),
			duplicates: fc.array(
				fc.record({
					key: fc.nat(),
					mask: fc.integer({ min: 1, max: 2 ** 30 - 1 }),
					value: duplicateValue,
				}),
				{ maxLength: 2 },
			),
		})
		.filter((change) => change.renames.length + change.duplicates.length > 0);
}

export function applyKeyCaseChange(body: JsonObject, change: KeyCaseChange): JsonObject {
	const names = Object.keys(body);
	const renamed = new Map<string, string>();
	for (const { key, mask } of change.renames) {
		const name = names[key % names.length];
		renamed.set(name, caseVariant(name, mask));
	}
	const entries: Array<[string, unknown]> = names.map((name) => [
		renamed.get(name) ?? name,
		body[name],
	]);
	for (const { key, mask, value } of change.duplicates) {
		const name = names[key % names.length];
		entries.push([caseVariant(name, mask), value]);
	}
	// a variant equal to a kept name replaces its value, as a JSON parser would keep the last one
	return Object.fromEntries(entries) as JsonObject;
}

// Tools for the property-based tests of the shared pipeline (test/unit/properties.test.ts): how n8n
// presents one callback in each transport, byte and character mutations, adversarial bodies, and
// random requests. Nothing here knows a provider: providerCases.ts holds what differs between them.
import fc from 'fast-check';

import type { CallbackRequest } from '../../nodes/shared/pipeline';
import type { RequestHeaders } from '../../nodes/shared/secrets';
import { callbackRequest as request } from './pipeline';

/**
 * Runs fc.assert with a bounded number of runs. On failure fast-check reports the seed, the path,
 * the shrunk counterexample and the assertion that failed. To replay one failure, pass its
 * `{ seed, path, endOnFailure: true }` here; `verbose: fc.VerbosityLevel.Verbose` also lists every
 * failing value met while shrinking (long: each is a whole callback). FC_RUNS_FACTOR=20 in the
 * environment runs each property 20 times as often (a longer hunt than `npm test` can afford).
 */
export async function check<Ts extends [unknown, ...unknown[]]>(property: fc.IAsyncPropertyWithHooks<Ts>, numRuns: number, overrides: fc.Parameters<Ts> = {}) {
	const factor = Number(process.env.FC_RUNS_FACTOR ?? '1');
	await fc.assert(property, { numRuns: Math.max(1, Math.round(numRuns * (factor > 0 ? factor : 1))), verbose: fc.VerbosityLevel.None, ...overrides });
}

// ---------------------------------------------------------------------------------------------
// Transports: one JSON body as n8n hands it to a node (see test/helpers/webhookHarness.ts)

export type JsonObject = Record<string, unknown>;

export interface Transport {
	name: string;
	/** Form transports carry every top-level value as text. */
	form: boolean;
	encode(body: JsonObject): CallbackRequest;
}

/** Counterexamples print a transport as its name. */
const transport = (definition: Transport): Transport => Object.assign(definition, { [fc.toStringMethod]: () => JSON.stringify(definition.name) });

/** A top-level value as a form field: objects as JSON text (AtaraPay sends `data` that way). */
export const formValue = (value: unknown) =>
	typeof value === 'string' ? value : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);

export const formFields = (body: JsonObject): Record<string, string> =>
	Object.fromEntries(
		Object.entries(body)
			.filter(([, value]) => value !== undefined && value !== null)
			.map(([name, value]) => [name, formValue(value)]),
	);

/** JSON as n8n receives it: parsed, with the raw bytes kept. */
const parsedJson = (contentType: string): Transport['encode'] => (body) => {
	const text = JSON.stringify(body);
	return request(contentType, JSON.parse(text), Buffer.from(text));
};

/** Transports that keep the JSON text: the exact bytes JSON.stringify(body) produced. */
export const JSON_TRANSPORTS: Transport[] = [
	transport({ name: 'application/json (parsed + raw bytes)', form: false, encode: parsedJson('application/json') }),
	transport({ name: 'application/json; charset=utf-8', form: false, encode: parsedJson('application/json; charset=utf-8') }),
	transport({
		// n8n leaves a text/plain body unparsed ({}) and keeps its bytes
		name: 'text/plain (raw JSON bytes only)',
		form: false,
		encode: (body) => request('text/plain', {}, Buffer.from(JSON.stringify(body))),
	}),
	transport({
		name: 'no Content-Type (raw JSON bytes only)',
		form: false,
		encode: (body) => request(undefined, undefined, Buffer.from(JSON.stringify(body))),
	}),
	transport({
		name: 'application/json (parsed, no raw bytes)',
		form: false,
		encode: (body) => request('application/json', JSON.parse(JSON.stringify(body)), undefined),
	}),
];

export const FORM_TRANSPORTS: Transport[] = [
	transport({
		name: 'multipart/form-data',
		form: true,
		encode: (body) => request('multipart/form-data; boundary=----n8nTestBoundary', { data: formFields(body), files: {} }, undefined),
	}),
	transport({
		// formidable hands every field as an array of its values
		name: 'multipart/form-data (fields as arrays)',
		form: true,
		encode: (body) =>
			request(
				'multipart/form-data; boundary=----n8nTestBoundary',
				{ data: Object.fromEntries(Object.entries(formFields(body)).map(([name, value]) => [name, [value]])), files: {} },
				undefined,
			),
	}),
	transport({
		name: 'application/x-www-form-urlencoded',
		form: true,
		encode: (body) => {
			const fields = formFields(body);
			return request('application/x-www-form-urlencoded', { ...fields }, Buffer.from(new URLSearchParams(fields).toString()));
		},
	}),
	transport({
		name: 'application/x-www-form-urlencoded (raw bytes only)',
		form: true,
		encode: (body) => request('application/x-www-form-urlencoded', {}, Buffer.from(new URLSearchParams(formFields(body)).toString())),
	}),
];

export const ALL_TRANSPORTS = [...JSON_TRANSPORTS, ...FORM_TRANSPORTS];

/** A JSON request whose bytes are exactly `bytes` (parsed as n8n would, or left unparsed when they are not JSON). */
export function jsonBytesRequest(bytes: Buffer): { request: CallbackRequest; parsed: unknown; parses: boolean } {
	let parsed: unknown;
	let parses = false;
	try {
		parsed = JSON.parse(bytes.toString('utf8'));
		parses = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
	} catch {
		parsed = undefined;
	}
	// n8n answers unparseable JSON itself (422); handing the bytes over unparsed tests the node's own 400
	return { request: request('application/json', parses ? parsed : undefined, bytes), parsed, parses };
}

/** What a payload looks like after a form transport: top-level scalars as text. */
export function formView(payload: unknown) {
	if (typeof payload !== 'object' || payload === null) return payload;
	return Object.fromEntries(
		Object.entries(payload).map(([name, value]) => [name, typeof value === 'object' && value !== null ? value : formValue(value)]),
	);
}

// ---------------------------------------------------------------------------------------------
// Paths into JSON bodies

export type Path = readonly string[];

export function getAt(value: unknown, path: Path): unknown {
	let current = value;
	for (const key of path) {
		if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as JsonObject)[key];
	}
	return current;
}

/** A copy of `body` with the value at `path` replaced (key order kept, arrays stay arrays). */
export function setAt<T>(body: T, path: Path, value: unknown): T {
	if (path.length === 0) return value as T;
	const [key, ...rest] = path;
	if (Array.isArray(body)) return body.map((element, index) => (String(index) === key ? setAt(element, rest, value) : element)) as T;
	const entries = Object.entries(body as JsonObject).map(([name, current]) => [name, name === key ? setAt(current, rest, value) : current]);
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

// ---------------------------------------------------------------------------------------------
// Mutations

/** A change to a text, printed compactly in counterexamples. */
export type TextMutation =
	| { kind: 'replace'; at: number; with: string }
	| { kind: 'truncate'; to: number }
	| { kind: 'append'; text: string }
	| { kind: 'prepend'; text: string };

const flipCase = (char: string) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase());

/** Replacement characters, biased towards the ones a transport or a forger would produce. */
const replacementFor = (original: string) =>
	fc
		.oneof(
			fc.constant(flipCase(original)),
			fc.constantFrom(' ', '+', '-', '/', '_', '=', '\t', '\n', '0', '1', '9', 'a', 'A', 'f', 'F', 'g', 'Z', '"', '\\', '|', '\u00a0', '\u0000'),
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
			fc.nat({ max: points.length - 1 }).chain((at) => replacementFor(points[at]).map((char) => ({ kind: 'replace' as const, at, with: char }))),
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

const flipByteCase = (byte: number) => (/[a-z]/i.test(String.fromCharCode(byte)) ? byte ^ 0x20 : byte);

const replacementByte = (original: number) =>
	fc
		.oneof(
			fc.constant(flipByteCase(original)),
			fc.constantFrom(...Array.from(' \t\n"\\,:{}[]0123456789+-.eEaAfF', (char) => char.charCodeAt(0))),
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
export function byteMutation(bytes: Buffer, start = 0, end = bytes.length): fc.Arbitrary<ByteMutation> {
	return fc.oneof(
		fc.integer({ min: start, max: end - 1 }).chain((at) => replacementByte(bytes[at]).map((byte) => ({ kind: 'replace' as const, at, byte }))),
		fc.integer({ min: start, max: end - 1 }).map((from) => ({ kind: 'cut' as const, from, to: end })),
		fc.tuple(fc.constantFrom(start, end), insertedBytes).map(([at, inserted]) => ({ kind: 'insert' as const, at, bytes: inserted })),
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
			return Buffer.concat([bytes.subarray(0, mutation.at), Buffer.from(mutation.bytes), bytes.subarray(mutation.at)]);
	}
}

/** Renames top-level keys to other cases and adds case-variant duplicates, keeping key order. */
export interface KeyCaseChange {
	renames: Array<{ key: number; mask: number }>;
	duplicates: Array<{ key: number; mask: number; value: unknown }>;
}

const caseVariant = (name: string, mask: number) =>
	Array.from(name, (char, index) => ((mask >> index % 30) & 1 ? flipCase(char) : char)).join('');

export function keyCaseChange(duplicateValue: fc.Arbitrary<unknown>): fc.Arbitrary<KeyCaseChange> {
	const pick = fc.record({ key: fc.nat(), mask: fc.integer({ min: 1, max: 2 ** 30 - 1 }) });
	return fc
		.record({
			renames: fc.array(pick, { maxLength: 3 }),
			duplicates: fc.array(fc.record({ key: fc.nat(), mask: fc.integer({ min: 1, max: 2 ** 30 - 1 }), value: duplicateValue }), { maxLength: 2 }),
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
	const entries: Array<[string, unknown]> = names.map((name) => [renamed.get(name) ?? name, body[name]]);
	for (const { key, mask, value } of change.duplicates) {
		const name = names[key % names.length];
		entries.push([caseVariant(name, mask), value]);
	}
	// a variant equal to a kept name replaces its value, as a JSON parser would keep the last one
	return Object.fromEntries(entries) as JsonObject;
}

// ---------------------------------------------------------------------------------------------
// Random and adversarial requests

/** Field names of all three providers, in several cases, and names that are special in JavaScript. */
export const INTERESTING_KEYS = [
	'token', 'Token', 'TOKEN', 'signature', 'Signature', 'SIGNATURE', 'hash', 'Hash', 'HASH',
	'status', 'Status', 'STATUS', 'message', 'messsage', 'Message', 'data', 'Data', 'id', 'amount_payed',
	'payment', 'virtual_account', 'order_details', 'Order_details', 'partner_order_id', 'intrapay_order_reference',
	'callbak_data', 'orderReference', 'OrderReference', 'transactionId', 'event', 'amount', 'currency', 'captureStatus',
	'__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'length', '0', '',
];

const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...INTERESTING_KEYS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) });

const scalar = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.stringMatching(/^\d{1,25}$/),
	fc.constantFrom('NaN', 'Infinity', '-0', '1e309', '0x10', ' 42 ', '4.5e5', '', ' ', 'OK', 'PAID', 'SUCCESSFUL', 'Delivered'),
	fc.double(),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
);

/** JSON-ish values with callback-like keys; objects may have a null prototype (as some parsers make them). */
export const { value: randomValue } = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		scalar,
		fc.array(tie('value'), { maxLength: 4 }),
		fc.dictionary(key, tie('value'), { maxKeys: 6 }),
		fc.dictionary(key, tie('value'), { maxKeys: 4 }).map((object) => JSON.stringify(object)),
	),
}));

const hex = (length: number) => fc.uint8Array({ minLength: length / 2, maxLength: length / 2 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const base64 = fc.uint8Array({ minLength: 1, maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString('base64'));

/** Objects shaped like any of the three callbacks (so some reach verification), with random values and key cases. */
export const callbackLike: fc.Arbitrary<JsonObject> = fc
	.tuple(
		fc.record(
			{
				status: fc.oneof(scalar, fc.constantFrom('Delivered', 'SUCCESSFUL', 'success', 'DECLINED')),
				message: scalar,
				data: fc.oneof(
					fc.record(
						{
							id: fc.oneof(fc.nat(), fc.stringMatching(/^\d{1,20}$/), scalar),
							amount_payed: fc.oneof(fc.nat(), fc.stringMatching(/^\d{1,20}$/), scalar),
							payment: fc.oneof(fc.record({ amount: scalar, status: scalar }, { requiredKeys: [] }), randomValue),
							virtual_account: fc.oneof(fc.record({ amount: scalar, account_name: scalar }, { requiredKeys: [] }), randomValue),
							order_details: fc.record({ partner_order_id: scalar, intrapay_order_reference: scalar, status: scalar }, { requiredKeys: [] }),
							status: randomValue,
						},
						{ requiredKeys: [] },
					),
					randomValue,
				),
				token: fc.oneof(base64, scalar),
				signature: fc.oneof(hex(128), scalar),
				hash: fc.oneof(hex(128), base64, scalar),
				orderReference: scalar,
				transactionId: scalar,
				partner_order_id: scalar,
				callbak_data: fc.oneof(fc.constant('OK'), scalar),
				amount: scalar,
			},
			{ requiredKeys: [] },
		),
		fc.dictionary(key, randomValue, { maxKeys: 4 }),
		fc.array(fc.record({ key: fc.nat(), mask: fc.nat() }), { maxLength: 3 }),
	)
	.map(([known, extra, renames]) => {
		const body = JSON.parse(JSON.stringify({ ...known, ...extra })) as JsonObject;
		return renames.length === 0 ? body : applyKeyCaseChange(body, { renames, duplicates: [] });
	});

export const CONTENT_TYPES = [
	'application/json',
	'application/json; charset=utf-8',
	'APPLICATION/JSON',
	'multipart/form-data; boundary=x',
	'multipart/form-data',
	'application/x-www-form-urlencoded',
	'text/plain',
	'',
	'application/octet-stream',
	';;;',
	'multipart/',
];

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
	{ weight: 1, arbitrary: fc.constant(undefined) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

const bytes = fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array));

const DEPTH = 10_000;
const DEEPER = 100_000;
const HUGE = 2_000_000;

/** Built without recursion: neither building nor JSON.parse may exhaust the stack here. */
const nestedArrayText = (depth: number, leaf = '0') => '['.repeat(depth) + leaf + ']'.repeat(depth);
const nestedObjectText = (depth: number, leaf = '0') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
/** Each provider's secret field, so a deep body reaches every verifier. */
const ALL_SECRETS = '"token":"dG9rZW4=","signature":"' + 'ab'.repeat(64) + '","hash":"' + 'cd'.repeat(64) + '"';

const ownKeys = (entries: Array<[string, unknown]>) => {
	const object: JsonObject = {};
	for (const [name, value] of entries) Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
	return object;
};

const jsonText = (contentTypeText: string | undefined, text: string, parsedToo = true) => (): Omit<CallbackRequest, 'headers' | 'clientIp'> => {
	let parsed: unknown;
	try {
		parsed = parsedToo ? JSON.parse(text) : undefined;
	} catch {
		parsed = undefined;
	}
	return { contentType: contentTypeText, parsed, raw: Buffer.from(text) };
};

/**
 * Hostile bodies, by name: counterexamples print the name, not megabytes of data. Built on first use
 * and shared between runs (the pipeline must not modify what it is given).
 */
const ADVERSARIAL: Record<string, () => Omit<CallbackRequest, 'headers' | 'clientIp'>> = {
	[`object nested ${DEPTH} deep beside every secret field`]: jsonText(
		'application/json',
		`{"status":"Delivered","message":"m","data":{"id":1,"amount_payed":1},"orderReference":"r",${ALL_SECRETS},"deep":${nestedObjectText(DEPTH)}}`,
	),
	[`array nested ${DEPTH} deep beside every secret field`]: jsonText(
		'application/json',
		`{"status":"success",${ALL_SECRETS},"deep":${nestedArrayText(DEPTH)}}`,
	),
	[`array nested ${DEEPER} deep beside every secret field`]: jsonText('application/json', `{${ALL_SECRETS},"deep":${nestedArrayText(DEEPER)}}`),
	[`array nested ${DEPTH} deep, raw bytes only`]: jsonText('text/plain', `{${ALL_SECRETS},"deep":${nestedArrayText(DEPTH)}}`, false),
	[`order whose status is nested ${DEPTH} deep`]: jsonText(
		'application/json',
		`{"status":"Delivered","message":"m","token":"dG9rZW4=","data":{"id":3029,"amount_payed":450000,"status":${nestedObjectText(DEPTH)}}}`,
	),
	[`IntraPay payment nested ${DEPTH} deep`]: jsonText(
		'application/json',
		`{"status":"success","data":{"payment":{"status":"PAID","deep":${nestedArrayText(DEPTH)}},"order_details":{"partner_order_id":"O-1"}},"signature":"${'ab'.repeat(64)}"}`,
	),
	[`multipart order given as JSON text nested ${DEPTH} deep`]: () => ({
		contentType: 'multipart/form-data; boundary=x',
		parsed: { data: { status: 'Delivered', token: 'dG9rZW4=', data: `{"id":1,"amount_payed":1,"x":${nestedArrayText(DEPTH)}}` }, files: {} },
		raw: undefined,
	}),
	[`top-level array nested ${DEPTH} deep`]: jsonText('application/json', nestedArrayText(DEPTH)),
	'top-level array of callbacks': jsonText('application/json', `[{"status":"Delivered",${ALL_SECRETS}}]`),
	'top-level string, number, null': jsonText('application/json', '"{\\"token\\":1}"'),
	'2 MB token, order id and amount': () => {
		const digits = '9'.repeat(HUGE / 2);
		const text = JSON.stringify({ status: 'Delivered', message: 'x'.repeat(HUGE), data: { id: digits, amount_payed: digits }, token: 'A'.repeat(HUGE) });
		return { contentType: 'application/json', parsed: JSON.parse(text), raw: Buffer.from(text) };
	},
	'2 MB signature and hash': () => {
		const text = JSON.stringify({ status: 'x'.repeat(HUGE), orderReference: 'r'.repeat(HUGE), signature: 'a'.repeat(HUGE), hash: 'b'.repeat(HUGE), data: { payment: { status: 'PAID' } } });
		return { contentType: 'application/json', parsed: JSON.parse(text), raw: Buffer.from(text) };
	},
	'2 MB urlencoded body': () => ({
		contentType: 'application/x-www-form-urlencoded',
		parsed: {},
		raw: Buffer.from(`token=${'A'.repeat(HUGE)}&data=${encodeURIComponent('{"id":1,"amount_payed":1}')}&signature=${'a'.repeat(HUGE)}&hash=x`),
	}),
	'2 MB of "[" (unterminated)': jsonText('text/plain', '['.repeat(HUGE), false),
	'__proto__ and constructor keys': jsonText(
		'application/json',
		'{"__proto__":{"token":"dG9rZW4=","signature":"ab","hash":"cd","status":"PAID","data":{"id":1,"amount_payed":1}},"constructor":{"prototype":{"polluted":true}},"status":"Delivered","data":{"__proto__":{"id":1,"amount_payed":1},"id":"1","amount_payed":"1"},"orderReference":"r","hash":"' + 'ab'.repeat(64) + '","signature":"' + 'ab'.repeat(64) + '","token":"dG9rZW4="}',
	),
	'__proto__ in nested IntraPay objects': jsonText(
		'application/json',
		'{"__proto__":{"data":{"payment":{"status":"PAID"}}},"data":{"__proto__":{"payment":{"status":"PAID"}},"Order_details":{"__proto__":{"partner_order_id":"x"}}},"signature":"' + 'ab'.repeat(64) + '"}',
	),
	'__proto__ multipart field with two values': () => ({
		contentType: 'multipart/form-data',
		parsed: { data: ownKeys([['__proto__', ['a', 'b']], ['token', ['dG9rZW4=']], ['status', 'Delivered'], ['data', '{"id":1,"amount_payed":1}'], ['hash', 'x'], ['signature', 'y']]), files: {} },
		raw: undefined,
	}),
	'__proto__ multipart field holding an object': () => ({
		contentType: 'multipart/form-data',
		parsed: { data: ownKeys([['__proto__', { token: 'dG9rZW4=', hash: 'x', signature: 'y', status: 'PAID' }], ['status', 'Delivered'], ['data', '{"id":1,"amount_payed":1}']]), files: {} },
		raw: undefined,
	}),
	'__proto__ urlencoded': () => ({
		contentType: 'application/x-www-form-urlencoded',
		parsed: {},
		raw: Buffer.from('__proto__=x&__proto__[token]=y&constructor[prototype][polluted]=1&token=abc&status=Delivered&data=%7B%22id%22%3A1%2C%22amount_payed%22%3A1%7D'),
	}),
	'keys differing only in case': jsonText(
		'application/json',
		'{"Token":"dG9rZW4=","token":"eA==","TOKEN":"","Signature":"' + 'ab'.repeat(64) + '","signature":"","SIGNATURE":"cd","hash":"","Hash":"' + 'ab'.repeat(64) + '","Status":"DECLINED","status":"SUCCESSFUL","STATUS":"PAID","orderreference":"a","orderReference":"b","data":{"id":1,"ID":2,"amount_payed":1,"Amount_Payed":2},"Data":{"id":3}}',
	),
	'numbers as strings': jsonText(
		'application/json',
		'{"status":"Delivered","data":{"id":"0003029","amount_payed":"450000.00","payment":{"amount":"1e309"}},"token":"' + Buffer.from('a:b:0003029:450000.00').toString('base64') + '","amount":"1e309","orderReference":"12","hash":"12"}',
	),
	'numbers beyond 2^53 and exponents': jsonText(
		'application/json',
		'{"status":"Delivered","data":{"id":9007199254740993,"amount_payed":1e400},"token":"dG9rZW4=","amount":-1e400,"signature":"00"}',
	),
	'AtaraPay order that is not JSON (as in its docs)': jsonText(
		'application/json',
		'{"status":"Delivered","message":"m","data":"{\\"id\\": 3029,, \\"amount_payed\\": 1}","token":"dG9rZW4="}',
	),
	'invalid UTF-8 bytes': () => ({ contentType: 'application/json', parsed: undefined, raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }),
	'lone surrogates': jsonText('application/json', '{"status":"\\ud800","token":"\\udfff","hash":"\\ud800","signature":"\\udc00","data":{"id":1,"amount_payed":"\\ud800"}}'),
	'empty multipart': () => ({ contentType: 'multipart/form-data', parsed: { data: {}, files: {} }, raw: undefined }),
	'multipart without data': () => ({ contentType: 'multipart/form-data', parsed: { files: { f: {} } }, raw: undefined }),
	'nothing at all': () => ({ contentType: undefined, parsed: undefined, raw: undefined }),
};

const adversarialCache = new Map<string, Omit<CallbackRequest, 'headers' | 'clientIp'>>();
const adversarialBody = (name: string) => {
	let built = adversarialCache.get(name);
	if (!built) {
		built = ADVERSARIAL[name]();
		adversarialCache.set(name, built);
	}
	return built;
};

export type BodyCase = { label: string; build: () => Omit<CallbackRequest, 'headers' | 'clientIp'> };

/** Counterexamples print an adversarial body as its name. */
const bodyCase = (label: string, build: BodyCase['build']): BodyCase =>
	Object.assign({ label, build }, { [fc.toStringMethod]: () => `adversarial body: ${label}` });

/** The body part of a request: random, consistent with its content type or not, or adversarial. */
export const randomBody: fc.Arbitrary<BodyCase | { label: string; contentType: string | undefined; parsed: unknown; raw: Buffer | undefined }> = fc.oneof(
	// a JSON body as n8n parses it
	fc.tuple(fc.constantFrom('application/json', 'application/json; charset=utf-8'), fc.oneof(callbackLike, randomValue, fc.jsonValue())).map(([type, value]) => {
		const text = JSON.stringify(value) ?? '';
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;
		}
		return { label: 'json', contentType: type, parsed, raw: Buffer.from(text) };
	}),
	// multipart: formidable's fields, single values or arrays
	fc
		.oneof(
			callbackLike.map((body) => formFields(body) as Record<string, unknown>),
			fc.dictionary(key, fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.string({ unit: 'binary' }), { maxLength: 3 })), { maxKeys: 6 }),
		)
		.map((fields) => ({ label: 'multipart', contentType: 'multipart/form-data; boundary=x', parsed: { data: fields, files: {} }, raw: undefined })),
	// urlencoded, parsed or raw only
	fc.tuple(callbackLike, fc.boolean()).map(([body, parsedToo]) => {
		const fields = formFields(body);
		return {
			label: 'urlencoded',
			contentType: 'application/x-www-form-urlencoded',
			parsed: parsedToo ? { ...fields } : {},
			raw: Buffer.from(new URLSearchParams(fields).toString()),
		};
	}),
	// any content type with any parsed value and any bytes
	fc
		.record({
			contentType,
			parsed: fc.oneof(
				fc.constant(undefined),
				fc.constant({}),
				randomValue,
				callbackLike,
				fc.jsonValue(),
				fc.dictionary(fc.string(), fc.jsonValue()),
				fc.record({ data: fc.oneof(callbackLike, randomValue), files: fc.constant({}) }),
				fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withDate: true }),
			),
			raw: fc.oneof(
				fc.constant(undefined),
				bytes,
				callbackLike.map((body) => Buffer.from(JSON.stringify(body))),
				callbackLike.map((body) => Buffer.from(new URLSearchParams(formFields(body)).toString())),
				fc.string({ unit: 'binary', maxLength: 60 }).map((text) => Buffer.from(text)),
			),
		})
		.map((parts) => ({ label: 'random', ...parts })),
	// named adversarial bodies, sometimes under another content type than their own
	fc.tuple(fc.constantFrom(...Object.keys(ADVERSARIAL)), fc.option(contentType, { freq: 4 })).map(([name, otherType]) =>
		bodyCase(otherType === null ? name : `${name} (sent as ${JSON.stringify(otherType)})`, () => {
			const built = adversarialBody(name);
			return otherType === null ? built : { ...built, contentType: otherType };
		}),
	),
);

export function bodyOf(generated: BodyCase | { contentType: string | undefined; parsed: unknown; raw: Buffer | undefined }) {
	return 'build' in generated ? generated.build() : generated;
}

/** Header maps as Node presents them (lower- or mixed-case names, repeated headers as arrays). */
export const headers: fc.Arbitrary<RequestHeaders> = fc.dictionary(
	fc.oneof(
		fc.constantFrom('authorization', 'Authorization', 'content-type', 'x-forwarded-for', 'cookie', 'x-signature', 'signature', 'hash', '__proto__'),
		fc.string({ unit: 'binary', maxLength: 20 }),
	),
	fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), fc.constant(undefined)),
	{ maxKeys: 6 },
);

const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((address) => `::ffff:${address}`));

/** A client address and an allowlist: none, blank, garbage, or real lists that do or do not hold the client. */
export const network = fc
	.oneof(
		{ weight: 3, arbitrary: ip.map((address): string | undefined => address) },
		{ weight: 1, arbitrary: fc.constantFrom(undefined, '', 'localhost', 'fe80::1%eth0', '::', '0.0.0.0', '999.1.1.1') },
		{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
	)
	.chain((clientIp) =>
		fc.record({
			clientIp: fc.constant(clientIp),
			ipAllowlist: fc.oneof(
				{ weight: 4, arbitrary: fc.constant('') },
				{ weight: 1, arbitrary: fc.constantFrom(' ', '\n', ' , \n,') },
				{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
				{ weight: 2, arbitrary: fc.array(fc.oneof(ip, ip.map((address) => `${address}/${address.includes(':') ? 64 : 24}`)), { minLength: 1, maxLength: 4 }).map((list) => list.join(', ')) },
				// the client itself, among other addresses
				{
					weight: 2,
					arbitrary: fc.array(ip, { maxLength: 3 }).map((others) => [...others, clientIp ?? ''].join('\n')),
				},
			),
		}),
	);

/** Whether the allowlist text has any entry at all (an empty one allows everybody). */
export const allowlistIsSet = (text: string) => text.split(/[\s,]+/).some((entry) => entry !== '');

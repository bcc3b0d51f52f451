// Hostile bodies by name: nested too deep to serialize, megabytes of token, prototype keys, broken
// UTF-8 and the like. Every one of them must get a defined answer from the pipeline, never a crash.
import fc from 'fast-check';

import type { CallbackRequest } from '../../../nodes/shared/pipeline';
import type { JsonObject } from './jsonPaths';

const DEPTH = 10_000;
const DEEPER = 100_000;
const HUGE = 2_000_000;

/** Built without recursion: neither building nor JSON.parse may exhaust the stack here. */
const nestedArrayText = (depth: number, leaf = '0') => '['.repeat(depth) + leaf + ']'.repeat(depth);
const nestedObjectText = (depth: number, leaf = '0') =>
	'{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
/** Each provider's secret field, so a deep body reaches every verifier. */
const ALL_SECRETS =
	'"token":"dG9rZW4=","signature":"' + 'ab'.repeat(64) + '","hash":"' + 'cd'.repeat(64) + '"';

const ownKeys = (entries: Array<[string, unknown]>) => {
	const object: JsonObject = {};
	for (const [name, value] of entries)
		Object.defineProperty(object, name, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	return object;
};

const jsonText =
	(contentTypeText: string | undefined, text: string, parsedToo = true) =>
	(): Omit<CallbackRequest, 'headers' | 'clientIp'> => {
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
	[`array nested ${DEEPER} deep beside every secret field`]: jsonText(
		'application/json',
		`{${ALL_SECRETS},"deep":${nestedArrayText(DEEPER)}}`,
	),
	[`array nested ${DEPTH} deep, raw bytes only`]: jsonText(
		'text/plain',
		`{${ALL_SECRETS},"deep":${nestedArrayText(DEPTH)}}`,
		false,
	),
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
		parsed: {
			data: {
				status: 'Delivered',
				token: 'dG9rZW4=',
				data: `{"id":1,"amount_payed":1,"x":${nestedArrayText(DEPTH)}}`,
			},
			files: {},
		},
		raw: undefined,
	}),
	[`top-level array nested ${DEPTH} deep`]: jsonText('application/json', nestedArrayText(DEPTH)),
	'top-level array of callbacks': jsonText(
		'application/json',
		`[{"status":"Delivered",${ALL_SECRETS}}]`,
	),
	'top-level string, number, null': jsonText('application/json', '"{\\"token\\":1}"'),
	'2 MB token, order id and amount': () => {
		const digits = '9'.repeat(HUGE / 2);
		const text = JSON.stringify({
			status: 'Delivered',
			message: 'x'.repeat(HUGE),
			data: { id: digits, amount_payed: digits },
			token: 'A'.repeat(HUGE),
		});
		return { contentType: 'application/json', parsed: JSON.parse(text), raw: Buffer.from(text) };
	},
	'2 MB signature and hash': () => {
		const text = JSON.stringify({
			status: 'x'.repeat(HUGE),
			orderReference: 'r'.repeat(HUGE),
			signature: 'a'.repeat(HUGE),
			hash: 'b'.repeat(HUGE),
			data: { payment: { status: 'PAID' } },
		});
		return { contentType: 'application/json', parsed: JSON.parse(text), raw: Buffer.from(text) };
	},
	'2 MB urlencoded body': () => ({
		contentType: 'application/x-www-form-urlencoded',
		parsed: {},
		raw: Buffer.from(
			`token=${'A'.repeat(HUGE)}&data=${encodeURIComponent('{"id":1,"amount_payed":1}')}&signature=${'a'.repeat(HUGE)}&hash=x`,
		),
	}),
	'2 MB of "[" (unterminated)': jsonText('text/plain', '['.repeat(HUGE), false),
	'__proto__ and constructor keys': jsonText(
		'application/json',
		'{"__proto__":{"token":"dG9rZW4=","signature":"ab","hash":"cd","status":"PAID","data":{"id":1,"amount_payed":1}},"constructor":{"prototype":{"polluted":true}},"status":"Delivered","data":{"__proto__":{"id":1,"amount_payed":1},"id":"1","amount_payed":"1"},"orderReference":"r","hash":"' +
			'ab'.repeat(64) +
			'","signature":"' +
			'ab'.repeat(64) +
			'","token":"dG9rZW4="}',
	),
	'__proto__ in nested IntraPay objects': jsonText(
		'application/json',
		'{"__proto__":{"data":{"payment":{"status":"PAID"}}},"data":{"__proto__":{"payment":{"status":"PAID"}},"Order_details":{"__proto__":{"partner_order_id":"x"}}},"signature":"' +
			'ab'.repeat(64) +
			'"}',
	),
	'__proto__ multipart field with two values': () => ({
		contentType: 'multipart/form-data',
		parsed: {
			data: ownKeys([
				['__proto__', ['a', 'b']],
				['token', ['dG9rZW4=']],
				['status', 'Delivered'],
				['data', '{"id":1,"amount_payed":1}'],
				['hash', 'x'],
				['signature', 'y'],
			]),
			files: {},
		},
		raw: undefined,
	}),
	'__proto__ multipart field holding an object': () => ({
		contentType: 'multipart/form-data',
		parsed: {
			data: ownKeys([
				['__proto__', { token: 'dG9rZW4=', hash: 'x', signature: 'y', status: 'PAID' }],
				['status', 'Delivered'],
				['data', '{"id":1,"amount_payed":1}'],
			]),
			files: {},
		},
		raw: undefined,
	}),
	'__proto__ urlencoded': () => ({
		contentType: 'application/x-www-form-urlencoded',
		parsed: {},
		raw: Buffer.from(
			'__proto__=x&__proto__[token]=y&constructor[prototype][polluted]=1&token=abc&status=Delivered&data=%7B%22id%22%3A1%2C%22amount_payed%22%3A1%7D',
		),
	}),
	'keys differing only in case': jsonText(
		'application/json',
		'{"Token":"dG9rZW4=","token":"eA==","TOKEN":"","Signature":"' +
			'ab'.repeat(64) +
			'","signature":"","SIGNATURE":"cd","hash":"","Hash":"' +
			'ab'.repeat(64) +
			'","Status":"DECLINED","status":"SUCCESSFUL","STATUS":"PAID","orderreference":"a","orderReference":"b","data":{"id":1,"ID":2,"amount_payed":1,"Amount_Payed":2},"Data":{"id":3}}',
	),
	'numbers as strings': jsonText(
		'application/json',
		'{"status":"Delivered","data":{"id":"0003029","amount_payed":"450000.00","payment":{"amount":"1e309"}},"token":"' +
			Buffer.from('a:b:0003029:450000.00').toString('base64') +
			'","amount":"1e309","orderReference":"12","hash":"12"}',
	),
	'numbers beyond 2^53 and exponents': jsonText(
		'application/json',
		'{"status":"Delivered","data":{"id":9007199254740993,"amount_payed":1e400},"token":"dG9rZW4=","amount":-1e400,"signature":"00"}',
	),
	'AtaraPay order that is not JSON (as in its docs)': jsonText(
		'application/json',
		'{"status":"Delivered","message":"m","data":"{\\"id\\": 3029,, \\"amount_payed\\": 1}","token":"dG9rZW4="}',
	),
	'invalid UTF-8 bytes': () => ({
		contentType: 'application/json',
		parsed: undefined,
		raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
	}),
	'lone surrogates': jsonText(
		'application/json',
		'{"status":"\\ud800","token":"\\udfff","hash":"\\ud800","signature":"\\udc00","data":{"id":1,"amount_payed":"\\ud800"}}',
	),
	'empty multipart': () => ({
		contentType: 'multipart/form-data',
		parsed: { data: {}, files: {} },
		raw: undefined,
	}),
	'multipart without data': () => ({
		contentType: 'multipart/form-data',
		parsed: { files: { f: {} } },
		raw: undefined,
	}),
	'nothing at all': () => ({ contentType: undefined, parsed: undefined, raw: undefined }),
};

/** Names of the hostile bodies, for a generator to pick from. */
export const ADVERSARIAL_BODY_NAMES = Object.keys(ADVERSARIAL);

const adversarialCache = new Map<string, Omit<CallbackRequest, 'headers' | 'clientIp'>>();
export const adversarialBody = (name: string) => {
	let built = adversarialCache.get(name);
	if (!built) {
		built = ADVERSARIAL[name]();
		adversarialCache.set(name, built);
	}
	return built;
};

export type BodyCase = {
	label: string;
	build: () => Omit<CallbackRequest, 'headers' | 'clientIp'>;
};

/** Counterexamples print an adversarial body as its name. */
export const bodyCase = (label: string, build: BodyCase['build']): BodyCase =>
	Object.assign({ label, build }, { [fc.toStringMethod]: () => `adversarial body: ${label}` });

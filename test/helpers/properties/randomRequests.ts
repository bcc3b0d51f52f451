// Random requests for the "never throws" property: bodies consistent with their content type or not,
// objects shaped like any provider's callback, hostile bodies, header maps, client addresses and
// allowlists.
import fc from 'fast-check';

import type { RequestHeaders } from '../../../nodes/shared/secrets';
import {
	ADVERSARIAL_BODY_NAMES,
	adversarialBody,
	bodyCase,
	type BodyCase,
} from './adversarialBodies';
import type { JsonObject } from './jsonPaths';
import { applyKeyCaseChange } from './mutations';
import { formFields } from './transports';

/** Field names of all three providers, in several cases, and names that are special in JavaScript. */
export const INTERESTING_KEYS = [
	'token',
	'Token',
	'TOKEN',
	'signature',
	'Signature',
	'SIGNATURE',
	'hash',
	'Hash',
	'HASH',
	'status',
	'Status',
	'STATUS',
	'message',
	'messsage',
	'Message',
	'data',
	'Data',
	'id',
	'amount_payed',
	'payment',
	'virtual_account',
	'order_details',
	'Order_details',
	'partner_order_id',
	'intrapay_order_reference',
	'callbak_data',
	'orderReference',
	'OrderReference',
	'transactionId',
	'event',
	'amount',
	'currency',
	'captureStatus',
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'valueOf',
	'hasOwnProperty',
	'length',
	'0',
	'',
];

const key = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...INTERESTING_KEYS) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

const scalar = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.stringMatching(/^\d{1,25}$/),
	fc.constantFrom(
		'NaN',
		'Infinity',
		'-0',
		'1e309',
		'0x10',
		' 42 ',
		'4.5e5',
		'',
		' ',
		'OK',
		'PAID',
		'SUCCESSFUL',
		'Delivered',
	),
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

const hex = (length: number) =>
	fc
		.uint8Array({ minLength: length / 2, maxLength: length / 2 })
		.map((bytes) => Buffer.from(bytes).toString('hex'));
const base64 = fc
	.uint8Array({ minLength: 1, maxLength: 80 })
	.map((bytes) => Buffer.from(bytes).toString('base64'));

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
							payment: fc.oneof(
								fc.record({ amount: scalar, status: scalar }, { requiredKeys: [] }),
								randomValue,
							),
							virtual_account: fc.oneof(
								fc.record({ amount: scalar, account_name: scalar }, { requiredKeys: [] }),
								randomValue,
							),
							order_details: fc.record(
								{ partner_order_id: scalar, intrapay_order_reference: scalar, status: scalar },
								{ requiredKeys: [] },
							),
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

/** The body part of a request: random, consistent with its content type or not, or adversarial. */
export const randomBody: fc.Arbitrary<
	| BodyCase
	| { label: string; contentType: string | undefined; parsed: unknown; raw: Buffer | undefined }
> = fc.oneof(
	// a JSON body as n8n parses it
	fc
		.tuple(
			fc.constantFrom('application/json', 'application/json; charset=utf-8'),
			fc.oneof(callbackLike, randomValue, fc.jsonValue()),
		)
		.map(([type, value]) => {
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
			fc.dictionary(
				key,
				fc.oneof(
					fc.string({ unit: 'binary' }),
					fc.array(fc.string({ unit: 'binary' }), { maxLength: 3 }),
				),
				{ maxKeys: 6 },
			),
		)
		.map((fields) => ({
			label: 'multipart',
			contentType: 'multipart/form-data; boundary=x',
			parsed: { data: fields, files: {} },
			raw: undefined,
		})),
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
				fc.anything({
					withBoxedValues: true,
					withMap: true,
					withSet: true,
					withNullPrototype: true,
					withSparseArray: true,
					withTypedArray: true,
					withDate: true,
				}),
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
	fc
		.tuple(fc.constantFrom(...ADVERSARIAL_BODY_NAMES), fc.option(contentType, { freq: 4 }))
		.map(([name, otherType]) =>
			bodyCase(otherType === null ? name : `${name} (sent as ${JSON.stringify(otherType)})`, () => {
				const built = adversarialBody(name);
				return otherType === null ? built : { ...built, contentType: otherType };
			}),
		),
);

export function bodyOf(
	generated:
		| BodyCase
		| { contentType: string | undefined; parsed: unknown; raw: Buffer | undefined },
) {
	return 'build' in generated ? generated.build() : generated;
}

/** Header maps as Node presents them (lower- or mixed-case names, repeated headers as arrays). */
export const headers: fc.Arbitrary<RequestHeaders> = fc.dictionary(
	fc.oneof(
		fc.constantFrom(
			'authorization',
			'Authorization',
			'content-type',
			'x-forwarded-for',
			'cookie',
			'x-signature',
			'signature',
			'hash',
			'__proto__',
		),
		fc.string({ unit: 'binary', maxLength: 20 }),
	),
	fc.oneof(
		fc.string({ unit: 'binary', maxLength: 40 }),
		fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
		fc.constant(undefined),
	),
	{ maxKeys: 6 },
);

const ip = fc.oneof(
	fc.ipV4(),
	fc.ipV6(),
	fc.ipV4().map((address) => `::ffff:${address}`),
);

/** A client address and an allowlist: none, blank, garbage, or real lists that do or do not hold the client. */
export const network = fc
	.oneof(
		{ weight: 3, arbitrary: ip.map((address): string | undefined => address) },
		{
			weight: 1,
			arbitrary: fc.constantFrom(
				undefined,
				'',
				'localhost',
				'fe80::1%eth0',
				'::',
				'0.0.0.0',
				'999.1.1.1',
			),
		},
		{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
	)
	.chain((clientIp) =>
		fc.record({
			clientIp: fc.constant(clientIp),
			ipAllowlist: fc.oneof(
				{ weight: 4, arbitrary: fc.constant('') },
				{ weight: 1, arbitrary: fc.constantFrom(' ', '\n', ' , \n,') },
				{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
				{
					weight: 2,
					arbitrary: fc
						.array(
							fc.oneof(
								ip,
								ip.map((address) => `${address}/${address.includes(':') ? 64 : 24}`),
							),
							{ minLength: 1, maxLength: 4 },
						)
						.map((list) => list.join(', ')),
				},
				// the client itself, among other addresses
				{
					weight: 2,
					arbitrary: fc
						.array(ip, { maxLength: 3 })
						.map((others) => [...others, clientIp ?? ''].join('\n')),
				},
			),
		}),
	);

/** Whether the allowlist text has any entry at all (an empty one allows everybody). */
export const allowlistIsSet = (text: string) => text.split(/[\s,]+/).some((entry) => entry !== '');

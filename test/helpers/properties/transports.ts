// Transports: one JSON body as n8n hands it to a node (see test/helpers/webhookHarness.ts), in each
// content type a provider may send it with.
import fc from 'fast-check';

import type { CallbackRequest } from '../../../nodes/shared/pipeline';
import { callbackRequest as request } from '../pipeline';
import type { JsonObject } from './jsonPaths';

export interface Transport {
	name: string;
	/** Form transports carry every top-level value as text. */
	form: boolean;
	encode(body: JsonObject): CallbackRequest;
}

/** Counterexamples print a transport as its name. */
const transport = (definition: Transport): Transport =>
	Object.assign(definition, { [fc.toStringMethod]: () => JSON.stringify(definition.name) });

/** A top-level value as a form field: objects as JSON text (AtaraPay sends `data` that way). */
export const formValue = (value: unknown) =>
	typeof value === 'string'
		? value
		: typeof value === 'object' && value !== null
			? JSON.stringify(value)
			: String(value);

export const formFields = (body: JsonObject): Record<string, string> =>
	Object.fromEntries(
		Object.entries(body)
			.filter(([, value]) => value !== undefined && value !== null)
			.map(([name, value]) => [name, formValue(value)]),
	);

/** JSON as n8n receives it: parsed, with the raw bytes kept. */
const parsedJson =
	(contentType: string): Transport['encode'] =>
	(body) => {
		const text = JSON.stringify(body);
		return request(contentType, JSON.parse(text), Buffer.from(text));
	};

/** Transports that keep the JSON text: the exact bytes JSON.stringify(body) produced. */
export const JSON_TRANSPORTS: Transport[] = [
	transport({
		name: 'application/json (parsed + raw bytes)',
		form: false,
		encode: parsedJson('application/json'),
	}),
	transport({
		name: 'application/json; charset=utf-8',
		form: false,
		encode: parsedJson('application/json; charset=utf-8'),
	}),
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
		encode: (body) =>
			request(
				'multipart/form-data; boundary=----n8nTestBoundary',
				{ data: formFields(body), files: {} },
				undefined,
			),
	}),
	transport({
		// formidable hands every field as an array of its values
		name: 'multipart/form-data (fields as arrays)',
		form: true,
		encode: (body) =>
			request(
				'multipart/form-data; boundary=----n8nTestBoundary',
				{
					data: Object.fromEntries(
						Object.entries(formFields(body)).map(([name, value]) => [name, [value]]),
					),
					files: {},
				},
				undefined,
			),
	}),
	transport({
		name: 'application/x-www-form-urlencoded',
		form: true,
		encode: (body) => {
			const fields = formFields(body);
			return request(
				'application/x-www-form-urlencoded',
				{ ...fields },
				Buffer.from(new URLSearchParams(fields).toString()),
			);
		},
	}),
	transport({
		name: 'application/x-www-form-urlencoded (raw bytes only)',
		form: true,
		encode: (body) =>
			request(
				'application/x-www-form-urlencoded',
				{},
				Buffer.from(new URLSearchParams(formFields(body)).toString()),
			),
	}),
];

export const ALL_TRANSPORTS = [...JSON_TRANSPORTS, ...FORM_TRANSPORTS];

/** A JSON request whose bytes are exactly `bytes` (parsed as n8n would, or left unparsed when they are not JSON). */
export function jsonBytesRequest(bytes: Buffer): {
	request: CallbackRequest;
	parsed: unknown;
	parses: boolean;
} {
	let parsed: unknown;
	let parses = false;
	try {
		parsed = JSON.parse(bytes.toString('utf8'));
		parses = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
	} catch {
		parsed = undefined;
	}
	// n8n answers unparseable JSON itself (422); handing the bytes over unparsed tests the node's own 400
	return {
		request: request('application/json', parses ? parsed : undefined, bytes),
		parsed,
		parses,
	};
}

/** What a payload looks like after a form transport: top-level scalars as text. */
export function formView(payload: unknown) {
	if (typeof payload !== 'object' || payload === null) return payload;
	return Object.fromEntries(
		Object.entries(payload).map(([name, value]) => [
			name,
			typeof value === 'object' && value !== null ? value : formValue(value),
		]),
	);
}

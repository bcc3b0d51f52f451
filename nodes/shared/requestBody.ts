import { isRecord } from './fields';
import type { CallbackFields } from './provider';

export interface ReceivedBody {
	/** The `Content-Type` header, if any. */
	contentType: string | undefined;
	/** What n8n already parsed into `req.body`. */
	parsed: unknown;
	/** The body bytes, when n8n kept them (`req.rawBody`). */
	raw: Buffer | undefined;
}

export type DecodedBody = { ok: true; fields: CallbackFields } | { ok: false; message: string };

const mediaType = (contentType: string | undefined) =>
	(contentType ?? '').split(';')[0].trim().toLowerCase();

/** Form parsers give repeated or multipart fields as arrays; a field sent once is its single value. */
function unwrapSingleValues(fields: Record<string, unknown>): CallbackFields {
	const out: CallbackFields = {};
	for (const [name, value] of Object.entries(fields)) {
		out[name] = Array.isArray(value) && value.length === 1 ? value[0] : value;
	}
	return out;
}

function decodeRaw(media: string, raw: Buffer): DecodedBody {
	const text = raw.toString('utf8');
	if (text.trim() === '') return { ok: false, message: 'The request body is empty.' };
	if (media === 'application/x-www-form-urlencoded') {
		return { ok: true, fields: Object.fromEntries(new URLSearchParams(text)) };
	}
	try {
		const value: unknown = JSON.parse(text);
		if (isRecord(value)) return { ok: true, fields: value };
	} catch {
		// falls through to the answer below
	}
	return { ok: false, message: 'The request body is not a JSON object or a form.' };
}

/**
 * Turns what n8n received into the callback's top-level fields, whatever the transport:
 * JSON (parsed by n8n), multipart/form-data (n8n gives `{ data: fields, files }`), urlencoded,
 * or raw bytes n8n left unparsed. Never throws: an unusable body is a 400 for the caller.
 */
export function decodeRequestBody({ contentType, parsed, raw }: ReceivedBody): DecodedBody {
	const media = mediaType(contentType);
	if (media === 'multipart/form-data') {
		const form = isRecord(parsed) ? parsed.data : undefined;
		if (isRecord(form) && Object.keys(form).length > 0) {
			return { ok: true, fields: unwrapSingleValues(form) };
		}
		return { ok: false, message: 'The multipart form has no fields.' };
	}
	if (isRecord(parsed) && Object.keys(parsed).length > 0) {
		return { ok: true, fields: parsed };
	}
	const bytes = Buffer.isBuffer(raw)
		? raw
		: typeof parsed === 'string'
			? Buffer.from(parsed)
			: undefined;
	if (bytes !== undefined) return decodeRaw(media, bytes);
	return { ok: false, message: 'The request body is empty.' };
}

/**
 * A field that may hold a JSON document as text (form transports can only send strings).
 * Text that is not JSON comes back unchanged, so the schema reports the field as the wrong type.
 */
export function parseJsonText(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return value;
	}
}

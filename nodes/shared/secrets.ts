import { hash, timingSafeEqual } from 'crypto';

/**
 * Compares a received secret with the expected one in constant time. Both sides are hashed first,
 * so the comparison neither leaks the expected length nor depends on where the first difference is.
 * (`crypto.hash` is the one-shot form: no hash object per call.)
 */
export function secretsMatch(received: string, expected: string): boolean {
	return timingSafeEqual(hash('sha256', received, 'buffer'), hash('sha256', expected, 'buffer'));
}

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** Headers with lower-case names and one string each (repeated headers joined as HTTP does). */
export function flattenHeaders(headers: RequestHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined)
			out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

const HIDDEN = '**hidden**';
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** A copy of flattened headers with credentials (Authorization, cookies) hidden. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		out[name] = CREDENTIAL_HEADERS.has(name) ? HIDDEN : value;
	}
	return out;
}

/** A credential field as text. Surrounding spaces are pasting accidents: keys never contain them. */
export function secretText(credentials: Record<string, unknown>, field: string): string {
	const value = credentials[field];
	return typeof value === 'string' ? value.trim() : '';
}

import { fieldOf } from './fields';
import type { CallbackFields } from './provider';
import { secretText, secretsMatch } from './secrets';

// The one verifier every trigger uses. A provider describes its token or signature as data (a
// SignatureCheck); verifyCallback reads what was received, decides missing or mismatch, tries every
// key set of the credential (for key rotation) and compares in constant time.

export interface VerificationInput<Payload> {
	fields: CallbackFields;
	payload: Payload;
	/** The body exactly as received, when the transport kept it (JSON and urlencoded bodies). */
	rawBody: Buffer | undefined;
	headers: Record<string, string>;
}

export type Verification =
	/** `verifiedWith` is only set when the keys from before a rotation matched, not the current ones. */
	| { ok: true; verified: true; verifiedWith?: 'previous' }
	/** An unsigned callback the user chose to accept. */
	| { ok: true; verified: false }
	| { ok: false; reason: 'missing' | 'mismatch'; message: string };

/** Which of the credential's keys a verified callback matched; null when it was not verified. */
export type VerifiedWith = 'current' | 'previous' | null;

/** How a provider writes its digest: hex digits in either case, or base64 (case-sensitive). */
export type DigestEncoding = 'hex' | 'base64';

/** A credential field the expected digest is computed from. */
export interface KeyField {
	field: string;
	/** The field holding its value from before a rotation: callbacks made with it keep passing meanwhile. */
	previousField?: string;
}

/** The values of a check's key fields, as text without surrounding spaces: one credential's worth of keys. */
export type KeySet = Readonly<Record<string, string>>;

/** A value besides the token that the expected digest needs, and what to answer when the callback lacks it. */
export interface RequiredValue<Payload> {
	present(input: VerificationInput<Payload>): boolean;
	message: string;
}

/** How a provider's callbacks prove they are genuine. Data and pure functions only. */
export interface SignatureCheck<Payload> {
	/** The top-level field carrying the token or signature. Never copied into an item, in any case. */
	field: string;
	/** Whether the field is also found under another case of its name (`Signature`, `HASH`). */
	anyCase: boolean;
	/** The received value as text, repaired of what transports do to it; null or '' when it has none. */
	read(value: unknown): string | null;
	encodings: readonly DigestEncoding[];
	/** Settings the digest depends on (IntraPay's scheme) count too: without a previous field they stay put. */
	keyFields: readonly KeyField[];
	required?: ReadonlyArray<RequiredValue<Payload>>;
	/** The node option that lets a callback without the token through, marked unverified. */
	unsignedOption?: string;
	/** The digests that would prove the callback with one key set, likeliest first; lazy, one match ends it. */
	expected(
		input: VerificationInput<Payload>,
		keys: KeySet,
		options: Record<string, unknown>,
	): Iterable<Buffer>;
	/** Sent to the caller and logged: never a key or anything received. */
	messages: { missing: string; mismatch: string };
}

/**
 * The credential's current keys, then, when a rotation is under way, its previous ones: each key
 * whose previous field is filled in takes that value, the others keep theirs (a rotation may change
 * one key of several). Lazy: the previous set is only built when the current one did not match.
 */
function* keySets(
	keyFields: readonly KeyField[],
	credentials: Record<string, unknown>,
): Generator<[KeySet, 'current' | 'previous']> {
	const current = Object.fromEntries(
		keyFields.map(({ field }) => [field, secretText(credentials, field)]),
	);
	yield [current, 'current'];
	const previous = keyFields.flatMap(({ field, previousField }) => {
		const value = previousField === undefined ? '' : secretText(credentials, previousField);
		return value === '' ? [] : [[field, value]];
	});
	if (previous.length > 0) yield [{ ...current, ...Object.fromEntries(previous) }, 'previous'];
}

const HEX_DIGITS = /^[0-9a-f]+$/i;

/**
 * Whether the received text is `digest` in one of the accepted encodings. The text shows its encoding
 * (hex has only hex digits, twice as many as the digest has bytes), so one constant-time comparison
 * is enough, and which one runs depends on what was received, never on a key.
 */
function matches(received: string, digest: Buffer, encodings: readonly DigestEncoding[]): boolean {
	if (
		encodings.includes('hex') &&
		received.length === digest.length * 2 &&
		HEX_DIGITS.test(received)
	) {
		return secretsMatch(received.toLowerCase(), digest.toString('hex'));
	}
	return encodings.includes('base64') && secretsMatch(received, digest.toString('base64'));
}

/**
 * Checks a callback's token or signature against every key set of the credential. A missing token
 * or value is not retried with other keys: no key can make it match. Stops at the first match: which
 * key set or signed form matched is no secret (the item says `verifiedWith`).
 */
export function verifyCallback<Payload>(
	check: SignatureCheck<Payload>,
	input: VerificationInput<Payload>,
	credentials: Record<string, unknown>,
	options: Record<string, unknown>,
): Verification {
	const received = check.read(
		check.anyCase ? fieldOf(input.fields, check.field) : input.fields[check.field],
	);
	if (received === null || received === '') {
		return check.unsignedOption !== undefined && options[check.unsignedOption] === true
			? { ok: true, verified: false }
			: { ok: false, reason: 'missing', message: check.messages.missing };
	}
	const absent = check.required?.find((value) => !value.present(input));
	if (absent !== undefined) return { ok: false, reason: 'missing', message: absent.message };
	for (const [keys, which] of keySets(check.keyFields, credentials)) {
		for (const digest of check.expected(input, keys, options)) {
			if (matches(received, digest, check.encodings)) {
				return which === 'current'
					? { ok: true, verified: true }
					: { ok: true, verified: true, verifiedWith: 'previous' };
			}
		}
	}
	return { ok: false, reason: 'mismatch', message: check.messages.mismatch };
}

/** A provider's `signature` and `verify`: its check, and the shared verifier bound to it. */
export const verifiedBy = <Payload>(check: SignatureCheck<Payload>) => ({
	signature: check,
	verify: (
		input: VerificationInput<Payload>,
		credentials: Record<string, unknown>,
		options: Record<string, unknown>,
	) => verifyCallback(check, input, credentials, options),
});

/** What the item says about the keys of an accepted callback. */
export const verifiedWith = (verification: Extract<Verification, { ok: true }>): VerifiedWith =>
	verification.verified ? (verification.verifiedWith ?? 'current') : null;

/** A received token that must be a string (a JSON number is no token), without surrounding spaces. */
export const plainText = (value: unknown): string | null =>
	typeof value === 'string' ? value.trim() : null;

import type { CallbackProvider } from './provider';
import { secretText } from './secrets';
import type { Verification, VerificationInput } from './verification';

/** Which of the credential's keys a verified callback matched; null when it was not verified. */
export type VerifiedWith = 'current' | 'previous' | null;

export type RotationAwareVerification =
	| { ok: true; verified: boolean; verifiedWith: VerifiedWith }
	| Extract<Verification, { ok: false }>;

/**
 * The credential as it was before the rotation: every rotating secret whose "previous" field is
 * filled in takes that value, the others keep their current one (a rotation may change only one
 * of several keys). Undefined when no previous value is filled in.
 */
export function previousCredentials(
	provider: CallbackProvider,
	credentials: Record<string, unknown>,
): Record<string, unknown> | undefined {
	const rotated = provider.rotatingSecrets.filter((secret) => secretText(credentials, secret.previousField) !== '');
	if (rotated.length === 0) return undefined;
	return {
		...credentials,
		...Object.fromEntries(rotated.map((secret) => [secret.field, credentials[secret.previousField]])),
	};
}

/**
 * Verifies with the current keys, then, for a signature or token that does not match, with the
 * previous keys. A missing signature is not retried: no key can make it match.
 */
export function verifyWithRotation<Payload extends Record<string, unknown>>(
	provider: CallbackProvider<Payload>,
	input: VerificationInput<Payload>,
	credentials: Record<string, unknown>,
	options: Record<string, unknown>,
): RotationAwareVerification {
	const current = provider.verify(input, credentials, options);
	if (current.ok) return { ...current, verifiedWith: current.verified ? 'current' : null };
	const previous = current.reason === 'mismatch' ? previousCredentials(provider, credentials) : undefined;
	if (previous === undefined) return current;
	const retried = provider.verify(input, previous, options);
	return retried.ok ? { ...retried, verifiedWith: retried.verified ? 'previous' : null } : current;
}

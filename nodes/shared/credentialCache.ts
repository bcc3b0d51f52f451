/** How long a trigger reuses a credential it loaded before asking n8n for it again. */
export const CREDENTIAL_CACHE_TTL_MS = 30_000;
const CACHE_LIMIT = 1000;

interface Cached {
	credentials: Record<string, unknown>;
	loadedAt: number;
}

/**
 * Keeps each trigger node's decrypted credential for a short while. n8n 2.x runs a community
 * trigger's webhook() while holding its single expression isolate, so every database read there
 * (n8n loads and decrypts the credential on each getCredentials call) holds up every other
 * callback. A changed credential takes effect after at most the TTL, or at once on re-activation
 * (which calls `forget`). Failed loads are not kept. In memory only, like n8n's own use of the keys.
 */
export class CredentialCache {
	private readonly entries = new Map<string, Cached>();

	constructor(
		private readonly ttlMs = CREDENTIAL_CACHE_TTL_MS,
		private readonly limit = CACHE_LIMIT,
	) {}

	async get(key: string, load: () => Promise<Record<string, unknown>>, now: number) {
		const cached = this.entries.get(key);
		if (cached && now - cached.loadedAt < this.ttlMs && now >= cached.loadedAt) return cached.credentials;
		const credentials = await load();
		this.entries.delete(key); // re-inserted as the newest
		this.entries.set(key, { credentials, loadedAt: now });
		if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
		return credentials;
	}

	/** Drops every entry of a workflow node (its credential may have changed). */
	forget(keyPrefix: string) {
		for (const key of this.entries.keys()) if (key.startsWith(keyPrefix)) this.entries.delete(key);
	}
}

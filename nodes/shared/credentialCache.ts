import { BoundedMap } from './boundedMap';

/**
 * How long a trigger reuses a credential it loaded. Short enough that an edited credential counts in
 * every n8n process within a few seconds (each process keeps its own copy; none is told of edits).
 */
export const CREDENTIAL_REUSE_MS = 3_000;
const CACHE_LIMIT = 1000;

/** A load, shared by every request that needs the credential while it runs and for CREDENTIAL_REUSE_MS. */
type Cached = Promise<Record<string, unknown>>;

/**
 * Keeps each trigger node's decrypted credential for CREDENTIAL_REUSE_MS. Loading it is not a plain
 * database read: n8n 2.40.7's `CredentialsHelper.getDecrypted` (packages/cli/src/credentials-helper.ts)
 * reads and decrypts the row, then `applyDefaultsAndOverwrites` resolves the whole credential through
 * the workflow's expression engine, which takes an expression isolate of its own (when the pool is
 * empty, a new one: tens of ms of CPU). Measured with `npm run bench:ab` (docs/benchmarks.md,
 * "Process-wide caches"), loading it on every callback cut a trigger's throughput to 0.50-0.60 for
 * forged callbacks and 0.70-0.76 for valid ones. Requests that arrive while a load runs wait for that
 * load instead of starting their own: without that, every request in flight when the reuse ran out
 * loaded it again (`npm run bench:cpu` profiles). Failed loads are not kept. In memory only, like n8n's
 * own use of keys.
 */
export class CredentialCache {
	private readonly entries: BoundedMap<string, Cached>;

	constructor(
		private readonly reuseMs = CREDENTIAL_REUSE_MS,
		limit = CACHE_LIMIT,
	) {
		this.entries = new BoundedMap(limit);
	}

	async get(key: string, load: () => Promise<Record<string, unknown>>, now: number) {
		const cached = this.entries.get(key, now);
		if (cached) return await cached;
		const credentials = load();
		this.entries.set(key, credentials, { now, expiresAt: now + this.reuseMs });
		// a failed load is not kept: the next request tries again (unless a newer load replaced it)
		credentials.catch(() => this.entries.get(key, now) === credentials && this.entries.delete(key));
		return await credentials;
	}
}

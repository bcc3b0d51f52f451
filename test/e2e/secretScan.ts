// Finds which of many secrets occur in a large text (n8n's database and log after thousands of
// callbacks) in one pass per distinct prefix, instead of one full scan per secret.

const PREFIX_LENGTH = 12;

/** The secrets that occur anywhere in `haystack`. */
export function secretsFoundIn(haystack: string, secrets: Iterable<string>): string[] {
	const byPrefix = new Map<string, string[]>();
	for (const secret of new Set(secrets)) {
		if (secret.length < 8)
			throw new Error(`secret too short to scan for reliably: ${secret.length} characters`);
		const prefix = secret.slice(0, PREFIX_LENGTH);
		byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), secret]);
	}
	const found = new Set<string>();
	for (const [prefix, group] of byPrefix) {
		for (let at = haystack.indexOf(prefix); at >= 0; at = haystack.indexOf(prefix, at + 1)) {
			for (const secret of group) if (haystack.startsWith(secret, at)) found.add(secret);
		}
	}
	return [...found];
}

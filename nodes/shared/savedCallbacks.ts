// How the duplicate store's accepted callbacks are written into the workflow's static data: one string,
// not an object with a key per callback. n8n 2.40.7 reads the static data with the workflow on every
// webhook request, forged ones included (`LiveWebhooks.executeWebhook`), and each `new Workflow` walks
// every key of it to wrap nested objects (`ObservableObject.create`, packages/workflow/src/observable-object.ts):
// an object of 1,000 keys cost every request that walk and a 1,000-property JSON parse; one string of
// the same entries costs neither (docs/benchmarks.md, "Where the accept path's time went").

/** Fingerprint of a dedupe key -> when it was accepted (ms since epoch). */
export type AcceptedCallbacks = Record<string, number>;

/**
 * The accepted callbacks as saved: "<fingerprint>.<ms in base 36>" entries, separated by spaces.
 * Copies saved by versions before 0.2 hold an AcceptedCallbacks object instead; both are read.
 */
export type SavedAcceptedCallbacks = string | AcceptedCallbacks;

const ENTRY = /^([\w-]{22})\.([0-9a-z]{1,12})$/;

export function encodeAcceptedCallbacks(accepted: AcceptedCallbacks): string {
	let text = '';
	for (const key in accepted)
		text += `${text === '' ? '' : ' '}${key}.${accepted[key].toString(36)}`;
	return text;
}

/** Calls `visit` for each well-formed entry of a saved copy, whichever form it has; skips anything else. */
export function forEachSavedCallback(
	saved: unknown,
	visit: (fingerprint: string, acceptedAt: number) => void,
) {
	if (typeof saved === 'string') {
		for (const entry of saved.split(' ')) {
			const match = ENTRY.exec(entry);
			if (match) visit(match[1], parseInt(match[2], 36));
		}
		return;
	}
	if (typeof saved !== 'object' || saved === null) return;
	for (const key in saved) {
		const acceptedAt = (saved as Record<string, unknown>)[key];
		if (typeof acceptedAt === 'number') visit(key, acceptedAt);
	}
}

/**
 * What the trigger puts in the static data n8n saves: encoded when n8n writes it (JSON.stringify calls
 * `toJSON`), so the save holds the live store as it is then, with what other requests accepted since.
 */
export function savedFormOf(accepted: () => AcceptedCallbacks): { toJSON(): string } {
	return { toJSON: () => encodeAcceptedCallbacks(accepted()) };
}

// How the property-based tests (test/unit/properties.test.ts) run a property.
import fc from 'fast-check';

/**
 * Runs fc.assert with a bounded number of runs. On failure fast-check reports the seed, the path,
 * the shrunk counterexample and the assertion that failed. To replay one failure, pass its
 * `{ seed, path, endOnFailure: true }` here; `verbose: fc.VerbosityLevel.Verbose` also lists every
 * failing value met while shrinking (long: each is a whole callback). FC_RUNS_FACTOR=20 in the
 * environment runs each property 20 times as often (a longer hunt than `npm test` can afford).
 */
export async function check<Ts extends [unknown, ...unknown[]]>(
	property: fc.IAsyncPropertyWithHooks<Ts>,
	numRuns: number,
	overrides: fc.Parameters<Ts> = {},
) {
	const factor = Number(process.env.FC_RUNS_FACTOR ?? '1');
	await fc.assert(property, {
		numRuns: Math.max(1, Math.round(numRuns * (factor > 0 ? factor : 1))),
		verbose: fc.VerbosityLevel.None,
		...overrides,
	});
}

// Property-based tests of the shared pipeline (nodes/shared/pipeline.ts) for every provider, driven by
// one table (test/helpers/properties/providerCases.ts). Callbacks are signed by the fixtures,
// independently of the code under test. A failure prints fast-check's seed, path and counterexample:
// replay it by passing `{ seed, path, endOnFailure: true }` as the third argument of that property's
// `check(...)`.
// FC_RUNS_FACTOR=20 npx jest test/unit/properties runs every property 20 times as often.
import { isIP } from 'net';

import fc from 'fast-check';

import {
	acceptedItem,
	expectDefinedAnswer,
	expectRejected,
	newRecentCallbacks,
	runPipeline,
	withoutReceivedAt,
} from '../helpers/pipeline';
import { check } from '../helpers/properties/check';
import {
	getAt,
	literalSpan,
	setAt,
	textOf,
	withoutKey,
	type JsonObject,
	type Path,
} from '../helpers/properties/jsonPaths';
import {
	applyByteMutation,
	applyKeyCaseChange,
	applyTextMutation,
	byteMutation,
	keyCaseChange,
	textMutation,
	type ByteMutation,
	type TextMutation,
} from '../helpers/properties/mutations';
import {
	PROVIDER_CASES,
	type ProviderCase,
	type SignedCallback,
} from '../helpers/properties/providerCases';
import {
	allowlistIsSet,
	bodyOf,
	headers,
	network,
	randomBody,
} from '../helpers/properties/randomRequests';
import {
	FORM_TRANSPORTS,
	JSON_TRANSPORTS,
	formView,
	jsonBytesRequest,
} from '../helpers/properties/transports';

/** Each property runs in well under this; the margin is for slow CI machines. */
const TIMEOUT_MS = 60_000;

const secretsOf = (credentials: Record<string, unknown>) =>
	Object.values(credentials).filter(
		(value): value is string => typeof value === 'string' && value.length >= 8,
	);

type Result = Awaited<ReturnType<typeof runPipeline>>;

/** Rejection messages are sent to the caller and logged: they must not carry a key or the received secret. */
function expectNoSecretIn(result: Result, secrets: string[]) {
	if (result.outcome !== 'rejected') return;
	for (const secret of secrets) expect(result.message).not.toContain(secret);
}

/** Whether the schema refuses the body (a 400), whatever its secret says. */
function schemaRefuses(testCase: ProviderCase, fields: JsonObject) {
	const secret = testCase.secretField.toLowerCase();
	const unsigned = Object.fromEntries(
		Object.entries(fields).filter(([name]) => name.toLowerCase() !== secret),
	);
	return !testCase.provider.payloadSchema.safeParse(unsigned).success;
}

/** Fails unless `result` is an accepted item that says what the secret of `callback` vouches for. */
async function expectCoveredUnchanged(
	testCase: ProviderCase,
	callback: SignedCallback,
	result: Result,
) {
	const genuine = JSON_TRANSPORTS[0].encode(callback.body);
	const original = acceptedItem(
		await runPipeline(testCase.provider, genuine, callback.credentials),
	);
	expect(testCase.coveredView(acceptedItem(result))).toEqual(testCase.coveredView(original));
}

/** What a change to a signed callback must lead to: the same item, or a refusal. */
async function expectVerdict(
	testCase: ProviderCase,
	callback: SignedCallback,
	received: JsonObject,
	result: Result,
) {
	expectDefinedAnswer(result);
	const unchanged = testCase.sameWholeBody
		? testCase.sameWholeBody(callback.body, received)
		: testCase
				.coveredPaths(callback.body)
				.every((path) =>
					testCase.sameCoveredValue(path, getAt(callback.body, path), getAt(received, path)),
				);
	if (unchanged) {
		// not a forgery: the scheme proves the same values (spec normalisations: hex case, spaces, '+')
		await expectCoveredUnchanged(testCase, callback, result);
	} else if (schemaRefuses(testCase, received)) {
		expectRejected(result, 400, 401);
	} else {
		expectRejected(result, 401);
	}
}

/**
 * What a change the secret may not cover must lead to: for a secret over the whole body the verdict
 * above; otherwise a refusal, or an item that says what the secret vouches for.
 */
async function expectRefusedOrCoveredUnchanged(
	testCase: ProviderCase,
	callback: SignedCallback,
	received: JsonObject,
	result: Result,
) {
	if (testCase.sameWholeBody) return await expectVerdict(testCase, callback, received, result);
	if (result.outcome === 'rejected') return expectRejected(result, 400, 401);
	await expectCoveredUnchanged(testCase, callback, result);
}

function transportNamed(callback: SignedCallback, name: string) {
	const transport = callback.transports.find((candidate) => candidate.name === name);
	if (!transport) throw new Error(`no transport ${name}`);
	return transport;
}

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

describe.each(PROVIDER_CASES)('$name callbacks (property-based)', (testCase) => {
	const { provider } = testCase;
	/** A signed callback, one transport it can travel in, and more values drawn for that callback. */
	const signedInTransport = <T extends object>(
		drawFor: (callback: SignedCallback) => { [K in keyof T]: fc.Arbitrary<T[K]> },
	) =>
		testCase.signed.chain((callback) =>
			fc
				.tuple(fc.constantFrom(...callback.transports), fc.record(drawFor(callback)))
				.map(([transport, drawn]) => ({ callback, transport, ...drawn })),
		);
	const eventIds = [...provider.events.map((event) => event.id), 'other'];

	it(
		'never throws: random bytes, values, headers, content types and addresses all get a defined answer, never an accepted one',
		async () => {
			const settings = fc.record({
				includeHeaders: fc.boolean(),
				events: fc.oneof(
					fc.constant([]),
					fc.subarray(eventIds),
					fc.array(fc.string(), { maxLength: 2 }),
				),
				options: fc.record(
					{
						acceptUnsignedCallbacks: fc.boolean(),
						includeCardToken: fc.boolean(),
						confirmWithApi: fc.boolean(),
						hashTemplate: fc.oneof(
							fc.string(),
							fc.constantFrom(
								'{status}|{orderReference}',
								'{transactionId}:{status}:{amount}',
								'{__proto__}{constructor}{toString}',
								'{}',
								'{{status}}',
							),
						),
					},
					{ requiredKeys: [] },
				),
				deduplicate: fc.boolean(),
			});
			await check(
				fc.asyncProperty(
					randomBody,
					headers,
					network,
					settings,
					testCase.signed.map((callback) => callback.credentials),
					async (generated, headerMap, { clientIp, ipAllowlist }, chosen, credentials) => {
						const { deduplicate, ...settingsRest } = chosen;
						const result = await runPipeline(
							provider,
							{ ...bodyOf(generated), headers: headerMap, clientIp },
							credentials,
							{
								settings: { ...settingsRest, ipAllowlist },
								recentCallbacks: deduplicate ? newRecentCallbacks() : undefined,
							},
						);

						expectDefinedAnswer(result);
						expect(result.outcome).not.toBe('misconfigured'); // the credential is complete
						if (result.outcome === 'rejected' && result.statusCode === 403)
							expect(allowlistIsSet(ipAllowlist)).toBe(true);
						const entries = ipAllowlist.split(/[\s,]+/).filter((entry) => entry !== '');
						if (
							clientIp !== undefined &&
							isIP(clientIp) !== 0 &&
							entries.includes(clientIp) &&
							entries.every((entry) => isIP(entry.split('/')[0]) !== 0)
						) {
							expect(result).not.toMatchObject({ statusCode: 403 });
						}
						// nothing here is signed: only an unsigned callback the user chose to accept gets through, as unverified
						if (result.outcome === 'accepted' || result.outcome === 'ignored') {
							expect(
								testCase.unsignedOption !== undefined &&
									chosen.options[testCase.unsignedOption as 'acceptUnsignedCallbacks'] === true,
							).toBe(true);
						}
						if (result.outcome === 'accepted') expect(result.item.verified).toBe(false);
						expectNoSecretIn(result, secretsOf(credentials));
						expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
					},
				),
				400,
			);
		},
		TIMEOUT_MS,
	);

	it(
		'answers 503 (misconfigured), never 401 or an item, when the credential lacks a secret',
		async () => {
			await check(
				fc.asyncProperty(
					signedInTransport(() => ({
						field: fc.constantFrom(...testCase.requiredSecrets),
						blank: fc.constantFrom<unknown>('', '   ', '\n', undefined, null, 42, {}),
						credentialStoreFails: fc.boolean(),
					})),
					async ({ callback, transport, field, blank, credentialStoreFails }) => {
						const result = await runPipeline(
							provider,
							transport.encode(callback.body),
							{ ...callback.credentials, [field]: blank },
							{
								loadCredentials: credentialStoreFails
									? async () => Promise.reject(new Error('Credentials not found'))
									: undefined,
							},
						);
						expect(result).toEqual({
							outcome: 'misconfigured',
							missing: expect.arrayContaining([expect.any(String)]),
						});
					},
				),
				150,
			);
		},
		TIMEOUT_MS,
	);

	it(
		're-encoded in every transport it can travel in, a valid callback verifies the same and maps to the same item',
		async () => {
			await check(
				fc.asyncProperty(testCase.signed, async (callback) => {
					const run = (transportIndex: number, options: Parameters<typeof runPipeline>[3] = {}) =>
						runPipeline(
							provider,
							callback.transports[transportIndex].encode(callback.body),
							callback.credentials,
							options,
						);
					const reference = acceptedItem(await run(0));
					expect(reference.verified).toBe(true);

					for (const [index, transport] of callback.transports.entries()) {
						const item = acceptedItem(await run(index));
						// forms carry text: a number in a JSON payload arrives as its digits
						const view = (value: Record<string, unknown>) =>
							transport.form
								? { ...withoutReceivedAt(value), payload: formView(value.payload) }
								: withoutReceivedAt(value);
						expect([transport.name, view(item)]).toEqual([transport.name, view(reference)]);
					}

					// a form cannot carry what the provider signed as JSON text: never accepted (400 today: `data` arrives as text)
					for (const transport of FORM_TRANSPORTS.filter(
						(form) => !callback.transports.includes(form),
					)) {
						const result = await runPipeline(
							provider,
							transport.encode(callback.body),
							callback.credentials,
						);
						expect([transport.name, result.outcome]).toEqual([transport.name, 'rejected']);
						expectRejected(result, 400, 401);
					}

					// the same notification in another transport is a duplicate
					const recentCallbacks = newRecentCallbacks();
					for (const [index, transport] of callback.transports.entries()) {
						const result = await run(index, { recentCallbacks });
						expect([transport.name, result.outcome]).toEqual([
							transport.name,
							index === 0 ? 'accepted' : 'ignored',
						]);
						if (index > 0) expect(result).toMatchObject({ reason: 'duplicate' });
					}

					// an event outside the filter is answered without an execution
					const others = eventIds.filter((id) => id !== reference.event);
					expect(
						await run(callback.transports.length - 1, { settings: { events: others } }),
					).toMatchObject({ outcome: 'ignored', reason: 'event_not_selected' });
					expect(
						acceptedItem(
							await run(callback.transports.length - 1, {
								settings: { events: [reference.event] },
							}),
						).event,
					).toBe(reference.event);
				}),
				60,
			);
		},
		TIMEOUT_MS,
	);

	it(
		'refuses forged, tampered, unsigned and blank secrets and a wrong key with 401, in every transport',
		async () => {
			await check(
				fc.asyncProperty(
					signedInTransport((callback) => ({
						forged: testCase.forgedSecret(callback),
						tampered: testCase.tampered(callback),
						blank: fc.constantFrom('', ' ', '\n\t'),
						wrongCredentials: fc.constantFrom(...testCase.requiredSecrets).chain((field) =>
							fc
								.string({ minLength: 1, maxLength: 30 })
								.filter((key) => key.trim() !== '' && key.trim() !== callback.credentials[field])
								.map((key) => ({ ...callback.credentials, [field]: key })),
						),
					})),
					async ({ callback, transport, forged, tampered, blank, wrongCredentials }) => {
						const send = (
							body: JsonObject,
							credentials = callback.credentials,
							options: Record<string, unknown> = {},
						) =>
							runPipeline(provider, transport.encode(body), credentials, { settings: { options } });
						const secrets = [
							...secretsOf(callback.credentials),
							String(callback.body[testCase.secretField]),
						];
						const unsignedOption = testCase.unsignedOption
							? { [testCase.unsignedOption]: true }
							: {};

						// the control: the genuine callback is accepted
						expect(acceptedItem(await send(callback.body)).verified).toBe(true);

						const forgedBody = setAt(callback.body, [testCase.secretField], forged);
						for (const options of [{}, unsignedOption]) {
							const result = await send(forgedBody, callback.credentials, options);
							expectRejected(result, 401); // a wrong secret stays refused even where unsigned callbacks are accepted
							expectNoSecretIn(result, secrets);
						}

						const tamperedResult = await send(tampered);
						expectRejected(
							tamperedResult,
							...(schemaRefuses(testCase, tampered) ? ([400, 401] as const) : ([401] as const)),
						);

						const unsigned = withoutKey(callback.body, testCase.secretField);
						expectRejected(await send(unsigned), 401);
						expectRejected(await send(setAt(callback.body, [testCase.secretField], blank)), 401);
						if (testCase.unsignedOption) {
							// docs/protocols.md §2: only with the option, and then marked unverified
							expect(
								acceptedItem(await send(unsigned, callback.credentials, unsignedOption)).verified,
							).toBe(false);
						}

						const wrongKey = await send(callback.body, wrongCredentials);
						expectRejected(wrongKey, 401);
						expectNoSecretIn(wrongKey, [...secrets, ...secretsOf(wrongCredentials)]);
					},
				),
				150,
			);
		},
		TIMEOUT_MS,
	);

	// Which bytes a secret covers differs: IntraPay's signature covers the whole body (minus the
	// signature member), so every change that alters what the body says must fail. AtaraPay's token
	// covers only the keys, data.id and data.amount_payed, and Optty's default hash only
	// "{status}|{orderReference}": changes to other bytes are NOT detectable by those schemes (a
	// property of the providers' protocols, docs/protocols.md §1 and §3), so for them this property checks
	// that whatever is still accepted says exactly what the secret vouches for (`coveredView`).
	// Changes that keep what the body says are no forgery and are accepted: whitespace between JSON
	// tokens, an escape written differently (IntraPay: the body re-serialized is what was signed), and
	// the case of the signature key.
	it(
		'every single-byte change, truncation or extension of a valid JSON body is refused, or changes nothing the secret covers',
		async () => {
			await check(
				fc.asyncProperty(
					testCase.signed.chain((callback) =>
						fc.record({
							callback: fc.constant(callback),
							mutation: byteMutation(Buffer.from(JSON.stringify(callback.body))),
						}),
					),
					async ({ callback, mutation }) => {
						const bytes = applyByteMutation(Buffer.from(JSON.stringify(callback.body)), mutation);
						const { request, parsed, parses } = jsonBytesRequest(bytes);
						const result = await runPipeline(provider, request, callback.credentials);
						expectDefinedAnswer(result);
						if (!parses) return expectRejected(result, 400);
						await expectRefusedOrCoveredUnchanged(testCase, callback, parsed as JsonObject, result);
					},
				),
				500,
			);
		},
		TIMEOUT_MS,
	);

	// The secret itself and each covered value, changed by one character or byte, cut short or
	// extended. What the spec says is the same value is accepted (see `sameCoveredValue`: hex digits in
	// another case, surrounding spaces, AtaraPay's '+' read back from a form's ' '); base64 is
	// case-sensitive, and AtaraPay's id and amount must be written exactly as signed.
	it(
		'every single-character change, truncation or extension of the secret or of a covered value is refused',
		async () => {
			type Change =
				| { path: Path; level: 'bytes of its JSON literal'; mutation: ByteMutation }
				| { path: Path; level: 'text'; transport: string; mutation: TextMutation };
			const change = (callback: SignedCallback): fc.Arbitrary<Change> =>
				fc.constantFrom(...testCase.coveredPaths(callback.body)).chain((path) => {
					const text = textOf(getAt(callback.body, path));
					const { start, end } = literalSpan(callback.body, path);
					const kinds: Array<fc.Arbitrary<Change>> = [
						byteMutation(Buffer.from(JSON.stringify(callback.body)), start, end).map(
							(mutation) => ({ path, level: 'bytes of its JSON literal', mutation }),
						),
					];
					if (text !== undefined) {
						const transports = callback.transports.map((transport) => transport.name);
						kinds.push(
							fc
								.tuple(textMutation(text), fc.constantFrom(...transports))
								.map(([mutation, transport]) => ({ path, level: 'text', transport, mutation })),
						);
					}
					return fc.oneof(...kinds);
				});
			await check(
				fc.asyncProperty(
					testCase.signed.chain((callback) =>
						fc.record({ callback: fc.constant(callback), change: change(callback) }),
					),
					async ({ callback, change }) => {
						if (change.level === 'bytes of its JSON literal') {
							const { request, parsed, parses } = jsonBytesRequest(
								applyByteMutation(Buffer.from(JSON.stringify(callback.body)), change.mutation),
							);
							const result = await runPipeline(provider, request, callback.credentials);
							if (!parses) return expectRejected(result, 400);
							return await expectVerdict(testCase, callback, parsed as JsonObject, result);
						}
						// the changed value is sent as text (a number's digits changed become a string)
						const received = setAt(
							callback.body,
							change.path,
							applyTextMutation(textOf(getAt(callback.body, change.path)) ?? '', change.mutation),
						);
						const result = await runPipeline(
							provider,
							transportNamed(callback, change.transport).encode(received),
							callback.credentials,
						);
						await expectVerdict(testCase, callback, received, result);
					},
				),
				500,
			);
		},
		TIMEOUT_MS,
	);

	// Keys are matched case-insensitively in places (IntraPay's spec, Optty's `hash`), exactly elsewhere.
	// Whatever a renamed or duplicated key does, a verified item must still say only what the secret
	// covers: a signed value may not be swapped for an unsigned one.
	it(
		'renaming keys to another case or adding case-variant duplicates never changes what a verified item says',
		async () => {
			const duplicateValue = fc.oneof(
				fc.constantFrom(
					'SUCCESSFUL',
					'DECLINED',
					'CAPTURED',
					'PAID',
					'Delivered',
					'ORDER-FORGED',
					999,
					'0'.repeat(128),
				),
				fc.string({ maxLength: 10 }),
				fc.record({ id: fc.nat(), amount_payed: fc.nat() }),
			);
			await check(
				fc.asyncProperty(
					testCase.signed.chain((callback) =>
						fc.record({
							callback: fc.constant(callback),
							change: keyCaseChange(duplicateValue),
							transport: fc.constantFrom(...callback.transports.map((transport) => transport.name)),
						}),
					),
					async ({ callback, change, transport }) => {
						const received = applyKeyCaseChange(callback.body, change);
						const result = await runPipeline(
							provider,
							transportNamed(callback, transport).encode(received),
							callback.credentials,
						);
						expectDefinedAnswer(result);
						await expectRefusedOrCoveredUnchanged(testCase, callback, received, result);
					},
				),
				300,
			);
		},
		TIMEOUT_MS,
	);
});

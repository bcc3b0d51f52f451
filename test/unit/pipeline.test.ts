import { ataraPay } from '../../nodes/AtaraPay/provider';
import { ATARAPAY_KEYS, ataraPayCallback } from '../helpers/ataraPayFixtures';
import { callbackRequest, jsonTextRequest, runPipeline } from '../helpers/pipeline';
import { PROVIDERS, type Keys } from '../helpers/providers';
import type { FakeRequest } from '../helpers/webhookHarness';

const jsonCallback = (body: object) => jsonTextRequest(JSON.stringify(body));

describe('processCallback', () => {
	it('answers 400, not a crash, when a step over unverified input throws', async () => {
		// e.g. a serializer meeting input built to exceed the stack
		const breaksOnThisInput = {
			...ataraPay,
			verify: () => {
				throw new RangeError('Maximum call stack size exceeded');
			},
		};
		const result = await runPipeline(
			breaksOnThisInput,
			jsonCallback(ataraPayCallback()),
			ATARAPAY_KEYS,
		);
		expect(result).toEqual({
			outcome: 'rejected',
			statusCode: 400,
			error: 'bad_request',
			message: 'This request is not a callback the AtaraPay Trigger can read.',
		});
	});

	it('treats an unreadable credential like an empty one: misconfigured, not a crash', async () => {
		const result = await runPipeline(ataraPay, jsonCallback(ataraPayCallback()), ATARAPAY_KEYS, {
			loadCredentials: async () => Promise.reject(new Error('Credentials not found')),
		});
		expect(result).toEqual({ outcome: 'misconfigured', missing: ['Public Key', 'Private Key'] });
	});
});

// The outcomes every provider of the tests' list must give, the test-only FakePay included.
describe.each(PROVIDERS)('processCallback for $name', (provider) => {
	const run = (request: FakeRequest, credentials: Keys = provider.keys) =>
		runPipeline(
			provider.provider,
			callbackRequest(request.headers['content-type'], request.body, request.rawBody),
			credentials,
		);
	const wrongKeys = () =>
		Object.fromEntries(
			Object.entries(provider.keys).map(([field, value]) => [field, `${value}_WRONG`]),
		);

	it('accepts the genuine callback, verified with the current keys', async () => {
		expect(await run(provider.genuine())).toMatchObject({
			outcome: 'accepted',
			item: { provider: provider.id, verified: true, verifiedWith: 'current' },
		});
	});

	it('refuses a tampered, an unsigned and a wrong-key callback with 401', async () => {
		for (const request of [
			provider.tampered(provider.keys),
			provider.unsigned(),
			provider.signedWith(wrongKeys()),
		]) {
			expect(await run(request)).toMatchObject({ outcome: 'rejected', statusCode: 401 });
		}
		// a forged one: the genuine callback checked against another account's keys
		expect(await run(provider.genuine(), wrongKeys())).toMatchObject({
			outcome: 'rejected',
			statusCode: 401,
		});
	});

	it('answers misconfigured, naming the fields, while the credential is empty', async () => {
		const labels = provider.provider.requiredSecrets
			.filter((secret) => !secret.whenOption)
			.map(({ label }) => label);
		expect(await run(provider.genuine(), {})).toEqual({
			outcome: 'misconfigured',
			missing: labels,
		});
	});
});

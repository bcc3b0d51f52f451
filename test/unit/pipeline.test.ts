import { ataraPay } from '../../nodes/AtaraPay/provider';
import { ATARAPAY_KEYS, ataraPayCallback } from '../helpers/ataraPayFixtures';
import { jsonTextRequest, runPipeline } from '../helpers/pipeline';

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
		const result = await runPipeline(breaksOnThisInput, jsonCallback(ataraPayCallback()), ATARAPAY_KEYS);
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

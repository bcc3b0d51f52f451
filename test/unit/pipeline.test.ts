import { ataraPay } from '../../nodes/AtaraPay/provider';
import { processCallback, type PipelineContext } from '../../nodes/shared/pipeline';
import { ATARAPAY_KEYS, ataraPayCallback } from '../helpers/ataraPayFixtures';

const context = (overrides: Partial<PipelineContext> = {}): PipelineContext => ({
	loadCredentials: async () => ATARAPAY_KEYS,
	settings: { events: [], suppressDuplicates: false, ipAllowlist: '', includeHeaders: false, options: {} },
	recentCallbacks: undefined,
	now: new Date('2026-11-22T10:00:00Z'),
	...overrides,
});

const jsonCallback = (body: object) => ({
	contentType: 'application/json',
	parsed: body,
	raw: Buffer.from(JSON.stringify(body)),
	headers: {},
	clientIp: '203.0.113.7',
});

describe('processCallback', () => {
	it('answers 400, not a crash, when a step over unverified input throws', async () => {
		// e.g. a serializer meeting input built to exceed the stack
		const breaksOnThisInput = {
			...ataraPay,
			verify: () => {
				throw new RangeError('Maximum call stack size exceeded');
			},
		};
		const result = await processCallback(breaksOnThisInput, jsonCallback(ataraPayCallback()), context());
		expect(result).toEqual({
			outcome: 'rejected',
			statusCode: 400,
			error: 'bad_request',
			message: 'This request is not a callback the AtaraPay Trigger can read.',
		});
	});

	it('treats an unreadable credential like an empty one: misconfigured, not a crash', async () => {
		const result = await processCallback(
			ataraPay,
			jsonCallback(ataraPayCallback()),
			context({ loadCredentials: async () => Promise.reject(new Error('Credentials not found')) }),
		);
		expect(result).toEqual({ outcome: 'misconfigured', missing: ['Public Key', 'Private Key'] });
	});
});

import { forgetOpttyTokens } from '../../nodes/Optty/confirmation';
import {
	FakeOptty,
	OPTTY_KEYS,
	SUCCESSFUL_ORDER_SUMMARY,
	opttyHash,
	opttyNotification,
} from '../helpers/opttyFixtures';
import { OPTTY, harnessOf } from '../helpers/providers';
import { expectRefused, onlyItem, jsonRequest } from '../helpers/webhookHarness';

const harness = harnessOf(OPTTY);

describe('Optty Trigger webhook (real WebhookContext)', () => {
	it('turns a valid notification into exactly one item, without the card token', async () => {
		const notification = opttyNotification({ token: 'card-token-4242' });
		const { result } = await harness().send(jsonRequest(notification));
		const { hash: _hash, token: _token, ...payload } = notification;
		expect(onlyItem(result)).toEqual({
			provider: 'optty',
			event: 'order_successful',
			...SUCCESSFUL_ORDER_SUMMARY,
			verified: true,
			verifiedWith: 'current',
			dedupeKey: 'optty:TX-TEST-0001:ORDER_STATUS_UPDATE:SUCCESSFUL',
			receivedAt: expect.any(String),
			payload,
		});
		expect(JSON.stringify(result.workflowData)).not.toContain('card-token-4242');
	});

	it('keeps the card token only with "Include Card Token"', async () => {
		const trigger = harness({ parameters: { options: { includeCardToken: true } } });
		const { result } = await trigger.send(
			jsonRequest(opttyNotification({ token: 'card-token-4242' })),
		);
		expect(onlyItem(result).payload).toMatchObject({ token: 'card-token-4242' });
	});

	it.each([
		['a forged hash', 401, opttyNotification({ hash: 'ab'.repeat(64) })],
		['a missing hash', 401, (({ hash: _h, ...rest }) => rest)(opttyNotification())],
		['a changed status', 401, { ...opttyNotification(), status: 'DECLINED' }],
		[
			'a hash made with another secret',
			401,
			opttyNotification({
				hash: opttyHash('SUCCESSFUL|ORDER-TEST-0001', 'hex', 'TEST_HASH_SECRET_0000'),
			}),
		],
	])('refuses %s with %d and no workflow data', async (_name, statusCode, body) => {
		expectRefused(await harness().send(jsonRequest(body)), statusCode, [OPTTY_KEYS.hashSecret]);
	});

	it('answers 200 without data for a filtered event and for a repeat', async () => {
		const filtered = await harness({ parameters: { events: ['order_declined'] } }).send(
			jsonRequest(opttyNotification()),
		);
		expect(filtered.result).toEqual({
			webhookResponse: { received: true, ignored: 'event_not_selected' },
		});

		const trigger = harness();
		expect(onlyItem((await trigger.send(jsonRequest(opttyNotification()))).result).event).toBe(
			'order_successful',
		);
		const repeat = await trigger.send(jsonRequest(opttyNotification()));
		expect(repeat.result).toEqual({ webhookResponse: { received: true, ignored: 'duplicate' } });
	});

	it('fails activation without the hash secret, and without client keys when confirmation is on', async () => {
		await expect(
			harness({ credentials: { ...OPTTY_KEYS, hashSecret: '' } }).lifecycle('create'),
		).rejects.toThrow('The Optty API credential has no Hash Secret');
		const noClient = { ...OPTTY_KEYS, clientId: '', clientSecret: '' };
		expect(await harness({ credentials: noClient }).lifecycle('create')).toBe(true);
		await expect(
			harness({
				credentials: noClient,
				parameters: { options: { confirmWithApi: true } },
			}).lifecycle('create'),
		).rejects.toThrow('has no Client ID and Client Secret');
	});
});

describe('Optty Trigger "Confirm with Optty API" against a fake Optty on loopback', () => {
	let fake: FakeOptty;
	beforeEach(async () => {
		forgetOpttyTokens();
		fake = await new FakeOptty().start();
	});
	afterEach(async () => await fake.stop());

	const confirming = (credentials: Record<string, unknown> = {}) =>
		harness({
			credentials: { ...OPTTY_KEYS, authUrl: fake.url, apiUrl: `${fake.url}/`, ...credentials },
			parameters: { options: { confirmWithApi: true } },
		});

	it('asks for a token with the client credentials, reuses it, and reports agreement', async () => {
		fake.orderStatuses.set('ORDER-A', 'SUCCESSFUL').set('ORDER-B', 'SUCCESSFUL');
		const trigger = confirming();
		const first = onlyItem(
			(
				await trigger.send(
					jsonRequest(opttyNotification({ orderReference: 'ORDER-A', transactionId: 'TX-A' })),
				)
			).result,
		);
		const second = onlyItem(
			(
				await trigger.send(
					jsonRequest(opttyNotification({ orderReference: 'ORDER-B', transactionId: 'TX-B' })),
				)
			).result,
		);

		expect(first).toMatchObject({ confirmed: true, confirmedStatus: 'SUCCESSFUL' });
		expect(second).toMatchObject({ confirmed: true, confirmedStatus: 'SUCCESSFUL' });
		expect(fake.tokenRequests).toEqual([
			{
				client_id: OPTTY_KEYS.clientId,
				client_secret: OPTTY_KEYS.clientSecret,
				grant_type: 'client_credentials',
				scope: 'api-user',
			},
		]);
		expect(fake.orderRequests).toEqual([
			{ reference: 'ORDER-A', authorization: 'Bearer token-1' },
			{ reference: 'ORDER-B', authorization: 'Bearer token-1' },
		]);
	});

	it('says so when the API disagrees with the callback', async () => {
		fake.orderStatuses.set('ORDER-TEST-0001', 'DECLINED');
		const item = onlyItem((await confirming().send(jsonRequest(opttyNotification()))).result);
		expect(item).toMatchObject({
			event: 'order_successful',
			status: 'SUCCESSFUL',
			confirmed: false,
			confirmedStatus: 'DECLINED',
		});
	});

	it('treats CANCELED and CANCELLED as the same status', async () => {
		fake.orderStatuses.set('ORDER-TEST-0001', 'CANCELLED');
		const body = opttyNotification({
			status: 'CANCELED',
			hash: opttyHash('CANCELED|ORDER-TEST-0001'),
		});
		expect(onlyItem((await confirming().send(jsonRequest(body))).result)).toMatchObject({
			confirmed: true,
			confirmedStatus: 'CANCELLED',
		});
	});

	it('still emits the item, saying why, when the API is down or refuses the keys', async () => {
		const down = confirming({ authUrl: 'http://127.0.0.1:9', apiUrl: 'http://127.0.0.1:9' });
		const started = Date.now();
		const item = onlyItem((await down.send(jsonRequest(opttyNotification()))).result);
		expect(Date.now() - started).toBeLessThan(9000);
		expect(item).toMatchObject({
			verified: true,
			confirmed: null,
			confirmedStatus: null,
			confirmationError: expect.stringContaining("Optty's API could not confirm"),
		});

		const wrongKeys = onlyItem(
			(
				await confirming({ clientSecret: 'TEST_CLIENT_SECRET_0000' }).send(
					jsonRequest(opttyNotification({ transactionId: 'TX-2' })),
				)
			).result,
		);
		expect(wrongKeys).toMatchObject({ confirmed: null, confirmationError: expect.any(String) });
		expect(JSON.stringify(wrongKeys)).not.toContain('TEST_CLIENT_SECRET');
	});

	it('adds nothing when the option is off', async () => {
		const item = onlyItem(
			(
				await harness({ credentials: { ...OPTTY_KEYS, authUrl: fake.url, apiUrl: fake.url } }).send(
					jsonRequest(opttyNotification()),
				)
			).result,
		);
		expect(item).not.toHaveProperty('confirmed');
		expect(fake.tokenRequests).toEqual([]);
	});
});

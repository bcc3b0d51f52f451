// The `simulate` command: every sample of every provider passes the real pipeline as the event it
// claims to be, forged ones never do, and the command line explains answers without echoing keys.
import { createServer, type Server } from 'http';

import { runCli } from '../../simulator/src/main';
import { readKeys } from '../../simulator/src/keys';
import { loadSimulations } from '../../simulator/src/simulations';
import type { CallbackSimulation } from '../../nodes/shared/simulation';
import { ATARAPAY_KEYS, tokenFor } from '../helpers/ataraPayFixtures';
import { INTRAPAY_KEYS, digestOf } from '../helpers/intraPayFixtures';
import { OPTTY_KEYS, opttyHash } from '../helpers/opttyFixtures';
import { jsonTextRequest, runPipeline } from '../helpers/pipeline';
import { PRODUCT_PROVIDERS } from '../helpers/providers';

const pkg = require('../../package.json') as { n8n: { nodes: string[] } };
const simulations = loadSimulations();

/** The test credentials of each provider: the simulator is given their signing keys. */
const CREDENTIALS: Record<string, Record<string, string>> = Object.fromEntries(
	PRODUCT_PROVIDERS.map(({ id, keys }) => [id, keys]),
);

async function throughPipeline(
	simulation: CallbackSimulation,
	request: { contentType: string; body: string },
	options = {},
) {
	const { provider } = simulation;
	const received = jsonTextRequest(request.body, request.contentType);
	return await runPipeline(provider, received, CREDENTIALS[provider.id], { settings: { options } });
}

const eventsOf = (simulation: CallbackSimulation) => [
	...simulation.provider.events.map((event) => event.id),
	'other',
];
const keysFor = (simulation: CallbackSimulation, forged = false) => {
	const keys = readKeys(
		simulation,
		{},
		envFor(CREDENTIALS[simulation.provider.id], simulation.provider.id),
		forged,
	);
	if (!keys.ok) throw new Error(keys.message);
	return keys.keys;
};
/** Credentials as environment variables, the way a user would export them. */
const envFor = (credentials: Record<string, string>, providerId: string) =>
	Object.fromEntries(
		Object.entries(credentials).map(([field, value]) => [
			`${providerId}_${field.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase(),
			value,
		]),
	);

describe('sample callbacks', () => {
	it('exist for every trigger the package declares, found beside each node', () => {
		expect(simulations.map((simulation) => simulation.provider.id)).toEqual(
			PRODUCT_PROVIDERS.map(({ id }) => id),
		);
		// the very module the registry holds, not a copy
		simulations.forEach((simulation, index) =>
			expect(simulation.provider).toBe(PRODUCT_PROVIDERS[index].provider),
		);
		expect(simulations).toHaveLength(pkg.n8n.nodes.length);
	});

	describe.each(
		simulations.map((simulation) => [simulation.provider.displayName, simulation] as const),
	)('%s', (_name, simulation) => {
		it.each(eventsOf(simulation))(
			'"%s": the real pipeline accepts it as that event, verified with the current keys',
			async (event) => {
				const unsigned = simulation.unsignedEvents?.[event] !== undefined;
				const request = simulation.callback(event, '4821', keysFor(simulation));
				const result = await throughPipeline(
					simulation,
					request,
					unsigned ? { acceptUnsignedCallbacks: true } : {},
				);
				expect(result).toMatchObject({
					outcome: 'accepted',
					item: { event, verified: !unsigned, verifiedWith: unsigned ? null : 'current' },
				});
				// the order id given to the simulator is the one the item names
				const { item } = result as {
					item: { orderId: string | null; merchantReference: string | null };
				};
				expect(`${item.orderId} ${item.merchantReference}`).toContain('4821');
				if (!unsigned)
					expect(await throughPipeline(simulation, request, {})).toMatchObject({
						outcome: 'accepted',
					});
			},
		);

		it.each(
			eventsOf(simulation).filter((event) => simulation.unsignedEvents?.[event] === undefined),
		)('"%s" forged (made-up keys): refused with 401', async (event) => {
			const request = simulation.callback(event, '4821', keysFor(simulation, true));
			expect(await throughPipeline(simulation, request)).toMatchObject({
				outcome: 'rejected',
				statusCode: 401,
			});
		});

		it('tampered after signing, or with the keys of another account: refused with 401', async () => {
			const [event] = eventsOf(simulation);
			const request = simulation.callback(event, '4821', keysFor(simulation));
			const tampered = { ...request, body: request.body.replace(/4821/g, '4822') };
			expect(tampered.body).not.toBe(request.body);
			expect(await throughPipeline(simulation, tampered)).toMatchObject({
				outcome: 'rejected',
				statusCode: 401,
			});
			const otherAccount = Object.fromEntries(
				Object.entries(keysFor(simulation)).map(([field, value]) => [
					field,
					field === 'signatureScheme' ? value : `${value}X`,
				]),
			);
			expect(
				await throughPipeline(simulation, simulation.callback(event, '4821', otherAccount)),
			).toMatchObject({ statusCode: 401 });
		});

		it('makes a distinct notification for each order id, and the same one for the same id', async () => {
			const [event] = eventsOf(simulation);
			const keys = keysFor(simulation);
			const dedupeKeyOf = async (orderId: string) => {
				const result = await throughPipeline(simulation, simulation.callback(event, orderId, keys));
				return result.outcome === 'accepted' ? result.dedupeKey : result.outcome;
			};
			expect(await dedupeKeyOf('1001')).toBe(await dedupeKeyOf('1001'));
			expect(await dedupeKeyOf('1001')).not.toBe(await dedupeKeyOf('1002'));
		});
	});

	it('sign as the spec says (checked against independently computed tokens and digests)', () => {
		// by id, not by position: the registry's order is not this test's business
		const simulationOf = (id: string) =>
			simulations.find((simulation) => simulation.provider.id === id)!;
		const [ataraPay, intraPay, optty] = ['atarapay', 'intrapay', 'optty'].map(simulationOf);
		const atara = JSON.parse(
			ataraPay.callback('delivery_completed', '3029', keysFor(ataraPay)).body,
		);
		expect(atara.token).toBe(tokenFor(ATARAPAY_KEYS, 3029, atara.data.amount_payed));
		for (const scheme of ['hmacSha512', 'sha512BodySecret', 'sha512SecretBody'] as const) {
			const body = intraPay.callback('payment_paid', '7', {
				...keysFor(intraPay),
				signatureScheme: scheme,
			}).body;
			const [, signed, signature] = /^(.*),"signature":"([0-9a-f]{128})"\}$/.exec(body)!;
			expect(signature).toBe(digestOf(`${signed}}`, scheme));
		}
		const declined = JSON.parse(optty.callback('order_declined', '7', keysFor(optty)).body);
		expect(declined.hash).toBe(opttyHash(`DECLINED|${declined.orderReference}`));
	});
});

describe('the simulate command', () => {
	let server: Server;
	let url = '';
	const received: Array<{ contentType: string | undefined; body: string }> = [];
	let answer = { status: 200, body: '{"message":"Workflow was started"}' };

	beforeAll(async () => {
		server = createServer(async (request, response) => {
			const chunks: Buffer[] = [];
			for await (const chunk of request) chunks.push(chunk as Buffer);
			received.push({
				contentType: request.headers['content-type'],
				body: Buffer.concat(chunks).toString(),
			});
			response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook/abc/webhook`;
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));

	async function run(args: string[], env: Record<string, string> = {}) {
		const out: string[] = [];
		const err: string[] = [];
		const code = await runCli(args, env, {
			out: (line) => out.push(line),
			err: (line) => err.push(line),
		});
		return { code, out: out.join('\n'), err: err.join('\n') };
	}
	const ataraPayEnv = envFor(ATARAPAY_KEYS, 'atarapay');
	/** Simulates an AtaraPay delivery_completed callback to the test server. */
	const simulateDelivery = (env: Record<string, string>, flags: string[] = []) =>
		run(['simulate', 'atarapay', 'delivery_completed', '--url', url, ...flags], env);

	it('sends a signed sample with keys from environment variables, and exits 0 when n8n starts the workflow', async () => {
		received.length = 0;
		answer = { status: 200, body: '{"message":"Workflow was started"}' };
		const result = await run(
			['simulate', 'atarapay', 'buyer_accepted', '--url', url, '--order-id', '3029'],
			ataraPayEnv,
		);
		expect(result).toMatchObject({ code: 0, err: '' });
		expect(result.out).toContain(
			'Accepted: the trigger verified the callback and started the workflow',
		);
		expect(received).toHaveLength(1);
		expect(received[0].contentType).toBe('application/json');
		const sent = JSON.parse(received[0].body);
		expect([sent.status, sent.data.id, sent.token]).toEqual([
			'Accepted',
			3029,
			tokenFor(ATARAPAY_KEYS, 3029, sent.data.amount_payed),
		]);
	});

	it('prefers flags to environment variables', async () => {
		received.length = 0;
		const result = await run(
			[
				'simulate',
				'optty',
				'order_declined',
				'--url',
				url,
				'--hash-secret',
				OPTTY_KEYS.hashSecret,
				'--order-id',
				'A1',
			],
			{ OPTTY_HASH_SECRET: 'not-the-one' },
		);
		expect(result.code).toBe(0);
		expect(JSON.parse(received[0].body).hash).toBe(opttyHash('DECLINED|ORDER-A1'));
	});

	it('gives each run a new order unless --order-id is given', async () => {
		received.length = 0;
		const simulatePaid = () =>
			run(
				['simulate', 'intrapay', 'payment_paid', '--url', url],
				envFor(INTRAPAY_KEYS, 'intrapay'),
			);
		await simulatePaid();
		await new Promise((resolve) => setTimeout(resolve, 5));
		await simulatePaid();
		const references = received.map(
			(request) => JSON.parse(request.body).data.order_details.partner_order_id,
		);
		expect(new Set(references).size).toBe(2);
	});

	it('--forged needs no keys, is refused with 401 as expected (exit 0), and exits 1 if a URL accepts it', async () => {
		answer = { status: 401, body: '{"error":"unauthorized"}' };
		const refused = await simulateDelivery({}, ['--forged']);
		expect(refused.code).toBe(0);
		expect(refused.out).toMatch(/FORGED[\s\S]*Refused with 401, as it should be/);
		answer = { status: 200, body: '{"message":"Workflow was started"}' };
		const accepted = await simulateDelivery({}, ['--forged']);
		expect(accepted.code).toBe(1);
		expect(accepted.out).toContain('did not check the signature');
	});

	it.each([
		[401, '{}', /Refused with 401: the signature or token did not match/],
		[404, '{}', /no active workflow listens at this URL/],
		[403, '{}', /IP Allowlist/],
		[503, '{}', /credential has no keys/],
		[200, '{"received":true,"ignored":"duplicate"}', /not run again/],
		[200, '{"received":true,"ignored":"event_not_selected"}', /not among the events chosen/],
	])('explains an answer %i %s in plain words', async (status, body, explanation) => {
		answer = { status, body };
		const result = await simulateDelivery(ataraPayEnv);
		expect(result.out).toMatch(explanation);
		expect(result.code).toBe(status === 200 ? 0 : 1);
	});

	it("tells how to use a Test URL when n8n is not listening on it, showing n8n's message without its stack trace", async () => {
		answer = {
			status: 404,
			body: '{"code":404,"message":"The requested webhook is not registered.","stacktrace":"ResponseError: at x"}',
		};
		const result = await run(
			[
				'simulate',
				'atarapay',
				'delivery_completed',
				'--url',
				url.replace('/webhook/', '/webhook-test/'),
			],
			ataraPayEnv,
		);
		expect(result.out).toContain('n8n answered 404: The requested webhook is not registered.');
		expect(result.out).not.toContain('stacktrace');
		expect(result.out).toContain('Listen for test event');
	});

	it('never prints a key, not even when refused or misused', async () => {
		answer = { status: 401, body: '{}' };
		const results = [
			await simulateDelivery(ataraPayEnv),
			await simulateDelivery(ataraPayEnv, ['--private-key', ATARAPAY_KEYS.privateKey]),
			await simulateDelivery(ataraPayEnv, ['--hash-secret', OPTTY_KEYS.hashSecret]),
			await simulateDelivery({}, ['--private-key', ATARAPAY_KEYS.privateKey]),
		];
		for (const result of results) {
			for (const secret of [
				ATARAPAY_KEYS.publicKey,
				ATARAPAY_KEYS.privateKey,
				OPTTY_KEYS.hashSecret,
			]) {
				expect(result.out + result.err).not.toContain(secret);
			}
		}
	});

	it.each([
		[[], /What should it do\?/],
		[['launch'], /Unknown command "launch"/],
		[['simulate', 'paypal', 'x'], /Unknown provider "paypal"/],
		[
			['simulate', 'atarapay', 'paid'],
			/Unknown event "paid"\. AtaraPay events: delivery_completed, .*other\./,
		],
		[['simulate', 'atarapay', 'delivery_completed'], /Give the trigger's URL with --url/],
		[
			['simulate', 'atarapay', 'delivery_completed', '--url', 'localhost:5678'],
			/Give the trigger's URL with --url/,
		],
		[
			[
				'simulate',
				'atarapay',
				'delivery_completed',
				'--url',
				'http://x',
				'--order-id',
				'A-1',
				'--forged',
			],
			/AtaraPay order ids are whole numbers/,
		],
		[
			['simulate', 'atarapay', 'delivery_completed', '--url', 'http://x', '--hash-secret', 's'],
			/--hash-secret is not one of AtaraPay's keys/,
		],
		[
			['simulate', 'atarapay', 'delivery_completed', '--url', 'http://x'],
			/Public Key: pass --public-key <value> or set ATARAPAY_PUBLIC_KEY\n {2}Private Key: pass --private-key <value> or set ATARAPAY_PRIVATE_KEY/,
		],
		[
			[
				'simulate',
				'intrapay',
				'payment_paid',
				'--url',
				'http://x',
				'--signature-scheme',
				'md5',
				'--forged',
			],
			/--signature-scheme must be one of: hmacSha512, sha512BodySecret, sha512SecretBody/,
		],
		[['simulate', 'atarapay', 'delivery_completed', '--colour'], /Unknown option '--colour'/],
	])('answers a usage mistake %j with exit 2 and what to do', async (args, message) => {
		received.length = 0;
		const result = await run(args as string[]);
		expect(result.code).toBe(2);
		expect(result.err).toMatch(message);
		expect(received).toHaveLength(0);
	});

	it('lists every provider and event, and prints help', async () => {
		const events = await run(['events']);
		expect(events.code).toBe(0);
		for (const simulation of simulations)
			for (const event of eventsOf(simulation)) expect(events.out).toContain(event);
		expect((await run(['events', 'optty'])).out).not.toContain('delivery_completed');
		const help = await run(['help']);
		expect(help.code).toBe(0);
		expect(help.out).toMatch(/--public-key\s+or ATARAPAY_PUBLIC_KEY/);
		expect(help.out).toMatch(/--hash-secret\s+or OPTTY_HASH_SECRET/);
	});

	it('says so when nothing answers at the URL', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as { port: number }).port;
		await new Promise((resolve) => closed.close(resolve));
		const result = await run(
			[
				'simulate',
				'atarapay',
				'delivery_completed',
				'--url',
				`http://127.0.0.1:${port}/webhook/x/webhook`,
			],
			ataraPayEnv,
		);
		expect(result).toMatchObject({ code: 1, err: expect.stringContaining('ECONNREFUSED') });
	});
});

// Optty notifications signed with the fake hash secret of docs/protocols.md §5, computed here
// with Node's crypto independently of the code under test.
import { createHmac } from 'crypto';
import { createServer, type IncomingMessage, type Server } from 'http';

export const OPTTY_KEYS = {
	environment: 'sandbox',
	hashSecret: ['TEST', 'HASH', 'SECRET', '2222'].join('_'),
	clientId: 'test-client-id',
	clientSecret: ['TEST', 'CLIENT', 'SECRET', '3333'].join('_'),
	authUrl: '',
	apiUrl: '',
};

/** docs/protocols.md §5 */
export const SPEC_OPTTY = {
	message: 'SUCCESSFUL|ORDER-TEST-0001',
	hex: '2dd63b76ae37402b90bf3bdf62b0ecf6378715c960d97b27221ef30a195c9dd16e3bb60a3d3cd969892540362c63b0612d09611c1205741dd2955982a23ff898',
	base64:
		'LdY7dq43QCuQvzvfYrDs9jeHFclg2XsnIh7zChlcndFuO7YKPTzZaYklQDYsY7BhLQlhHBIFdB3SlVmCoj/4mA==',
	declinedHex:
		'c51d40921356e9fcb6df18aae19a2a4ca0a1486b934015f620b946998b75732798fa8b203438c7edfdf74bc233678d97e8f7ba12e332305835a5d431050c616a',
};

export const opttyHash = (
	message: string,
	encoding: 'hex' | 'base64' = 'hex',
	secret = OPTTY_KEYS.hashSecret,
) => createHmac('sha512', secret).update(message).digest(encoding);

export function opttyNotification(overrides: Record<string, unknown> = {}) {
	const notification: Record<string, unknown> = {
		event: 'ORDER_STATUS_UPDATE',
		status: 'SUCCESSFUL',
		transactionId: 'TX-TEST-0001',
		orderId: 'BNPL-0001',
		orderReference: 'ORDER-TEST-0001',
		transactionReference: 'TREF-0001',
		amount: 149.95,
		currency: 'AUD',
		provider: 'FAT_ZEBRA_AU',
		captureStatus: 'CAPTURED',
		...overrides,
	};
	if (!('hash' in overrides)) {
		notification.hash = opttyHash(
			`${String(notification.status)}|${String(notification.orderReference)}`,
		);
	}
	return notification;
}

/** What the item says about `opttyNotification()` (independent of the code under test). */
export const SUCCESSFUL_ORDER_SUMMARY = {
	status: 'SUCCESSFUL',
	orderId: 'BNPL-0001',
	merchantReference: 'ORDER-TEST-0001',
	amount: 149.95,
	amountMinor: 14995,
	currency: 'AUD',
};

/** A stand-in for Optty's token endpoint and order API, on loopback, recording what it was asked. */
export class FakeOptty {
	readonly tokenRequests: Array<Record<string, string>> = [];
	readonly orderRequests: Array<{ reference: string; authorization: string | undefined }> = [];
	orderStatuses = new Map<string, string>();
	private issued = 0;
	private server: Server | undefined;
	url = '';

	async start() {
		this.server = createServer((request, response) => void this.handle(request, response));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as { port: number };
		this.url = `http://127.0.0.1:${port}`;
		return this;
	}

	async stop() {
		await new Promise((resolve) => this.server?.close(resolve));
	}

	private async handle(request: IncomingMessage, response: import('http').ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const send = (status: number, body: object) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};
		if (request.method === 'POST' && request.url === '/token') {
			const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
			this.tokenRequests.push(form);
			if (
				form.client_id !== OPTTY_KEYS.clientId ||
				form.client_secret !== OPTTY_KEYS.clientSecret
			) {
				return send(401, { error: 'invalid_client' });
			}
			this.issued++;
			return send(200, {
				access_token: `token-${this.issued}`,
				token_type: 'Bearer',
				expires_in: 3600,
			});
		}
		const order = /^\/orders\/([^/?]+)$/.exec(request.url ?? '');
		if (request.method === 'GET' && order) {
			const reference = decodeURIComponent(order[1]);
			this.orderRequests.push({ reference, authorization: request.headers.authorization });
			if (!request.headers.authorization?.startsWith('Bearer token-'))
				return send(401, { error: 'unauthorized' });
			const status = this.orderStatuses.get(reference);
			return status
				? send(200, { orderReference: reference, status })
				: send(404, { error: 'not found' });
		}
		send(404, { error: 'no such route' });
	}
}

// The real n8n's only way out in tests: its HTTP_PROXY/HTTPS_PROXY (n8n routes every outbound request
// through them). Each request that reaches the gate is written down by destination and refused at
// once, so a run never depends on the internet, nor on how fast this machine's DNS says no, and a test
// can see where a node tried to go (the Google Sheets example: Google's Sheets API).
import { createServer, type Server } from 'http';

export class EgressGate {
	/** Where n8n tried to go, as host:port, in order. */
	readonly destinations: string[] = [];
	private server: Server | undefined;
	private url = '';

	async listen() {
		if (this.server) return;
		const server = createServer((request, response) => {
			// plain HTTP through a proxy names the whole URL
			const target = new URL(request.url ?? '', 'http://unknown');
			this.destinations.push(`${target.hostname}:${target.port || 80}`);
			response
				.writeHead(403, { 'content-type': 'text/plain' })
				.end('outbound requests are refused in tests');
		});
		// HTTPS goes through a CONNECT tunnel that names host:port
		server.on('connect', (request, socket) => {
			this.destinations.push(request.url ?? '');
			socket.on('error', () => undefined);
			socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		server.unref(); // never what keeps a test process alive
		this.server = server;
		this.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	}

	/** The environment that sends n8n's outbound requests here; loopback (fakes, the task runner) stays direct. */
	proxyEnvironment(): Record<string, string> {
		if (!this.url) return {};
		return {
			HTTP_PROXY: this.url,
			HTTPS_PROXY: this.url,
			ALL_PROXY: this.url,
			NO_PROXY: '127.0.0.1,localhost',
		};
	}

	close() {
		this.server?.closeAllConnections();
		this.server?.close();
	}
}

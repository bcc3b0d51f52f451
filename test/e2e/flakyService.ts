// A downstream service on loopback that a workflow calls after the trigger (n8n's HTTP Request node):
// it answers as the test plans it, one step per request (fail, succeed, or hold until released), so
// the end-to-end tests can make a run fail, succeed, or stay in flight.
import { createServer, type Server } from 'http';

export type Step = 'ok' | 'fail' | 'hold';

export class FlakyService {
	/** The path and query of every request received, in order. */
	readonly requests: string[] = [];
	url = '';
	private server: Server | undefined;
	private readonly plan: Step[] = [];
	private readonly held: Array<() => void> = [];

	async start() {
		this.server = createServer((request, response) => {
			request.resume();
			this.requests.push(request.url ?? '');
			const answer = (status: number) =>
				response
					.writeHead(status, { 'content-type': 'application/json' })
					.end(JSON.stringify({ ok: status < 300 }));
			const step = this.plan.shift() ?? 'ok';
			if (step === 'hold') this.held.push(() => answer(200));
			else answer(step === 'fail' ? 500 : 200);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
	}

	/** How the next requests are answered (afterwards: 'ok'). */
	willAnswer(...steps: Step[]) {
		this.plan.push(...steps);
	}

	/** Answers every held request with 200. */
	release() {
		for (const answer of this.held.splice(0)) answer();
	}

	/** The requests whose path holds `text`, once there are `count` of them (or what arrived in time). */
	async waitForRequests(text: string, count: number, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		const matching = () => this.requests.filter((url) => url.includes(text));
		while (matching().length < count && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 100));
		return matching();
	}

	async stop() {
		this.release();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}
}

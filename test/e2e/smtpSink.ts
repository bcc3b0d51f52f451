// A mail server on loopback that keeps what it receives: the email examples send through it with
// n8n's own Send Email node (nodemailer), and the tests read the parsed messages.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export class SmtpSink {
	readonly messages: ParsedMail[] = [];
	port = 0;
	private server: SMTPServer | undefined;

	async start() {
		this.server = new SMTPServer({
			// plain SMTP without sign-in, as a local relay accepts it
			authOptional: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onData: (stream, _session, callback) => {
				simpleParser(stream)
					.then((message) => {
						this.messages.push(message);
						callback();
					})
					.catch(callback);
			},
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.port = (this.server.server.address() as { port: number }).port;
	}

	async stop() {
		await new Promise<void>((resolve) => (this.server ? this.server.close(resolve) : resolve()));
	}

	/** The messages sent to `address`, once there are `count` of them (or what arrived in time). */
	async waitForMessagesTo(address: string, count: number, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		const to = () => this.messages.filter((message) => addressesOf(message).includes(address));
		while (to().length < count && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 200));
		return to();
	}
}

export function addressesOf(message: ParsedMail): string[] {
	const to = message.to === undefined ? [] : Array.isArray(message.to) ? message.to : [message.to];
	return to.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}

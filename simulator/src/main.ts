#!/usr/bin/env node
// `npx n8n-payment-callbacks-simulator simulate <provider> <event> --url <webhook URL>`: sends a correctly
// signed sample callback (or, with --forged, one signed with a wrong key) so a flow can be tried
// before any real payment. Exit code: 0 when n8n answered as expected, 1 when not, 2 for a usage mistake.
import { parseArgs } from 'util';

import type { CallbackSimulation } from '../../nodes/shared/simulation';
import { eventsOf, newOrderNumber } from '../../nodes/shared/simulation';
import { explainAnswer } from './answer';
import { allKeyOptionsOf, readKeys } from './keys';
import { loadSimulations } from './simulations';

export interface Console {
	out(line: string): void;
	err(line: string): void;
}

const COMMAND = 'n8n-payment-callbacks-simulator';

function usage(simulations: CallbackSimulation[]): string {
	const keyLines = simulations.flatMap((simulation) =>
		allKeyOptionsOf(simulation).map(
			(key) =>
				`  --${key.flag.padEnd(22)} or ${key.env.padEnd(30)} ${simulation.provider.displayName} ${key.label}${key.choices ? ` (${key.choices.join(' | ')})` : ''}`,
		),
	);
	return [
		`Usage:`,
		`  npx ${COMMAND} simulate <provider> <event> --url <webhook URL> [keys] [--forged] [--order-id <id>]`,
		`  npx ${COMMAND} events [<provider>]      list the providers and their events`,
		`  npx ${COMMAND} help`,
		``,
		`Sends a sample callback of <event>, signed like the provider signs it, to the trigger's URL`,
		`(its Production URL, or its Test URL while the editor listens), and says what n8n answered.`,
		``,
		`Providers: ${simulations.map((simulation) => simulation.provider.id).join(', ')}`,
		`Keys (the same values as in the n8n credential; a flag wins over the environment variable):`,
		...keyLines,
		`Options:`,
		`  --url <url>              where to send it (required)`,
		`  --forged                 sign with a made-up key, as a forger would: n8n must refuse it (401)`,
		`  --order-id <id>          the sample's order id; by default a new one each run (the same id and`,
		`                           event twice shows how a repeated notification is answered)`,
	].join('\n');
}

function listEvents(simulations: CallbackSimulation[], io: Console) {
	for (const simulation of simulations) {
		io.out(`${simulation.provider.id} (${simulation.provider.displayName}):`);
		for (const event of eventsOf(simulation)) {
			const unsigned = simulation.unsignedEvents?.[event.id] ? ' [unsigned]' : '';
			io.out(`  ${event.id.padEnd(26)} ${event.name}: ${event.description}${unsigned}`);
		}
	}
}

async function send(url: string, request: { contentType: string; body: string }) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': request.contentType, 'user-agent': `${COMMAND} simulator` },
		body: request.body,
		signal: AbortSignal.timeout(30_000),
	});
	return { status: response.status, text: await response.text() };
}

/** n8n's answer as people read it: its "message" when it has one (n8n's own errors carry a stack trace too). */
function shownAnswer(text: string) {
	try {
		const parsed = JSON.parse(text) as { message?: unknown };
		if (typeof parsed.message === 'string') return parsed.message;
	} catch {
		// not JSON: show the text itself
	}
	return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

export async function runCli(
	argv: string[],
	env: Readonly<Record<string, string | undefined>>,
	io: Console,
): Promise<number> {
	const simulations = loadSimulations();
	const keyFlags = simulations.flatMap((simulation) =>
		allKeyOptionsOf(simulation).map((key) => key.flag),
	);
	const mistake = (message: string, showUsage = true) => {
		io.err(
			showUsage
				? `${message}\n\n${usage(simulations)}`
				: `${message}\n(npx ${COMMAND} help shows every option.)`,
		);
		return 2;
	};
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				url: { type: 'string' },
				forged: { type: 'boolean', default: false },
				'order-id': { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false },
				...Object.fromEntries(keyFlags.map((flag) => [flag, { type: 'string' as const }])),
			},
		});
	} catch (error) {
		return mistake((error as Error).message);
	}
	const { values, positionals } = parsed;
	const keyValues = Object.fromEntries(
		keyFlags.map((flag) => [flag, (values as unknown as Record<string, string | undefined>)[flag]]),
	);
	const [command, providerId, eventId, ...extra] = positionals;
	if (values.help || command === 'help') {
		io.out(usage(simulations));
		return 0;
	}
	const simulationOf = (id: string | undefined) =>
		simulations.find((simulation) => simulation.provider.id === id?.toLowerCase());
	if (command === 'events') {
		if (providerId !== undefined && !simulationOf(providerId))
			return mistake(`Unknown provider "${providerId}".`);
		listEvents(providerId === undefined ? simulations : [simulationOf(providerId)!], io);
		return 0;
	}
	if (command !== 'simulate')
		return mistake(command === undefined ? 'What should it do?' : `Unknown command "${command}".`);

	const simulation = simulationOf(providerId);
	if (!simulation)
		return mistake(
			providerId === undefined ? 'Which provider?' : `Unknown provider "${providerId}".`,
		);
	const { provider } = simulation;
	const eventIds = eventsOf(simulation).map((event) => event.id);
	if (eventId === undefined || !eventIds.includes(eventId)) {
		return mistake(
			`${eventId === undefined ? 'Which event?' : `Unknown event "${eventId}".`} ${provider.displayName} events: ${eventIds.join(', ')}.`,
		);
	}
	if (extra.length > 0) return mistake(`Unexpected "${extra.join(' ')}".`);
	const ownFlags = new Set(allKeyOptionsOf(simulation).map((key) => key.flag));
	const foreign = keyFlags.filter((flag) => keyValues[flag] !== undefined && !ownFlags.has(flag));
	if (foreign.length > 0)
		return mistake(`--${foreign[0]} is not one of ${provider.displayName}'s keys.`, false);
	const url = values.url;
	if (url === undefined || !/^https?:\/\/[^\s]+$/i.test(url)) {
		return mistake(
			"Give the trigger's URL with --url, e.g. --url http://localhost:5678/webhook/<id>/webhook",
		);
	}
	const orderId = values['order-id'] ?? newOrderNumber();
	if (simulation.orderIdFormat && !simulation.orderIdFormat.pattern.test(orderId)) {
		return mistake(`--order-id: ${simulation.orderIdFormat.description}.`, false);
	}
	const keys = readKeys(simulation, keyValues, env, values.forged === true);
	if (!keys.ok) return mistake(keys.message, false);

	const request = simulation.callback(eventId, orderId, keys.keys);
	const unsignedNote = simulation.unsignedEvents?.[eventId];
	io.out(
		`Sending ${values.forged ? 'a FORGED' : 'a signed'} ${provider.displayName} "${eventId}" callback (${request.summary})`,
	);
	io.out(`  to ${url}`);
	if (unsignedNote) io.out(`  Note: ${unsignedNote}`);
	let answer;
	try {
		answer = await send(url, request);
	} catch (error) {
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		const reason = cause?.code ?? cause?.message ?? (error as Error).message;
		io.err(`Could not reach ${url} (${reason}). Is n8n running, and can this computer reach it?`);
		return 1;
	}
	io.out(`n8n answered ${answer.status}${answer.text ? `: ${shownAnswer(answer.text)}` : ''}`);
	const explanation = explainAnswer(answer, {
		forged: values.forged === true,
		url,
		event: eventId,
	});
	for (const line of explanation.lines) io.out(line);
	return explanation.asExpected ? 0 : 1;
}

if (require.main === module) {
	void runCli(process.argv.slice(2), process.env, {
		out: (line) => process.stdout.write(`${line}\n`),
		err: (line) => process.stderr.write(`${line}\n`),
	}).then((code) => {
		process.exitCode = code;
	});
}

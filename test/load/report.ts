// docs/reliability.md, written by every `npm run test:load` from the figures of that run.
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { cpus, release, totalmem, type } from 'os';

import type { LoadSizes } from './schedule';
import { keptSections } from '../helpers/keptSections';

export interface ProviderFigures {
	title: string;
	sent: { genuine: number; forged: number; repeats: number };
	/** Genuine callbacks answered 200 "Workflow was started". */
	genuineStarted: number;
	forgedRefused: number;
	/** Repeats answered 200 "duplicate". */
	repeatsIgnored: number;
	serverErrors: number;
	executions: number;
	successfulExecutions: number;
	/** Distinct genuine callbacks found in the executions' items. */
	distinctCallbacksRun: number;
	requestsPerSecond: number;
	medianAnswerMs: number;
	p95AnswerMs: number;
	executionsPerSecond: number;
	/** The ids of the callbacks the executions ran (not printed). */
	runIds: string[];
	passed: boolean;
}

/** Where the load ran: one n8n process on SQLite, or queue mode. Each has its own section of the report. */
export type LoadSetup = 'single-process' | 'queue-mode';

export interface RunFigures {
	setup: LoadSetup;
	date: string;
	n8nVersion: string;
	sizes: LoadSizes;
	seed: number;
	providers: ProviderFigures[];
	memory: { beforeMb: number; afterMb: number; peakMb: number; boundMb: number };
	/** undefined when the scan did not run. */
	secretHits: number | undefined;
	secretsScanned: number;
}

const machine = () => {
	const cores = cpus();
	return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM, ${type()} ${release()}, Node ${process.version}`;
};

const oneDecimal = (value: number) => value.toFixed(1);

export function reliabilityReport(run: RunFigures): string {
	const { sizes, memory } = run;
	const rows = run.providers.map((p) =>
		[
			p.title,
			`${p.genuineStarted} / ${p.sent.genuine}`,
			`${p.forgedRefused} / ${p.sent.forged}`,
			`${p.repeatsIgnored} / ${p.sent.repeats}`,
			p.serverErrors,
			`${p.successfulExecutions} of ${p.executions}`,
			p.distinctCallbacksRun,
			oneDecimal(p.requestsPerSecond),
			`${p.medianAnswerMs.toFixed(0)} / ${p.p95AnswerMs.toFixed(0)}`,
			oneDecimal(p.executionsPerSecond),
			p.passed ? 'pass' : '**FAIL**',
		].join(' | '),
	);
	const memoryGrowth = memory.afterMb - memory.beforeMb;
	const memoryVerdict =
		memory.afterMb === 0 ? 'not measured' : memoryGrowth <= memory.boundMb ? 'pass' : '**FAIL**';
	const secretVerdict =
		run.secretHits === undefined
			? 'not run'
			: run.secretHits === 0
				? `pass (0 hits among ${run.secretsScanned} secrets)`
				: `**FAIL** (${run.secretHits} hits)`;
	const setupText =
		run.setup === 'queue-mode'
			? `## Queue mode: Postgres, Redis, two webhook processes, one worker

Each trigger runs in n8n 2.x queue mode as the end-to-end suite's queue target sets it up (Postgres 15, Redis 7,
a main process that serves no production webhooks, two \`n8n webhook\` processes and one \`n8n worker\`, the package
installed in every process's user folder) and receives, over real HTTP on loopback, ${sizes.genuine} distinct genuine
callbacks and ${sizes.forged} forged ones (wrong key, tampered after signing, unsigned and made-up signature, in turn),
shuffled together, sent ${sizes.concurrency} at a time straight to the two webhook processes in turn (callback n to
process n mod 2: no load balancer, so both processes accept callbacks of the same trigger at the same time). Once
every one of them has been answered, ${sizes.repeats} of the genuine callbacks are repeated, each to **the other**
webhook process than the one that accepted it, as a provider's retry landing elsewhere would. The counts of
executions come from n8n's Postgres database; the worker runs every execution.

A run passes when every genuine callback starts exactly one successful execution (and its item names that
callback), no forged or repeated callback starts one, nothing is answered with a 5xx, the webhook processes'
resident memory (together) after the run is within ${memory.boundMb} MB of its figure before (after a warm-up), and no
key or AtaraPay token is found in Postgres (\`pg_dump\`), any process's log or the answers.`
			: `## One n8n process (SQLite)

Each trigger of the package runs in one real n8n (the end-to-end suite's runtime: installed as a community
package, SQLite, \`EXECUTIONS_MODE=regular\`) and receives, over real HTTP on loopback,
${sizes.genuine} distinct genuine callbacks, ${sizes.forged} forged ones (wrong key, tampered after signing,
unsigned and made-up signature, in turn) and ${sizes.repeats} repeats of genuine ones already answered, all shuffled
together and sent ${sizes.concurrency} at a time. The counts of executions come from n8n's own database.

A run passes when every genuine callback starts exactly one successful execution (and its item names that
callback), no forged or repeated callback starts one, nothing is answered with a 5xx, n8n's resident memory after
the run is within ${memory.boundMb} MB of its figure before (after a warm-up), and no key or AtaraPay token is found
in n8n's database, its log or the answers.`;
	return `${setupText}

- Date: ${run.date}
- Machine: ${machine()}
- n8n: ${run.n8nVersion || 'unknown'}
- Sizes: ${sizes.genuine} genuine, ${sizes.forged} forged, ${sizes.repeats} repeats per trigger; concurrency ${sizes.concurrency}; seed ${run.seed}

| Trigger | Genuine answered "started" | Forged answered 401 | Repeats answered "duplicate" | 5xx | Successful executions | Distinct callbacks run | Requests/s | Answer time, median / 95th percentile (ms) | Executions/s | Result |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.map((row) => `| ${row} |`).join('\n')}

Requests/s: all requests of a trigger divided by the time to send them and get every answer. Executions/s:
genuine callbacks divided by the time from the first request until n8n had finished and saved every execution.

| n8n memory (resident) | MB |
|---|---|
| Before (after warm-up) | ${memory.beforeMb} |
| Peak during the run | ${memory.peakMb} |
| After the run | ${memory.afterMb} |
| Growth (bound: ${memory.boundMb}) | ${memoryGrowth} (${memoryVerdict}) |

Secret scan of n8n's database, its log and every answer: ${secretVerdict}.
`;
}

const HEADER = `# Reliability under load

Written by \`npm run test:load\` (\`test/load/\`): each section holds the figures of the last run of its setup.
Run it yourself: \`npm run test:load\` (one n8n 2.x process; \`N8N_LOAD_TARGETS=1\` for n8n 1.123.x,
\`N8N_LOAD_TARGETS=queue\` for queue mode, or several, e.g. \`"2 queue"\`). Sizes can be changed with
\`LOAD_GENUINE\`, \`LOAD_FORGED\`, \`LOAD_REPEATS\`, \`LOAD_CONCURRENCY\`, the memory bound with \`LOAD_MEMORY_BOUND_MB\`
and the shuffle with \`LOAD_SEED\`.
`;

const SETUPS: LoadSetup[] = ['single-process', 'queue-mode'];
const marker = (setup: LoadSetup, end = false) => `<!-- ${end ? '/' : ''}load:${setup} -->`;

/**
 * Writes this run's section of the report, keeping the other setup's section and the hand-written
 * (kept) sections as the file has them.
 */
export function writeReliabilityReport(file: string, run: RunFigures) {
	const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const sectionOf = (setup: LoadSetup) => {
		if (setup === run.setup) return reliabilityReport(run);
		const start = previous.indexOf(marker(setup));
		const end = previous.indexOf(marker(setup, true));
		return start >= 0 && end > start
			? previous.slice(start + marker(setup).length, end).trim() + '\n'
			: '';
	};
	const sections = SETUPS.map((setup) => ({ setup, text: sectionOf(setup) })).filter(
		(section) => section.text !== '',
	);
	const body = sections
		.map(({ setup, text }) => `${marker(setup)}\n${text}${marker(setup, true)}\n`)
		.join('\n');
	const kept = keptSections(previous);
	writeFileSync(file, `${HEADER}\n${kept === '' ? '' : `${kept}\n`}${body}`);
	console.log(`${reliabilityReport(run)}\n(written to ${file})`);
}

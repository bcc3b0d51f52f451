// docs/benchmarks.md, written by every `npm run bench` from the figures of that run, with each target
// stated as met or not.
import { cpus, release, totalmem, type } from 'os';

import {
	SETTLE_AFTER_BURST_MS,
	VARIANTS,
	VARIANT_NAMES,
	percentileMs,
	throughput,
	type MacroSettings,
	type Variant,
	type VariantFigures,
} from './macro';
import type { MicroResult } from './micro';
import { keptSections } from '../helpers/keptSections';

export interface ProviderMacro {
	provider: string;
	title: string;
	figures: Record<Variant, VariantFigures>;
}

export interface BenchFigures {
	date: string;
	n8nVersion: string;
	nodeVersion: string;
	macroSettings: MacroSettings;
	micro: MicroResult[];
	macro: ProviderMacro[];
	memory: {
		acceptedCallbacks: number;
		beforeMb: number;
		afterMb: number;
		staticDataBytes: Array<{ provider: string; bytes: number; accepted: number }>;
	};
	restart: { resent: number; answeredDuplicate: number; newExecutions: number };
	/** The Webhook+Code peer's executions by status: its check really ran (valid ones succeed, forged ones fail). */
	codeCheckExecutions: Array<{ provider: string; statuses: Record<string, number> }>;
}

/** ours ÷ floor (the accept and refuse paths); ours ÷ Webhook+Code are stated, targets only with version 2 and lazy acquire. */
const TARGETS = { validVsFloor: 0.95, forgedVsFloor: 1.0, validVsCode: 1.0, forgedVsCode: 2.0 };

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

export const ratios = ({ figures }: ProviderMacro) => {
	const rate = (variant: Variant) => throughput(figures[variant]);
	return {
		validVsFloor: rate('ours-valid') / rate('floor-accept'),
		forgedVsFloor: rate('ours-forged') / rate('floor-refuse'),
		validVsCode: rate('ours-valid') / rate('code-valid'),
		forgedVsCode: rate('ours-forged') / rate('code-forged'),
		validVsHeader: rate('ours-valid') / rate('header-right'),
	};
};

/** ours ÷ peer in each round (the rounds are paired: run one after the other), lowest and highest. */
export function roundRange({ figures }: ProviderMacro, ours: Variant, peer: Variant) {
	const perRound = figures[ours].roundSeconds.map(
		(seconds, round) => figures[peer].roundSeconds[round] / seconds,
	);
	return `${fixed(Math.min(...perRound))}-${fixed(Math.max(...perRound))}`;
}

export function macroLine(result: ProviderMacro) {
	const r = ratios(result);
	const rates = VARIANT_NAMES.map((v) => `${v} ${fixed(throughput(result.figures[v]), 1)}/s`).join(
		', ',
	);
	return `macro ${result.title}: ${rates}; valid/floor ${fixed(r.validVsFloor)}, forged/floor ${fixed(r.forgedVsFloor)}, valid/code ${fixed(r.validVsCode)}, forged/code ${fixed(r.forgedVsCode)}`;
}

/** The expression-engine and SQLite-driver settings of this run (the levers a user can set), or n8n's defaults. */
const engineSettings = () => {
	const set = Object.entries(process.env).filter(
		([name]) => name.startsWith('N8N_EXPRESSION_ENGINE') || name === 'DB_SQLITE_POOL_SIZE',
	);
	return set.length === 0
		? 'expression engine and SQLite driver at their defaults'
		: set.map(([name, value]) => `\`${name}=${value}\``).join(', ');
};

const machine = () => {
	const cores = cpus();
	return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM, ${type()} ${release()}`;
};

function microTable(micro: MicroResult[]) {
	const rows = micro.map(
		(r) =>
			`| ${r.provider} | ${r.bytes} | ${r.pipelineOpsPerSecond.toFixed(0)} | ${r.floorOpsPerSecond.toFixed(0)} | ${fixed(r.costRatio)} |`,
	);
	return [
		'| Provider | Body (bytes) | Pipeline ops/s | Floor ops/s | Pipeline cost ÷ floor cost |',
		'|---|---|---|---|---|',
		...rows,
	].join('\n');
}

function macroTable(macro: ProviderMacro[]) {
	const rows = macro.flatMap((result) =>
		VARIANT_NAMES.map((variant) => {
			const figures = result.figures[variant];
			return `| ${result.title} | ${VARIANTS[variant].label} | ${figures.requests} | ${fixed(throughput(figures), 1)} | ${percentileMs(figures, 0.5).toFixed(0)} | ${percentileMs(figures, 0.99).toFixed(0)} | ${figures.unexpectedAnswers} |`;
		}),
	);
	return [
		'| Trigger | Variant | Requests | Requests/s | p50 (ms) | p99 (ms) | Unexpected answers |',
		'|---|---|---|---|---|---|---|',
		...rows,
	].join('\n');
}

/** Lazy isolate acquisition with version-2 nodes is when the Webhook+Code targets apply (issue 16). */
const lazyAcquire = () => process.env.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE === 'true';

function targetsTable(figures: BenchFigures) {
	const rows = figures.macro.flatMap((result) => {
		const r = ratios(result);
		const codeTarget = (value: number, target: number) =>
			lazyAcquire() ? met(value >= target) : `information (target ≥ ${target} with lazy acquire)`;
		return [
			`| Valid: ours ÷ floor ≥ ${TARGETS.validVsFloor} (${result.title}) | ${fixed(r.validVsFloor)} (rounds ${roundRange(result, 'ours-valid', 'floor-accept')}) | ${met(r.validVsFloor >= TARGETS.validVsFloor)} |`,
			`| Forged: ours ÷ floor ≥ ${TARGETS.forgedVsFloor} (${result.title}) | ${fixed(r.forgedVsFloor)} (rounds ${roundRange(result, 'ours-forged', 'floor-refuse')}) | ${met(r.forgedVsFloor >= TARGETS.forgedVsFloor)} |`,
			`| Valid: ours ÷ Webhook+Code (${result.title}) | ${fixed(r.validVsCode)} | ${codeTarget(r.validVsCode, TARGETS.validVsCode)} |`,
			`| Forged: ours ÷ Webhook+Code (${result.title}) | ${fixed(r.forgedVsCode)} | ${codeTarget(r.forgedVsCode, TARGETS.forgedVsCode)} |`,
		];
	});
	const { memory, restart } = figures;
	const bounded = memory.staticDataBytes.every(
		(entry) => entry.bytes > 0 && entry.bytes < 64 * 1024,
	);
	rows.push(
		`| Duplicate store bounded regardless of traffic | ${memory.staticDataBytes.map((e) => `${e.provider} ${e.bytes} B after ${e.accepted} accepted`).join('; ')} | ${met(bounded)} |`,
		`| Duplicate suppression correct across an n8n restart | ${restart.answeredDuplicate} of ${restart.resent} repeats answered "duplicate", ${restart.newExecutions} new executions | ${met(restart.resent > 0 && restart.answeredDuplicate === restart.resent && restart.newExecutions === 0)} |`,
	);
	return ['| Target | Measured | |', '|---|---|---|', ...rows].join('\n');
}

/** What the figures mean, read from n8n 2.40.7's webhook code. */
export function explanations(figures: Pick<BenchFigures, 'micro' | 'macro'>) {
	if (figures.macro.length === 0) return '';
	return `## What n8n does per request, and what the ratios say

- **Every community trigger pays for an expression isolate; n8n's Webhook node alone does not.** In
  \`LiveWebhooks.executeWebhook\` (n8n 2.40.7, \`packages/cli/src/webhooks/live-webhooks.ts\`) n8n takes an
  isolate before calling a node's \`webhook()\` unless \`webhookPhaseNeedsIsolate\` says otherwise, which it does only
  for the node type \`n8n-nodes-base.webhook\`. The pool (\`N8N_EXPRESSION_ENGINE_POOL_SIZE\`, 1 by default:
  \`ExpressionEngineConfig\`, packages/@n8n/config/src/configs/expression-engine.config.ts) is pre-warmed and
  single-use, not a lock: requests are not served one at a time, but when the pool is empty a request builds an
  isolate of its own (tens of ms of CPU), and every isolate is disposed after use. Hence the floor: a community
  trigger that does nothing, with the same webhook description, is what any trigger costs; the Webhook node with
  header auth is a reference only.
- **Webhook node + Code node** is what users build without this package: the Webhook node skips the isolate, but
  the Code node runs in n8n's task runner for every request, and a forged callback gets 200 and a failed execution.
- **Valid vs forged:** a forgery costs n8n a workflow load and the isolate; a valid callback adds an execution and,
  with Suppress Duplicates on, a save of the workflow's static data (both SQLite writes here). What our trigger
  adds to either, and what it cost before, is measured in "Where the accept path's time went" below.
- **Levers** a user can set on n8n (not set in this run unless shown above): \`N8N_EXPRESSION_ENGINE_POOL_SIZE\`,
  \`N8N_EXPRESSION_ENGINE_COMPILE_CACHE=true\`, \`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true\` (experimental: with
  version-2 nodes, whose webhook description the package declares with native resolvers, a request that evaluates
  no expression needs no isolate), and Postgres instead of SQLite: each measured in "Levers a high-volume user can
  set" below (\`npm run bench:levers\`). Never \`N8N_EXPRESSION_ENGINE=legacy\` (deprecated as insecure).
- **The micro benchmark is information**: the pipeline's CPU per callback, microseconds, against n8n's own CPU per
  request, milliseconds ("n8n's own CPU per request" below, \`npm run bench:cpu\`).
`;
}

/**
 * The section an n8n 1.x run writes into the report (`N8N_BENCH_TARGET=1 npm run bench`): n8n 1.123 has
 * no isolate pool (its Webhook node pays the same expression cost as a community trigger) and no lazy
 * acquire, so the Webhook+Code ratios are stated as information.
 */
export function n8nOneSection(figures: BenchFigures): string {
	const { macroSettings: settings } = figures;
	return `## The same benchmark on n8n ${figures.n8nVersion}

Written by \`N8N_BENCH_TARGET=1 npm run bench\` on ${figures.date} (Node ${figures.nodeVersion}, SQLite, ${engineSettings()}, the same
variants, ${settings.requestsPerVariant} requests per variant, ${settings.rounds} interleaved rounds, ${settings.concurrency} at a time).

${targetsTable(figures)}

${macroTable(figures.macro)}

The Webhook+Code peer's executions, by status: ${figures.codeCheckExecutions
		.map(
			(entry) =>
				`${entry.provider} ${Object.entries(entry.statuses)
					.map(([status, count]) => `${count} ${status}`)
					.join(', ')}`,
		)
		.join('; ')}.`;
}

/** The report of this run, with the kept sections of the previous report (measured by `npm run bench:ab`) at its end. */
export function benchmarkReport(figures: BenchFigures, previousReport = ''): string {
	const { macroSettings: settings, memory } = figures;
	const kept = keptSections(previousReport);
	return `# Benchmarks

Written by \`npm run bench\` (\`test/bench/\`) on every run: these are the figures of the last run.

- Date: ${figures.date}
- Machine: ${machine()}
- Node: ${figures.nodeVersion} (the Node n8n runs on; the micro benchmark runs in it too)
- n8n: ${figures.n8nVersion}, SQLite, \`EXECUTIONS_MODE=regular\`, ${engineSettings()}, default settings otherwise

## Targets

${targetsTable(figures)}

${explanations(figures)}
## Micro: the pure pipeline (information)

Per provider and body size, in one process, alternating slices of each: the whole pipeline as the trigger runs it
(\`JSON.parse\` of the bytes, IP allowlist, body decoding, typing with zod, key check, classification, mapping to
the item; duplicate check off) against the floor: \`JSON.parse\` of the same bytes plus the provider's digest over
them (AtaraPay: the base64 token; IntraPay: HMAC-SHA512 of the body; Optty: HMAC-SHA512 of status|reference).
Median of 9 slices of 250 ms each.

${microTable(figures.micro)}

## Macro: in real n8n, each trigger against its peers

One n8n instance, the package and the floor package (\`test/bench/floor\`) installed as community packages; the
triggers and the floor at node version ${process.env.BENCH_NODE_VERSION ?? '2'}. For each provider, eight variants
receive the same JSON bodies: our trigger (valid: each distinct, so each starts an execution; forged: 401); the
floor, a bare community trigger with the same webhook description (accepts every request / refuses with 401);
n8n's Webhook node followed by a Code node that recomputes the signature (valid / forged: both answered 200 at
once, the forged one's execution fails); and n8n's Webhook node with header authentication (right / wrong header,
a reference only). ${settings.requestsPerVariant} requests per variant, ${settings.concurrency} at a time, in
${settings.rounds} interleaved rounds so drift of the machine hits all alike, every other round in reverse order, with a
pause of ${SETTLE_AFTER_BURST_MS} ms after each burst so the executions it started finish before the next one. The targets table gives each ratio over all rounds and its lowest and highest
value in a single round. Workflows hold just these nodes.

${macroTable(figures.macro)}

The Webhook+Code peer's executions, by status (its check ran: valid callbacks succeed, forged ones fail):
${figures.codeCheckExecutions
	.map(
		(entry) =>
			`${entry.provider} ${Object.entries(entry.statuses)
				.map(([status, count]) => `${count} ${status}`)
				.join(', ')}`,
	)
	.join('; ')}.

## Memory

n8n's resident memory was ${memory.beforeMb} MB after the warm-up and ${memory.afterMb} MB after ${memory.acceptedCallbacks}
accepted callbacks (duplicate suppression on) and the benchmark's other traffic. The duplicate store in each
trigger's static data, at its cap of 1,000 entries: ${memory.staticDataBytes.map((e) => `${e.provider} ${e.bytes} bytes`).join(', ')}.

Run it yourself: \`npm run bench\` (about half an hour on 2 cores; reuses the end-to-end suite's n8n). Sizes:
\`BENCH_REQUESTS\`, \`BENCH_ROUNDS\`, \`BENCH_CONCURRENCY\`, \`BENCH_MEMORY_CALLBACKS\`.
${kept === '' ? '' : `\n${kept}`}`;
}

// docs/benchmarks.md, written by every `npm run bench` from the figures of that run, with each target
// stated as met or not.
import { cpus, release, totalmem, type } from 'os';

import { VARIANTS, percentileMs, throughput, type MacroSettings, type Variant, type VariantFigures } from './macro';
import type { MicroResult } from './micro';

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
}

const TARGETS = { microAt10k: 2, ab: 0.95, cd: 1.0, ca: 3 };

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

export const ratios = ({ figures }: ProviderMacro) => ({
	ab: throughput(figures.a) / throughput(figures.b),
	ca: throughput(figures.c) / throughput(figures.a),
	cd: throughput(figures.c) / throughput(figures.d),
});

export function macroLine(result: ProviderMacro) {
	const { ab, ca, cd } = ratios(result);
	const rates = (Object.keys(VARIANTS) as Variant[]).map((v) => `${v} ${fixed(throughput(result.figures[v]), 1)}/s`).join(', ');
	return `macro ${result.title}: ${rates}; a/b ${fixed(ab)}, c/a ${fixed(ca)}, c/d ${fixed(cd)}`;
}

const machine = () => {
	const cores = cpus();
	return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM, ${type()} ${release()}`;
};

function microTable(micro: MicroResult[]) {
	const rows = micro.map(
		(r) => `| ${r.provider} | ${r.bytes} | ${r.pipelineOpsPerSecond.toFixed(0)} | ${r.floorOpsPerSecond.toFixed(0)} | ${fixed(r.costRatio)} |`,
	);
	return ['| Provider | Body (bytes) | Pipeline ops/s | Floor ops/s | Pipeline cost ÷ floor cost |', '|---|---|---|---|---|', ...rows].join('\n');
}

function macroTable(macro: ProviderMacro[]) {
	const rows = macro.flatMap((result) =>
		(Object.keys(VARIANTS) as Variant[]).map((variant) => {
			const figures = result.figures[variant];
			return `| ${result.title} | ${variant}: ${VARIANTS[variant]} | ${figures.requests} | ${fixed(throughput(figures), 1)} | ${percentileMs(figures, 0.5).toFixed(0)} | ${percentileMs(figures, 0.99).toFixed(0)} | ${figures.unexpectedAnswers} |`;
		}),
	);
	return [
		'| Trigger | Variant | Requests | Requests/s | p50 (ms) | p99 (ms) | Unexpected answers |',
		'|---|---|---|---|---|---|---|',
		...rows,
	].join('\n');
}

function targetsTable(figures: BenchFigures) {
	const microAt10k = figures.micro.filter((r) => r.bytes >= 9 * 1024 && r.bytes <= 11 * 1024);
	const rows = [
		...microAt10k.map((r) => `| Pipeline within ${TARGETS.microAt10k}x of the floor at 10 KB (${r.provider}) | ${fixed(r.costRatio)}x | ${met(r.costRatio <= TARGETS.microAt10k)} |`),
		...figures.macro.flatMap((result) => {
			const { ab, ca, cd } = ratios(result);
			return [
				`| a/b ≥ ${TARGETS.ab} (${result.title}) | ${fixed(ab)} | ${met(ab >= TARGETS.ab)} |`,
				`| c/d ≥ ${TARGETS.cd} (${result.title}) | ${fixed(cd)} | ${met(cd >= TARGETS.cd)} |`,
				`| c/a ≥ ${TARGETS.ca} (${result.title}) | ${fixed(ca)} | ${met(ca >= TARGETS.ca)} |`,
			];
		}),
	];
	const { memory, restart } = figures;
	const bounded = memory.staticDataBytes.every((entry) => entry.bytes > 0 && entry.bytes < 64 * 1024);
	rows.push(
		`| Duplicate store bounded regardless of traffic | ${memory.staticDataBytes.map((e) => `${e.provider} ${e.bytes} B after ${e.accepted} accepted`).join('; ')} | ${met(bounded)} |`,
		`| Duplicate suppression correct across an n8n restart | ${restart.answeredDuplicate} of ${restart.resent} repeats answered "duplicate", ${restart.newExecutions} new executions | ${met(restart.resent > 0 && restart.answeredDuplicate === restart.resent && restart.newExecutions === 0)} |`,
	);
	return ['| Target | Measured | |', '|---|---|---|', ...rows].join('\n');
}

export function benchmarkReport(figures: BenchFigures): string {
	const { macroSettings: settings, memory } = figures;
	return `# Benchmarks

Written by \`npm run bench\` (\`test/bench/\`) on every run: these are the figures of the last run.

- Date: ${figures.date}
- Machine: ${machine()}
- Node: ${figures.nodeVersion} (the Node n8n runs on; the micro benchmark runs in it too)
- n8n: ${figures.n8nVersion}, SQLite, \`EXECUTIONS_MODE=regular\`, default settings otherwise

## Targets

${targetsTable(figures)}

## Micro: the pure pipeline against the floor

Per provider and body size, in one process, alternating slices of each: the whole pipeline as the trigger runs it
(\`JSON.parse\` of the bytes, IP allowlist, body decoding, typing with zod, key check, classification, mapping to
the item; duplicate check off) against the floor: \`JSON.parse\` of the same bytes plus the provider's digest over
them (AtaraPay: the base64 token; IntraPay: HMAC-SHA512 of the body; Optty: HMAC-SHA512 of status|reference).
Median of 9 slices of 250 ms each.

${microTable(figures.micro)}

## Macro: in real n8n, against n8n's own Webhook node

One n8n instance, the package installed as a community package. For each provider, four variants receive the same
JSON bodies: (a) our trigger, valid callbacks (each one distinct, so each starts an execution); (b) n8n's Webhook
node (v2, header authentication, "respond immediately") with the right header (starts an execution); (c) our
trigger, forged callbacks (401); (d) the Webhook node with a wrong header value (403). ${settings.requestsPerVariant}
requests per variant, ${settings.concurrency} at a time, in ${settings.rounds} interleaved rounds (a, b, c, d, a, b, ...)
so drift of the machine hits all four alike. Workflows hold just the trigger node.

${macroTable(figures.macro)}

## Memory

n8n's resident memory was ${memory.beforeMb} MB after the warm-up and ${memory.afterMb} MB after ${memory.acceptedCallbacks}
accepted callbacks (duplicate suppression on) and the benchmark's other traffic. The duplicate store in each
trigger's static data, at its cap of 1,000 entries: ${memory.staticDataBytes.map((e) => `${e.provider} ${e.bytes} bytes`).join(', ')}.

Run it yourself: \`npm run bench\` (about half an hour on 2 cores; reuses the end-to-end suite's n8n). Sizes:
\`BENCH_REQUESTS\`, \`BENCH_ROUNDS\`, \`BENCH_CONCURRENCY\`, \`BENCH_MEMORY_CALLBACKS\`.
`;
}


// `npm run bench:cpu` (scripts/bench.sh with BENCH_MODE=cpu): n8n's own CPU per request, by variant, in
// one real n8n: our trigger (valid with Suppress Duplicates on and off, forged) against the floor
// (accept, refuse). CPU is read from /proc for the n8n process and its task runner, so the figure does
// not depend on how busy the machine is, only on the work done. Prints a Markdown table.
import { PROVIDER_IDS, type ProviderId } from '../../nodes/providers';
import { providerIdsIn, suiteOf } from '../e2e/providerSuites';
import { RealN8n, freePort, runtimeFromEnv } from '../e2e/realN8n';
import type { TriggerWorkflow } from '../e2e/suite';
import { median } from '../helpers/percentile';
import { BenchTraffic, SETTLE_AFTER_BURST_MS, burst } from './macro';
import { microBenchmark } from './micro';
import { floorWebhookId, floorWorkflow } from './peers';
import { replaceKeptSection } from './reportFile';

const numberFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const REQUESTS = numberFromEnv('BENCH_REQUESTS', 300);
const ROUNDS = numberFromEnv('BENCH_ROUNDS', 3);
const CONCURRENCY = numberFromEnv('BENCH_CONCURRENCY', 16);
const NODE_VERSION = numberFromEnv('BENCH_NODE_VERSION', 2);

const log = (line: string) =>
	console.log(`[bench:cpu ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const atNodeVersion = <T extends { nodes: Array<{ typeVersion: number }> }>(workflow: T): T => ({
	...workflow,
	nodes: workflow.nodes.map((node, i) => (i === 0 ? { ...node, typeVersion: NODE_VERSION } : node)),
});

/** The suite's main workflow with Suppress Duplicates off, under its own ids. */
function withoutDuplicateCheck(workflow: TriggerWorkflow): TriggerWorkflow {
	const [node] = workflow.nodes;
	return {
		...workflow,
		id: `${workflow.id.slice(0, 14)}nd`,
		name: `${workflow.name} (no duplicate check)`,
		nodes: [
			{
				...node,
				id: node.id.replace(/^.{8}/, 'dddddddd'),
				webhookId: node.webhookId.replace(/^.{8}/, 'dddddddd'),
				parameters: {
					...node.parameters,
					options: {
						...((node.parameters as { options?: object }).options ?? {}),
						suppressDuplicates: false,
					},
				},
			},
		],
	};
}

async function main() {
	const runtime = runtimeFromEnv();
	const providers = providerIdsIn(process.env.BENCH_PROVIDERS ?? PROVIDER_IDS.join(','));
	for (const id of providers) await suiteOf(id).setUp?.();
	const n8n = new RealN8n(runtime, await freePort(), await freePort());
	try {
		n8n.installPackage();
		if (!process.env.FLOOR_PACKAGE_TARBALL) throw new Error('run through `npm run bench:cpu`');
		n8n.installPackage(process.env.FLOOR_PACKAGE_TARBALL);
		await n8n.importCredentials(providers.flatMap((id) => suiteOf(id).credentials()));
		const workflows = [
			...providers.flatMap((id) => [
				suiteOf(id).traffic.workflow,
				withoutDuplicateCheck(suiteOf(id).traffic.workflow),
			]),
			floorWorkflow('accept'),
			floorWorkflow('refuse'),
		].map(atNodeVersion);
		await n8n.importWorkflows(workflows);
		await n8n.activate(workflows.map((workflow) => workflow.id));
		await n8n.start();
		for (const workflow of workflows) await n8n.waitForWebhook(workflow.nodes[0].webhookId!);
		const version = (await n8n.cli('--version')).trim().split('\n').pop();

		const post = async (webhookId: string, body: string) =>
			(await n8n.post(webhookId, { contentType: 'application/json', body })).status;
		const rows: Array<{ provider: ProviderId; variant: string; cpuMs: number[]; rates: number[] }> =
			[];
		for (const id of providers) {
			const traffic = new BenchTraffic(suiteOf(id));
			const noCheck = withoutDuplicateCheck(suiteOf(id).traffic.workflow).nodes[0].webhookId;
			const forged = (i: number) => suiteOf(id).traffic.forged(i).body as string;
			const allVariants: Array<[string, (i: number) => Promise<number>, number]> = [
				[
					'ours, valid, Suppress Duplicates on',
					async () => await traffic.sendValidToTrigger(n8n),
					200,
				],
				[
					'ours, valid, Suppress Duplicates off',
					async () => await post(noCheck, traffic.nextValid().json),
					200,
				],
				[
					'floor, accept',
					async () => await post(floorWebhookId('accept'), traffic.nextValid().json),
					200,
				],
				['ours, forged', async (i) => await post(traffic.triggerWebhookId, forged(i)), 401],
				['floor, refuse', async (i) => await post(floorWebhookId('refuse'), forged(i)), 401],
			];
			// BENCH_VARIANTS=ours-forged,floor-refuse (words of the labels) picks some, e.g. for a --cpu-prof run
			const picked = process.env.BENCH_VARIANTS?.split(',');
			const slug = (label: string) =>
				label
					.toLowerCase()
					.replace(/suppress duplicates /, '')
					.replace(/[^a-z]+/g, '-');
			const variants = allVariants.filter(([label]) => !picked || picked.includes(slug(label)));
			log(`variants: ${variants.map(([label]) => slug(label)).join(', ')}`);
			// warm-up
			for (const [, send, status] of variants) await burst(100, CONCURRENCY, send, status);
			const here = variants.map(([variant]) => ({
				provider: id,
				variant,
				cpuMs: [] as number[],
				rates: [] as number[],
			}));
			rows.push(...here);
			for (let round = 0; round < ROUNDS; round++) {
				// every other round in reverse, as the macro benchmark does, so no variant always runs last
				const indexes = variants.map((_, i) => i);
				for (const i of round % 2 === 0 ? indexes : indexes.reverse()) {
					const [variant, send, status] = variants[i];
					await sleep(SETTLE_AFTER_BURST_MS);
					const cpuBefore = n8n.cpuSeconds();
					const result = await burst(REQUESTS, CONCURRENCY, send, status);
					await sleep(SETTLE_AFTER_BURST_MS);
					const cpuSeconds = n8n.cpuSeconds() - cpuBefore;
					if (result.unexpected > 0) log(`${variant}: ${result.unexpected} unexpected answers`);
					here[i].cpuMs.push((cpuSeconds * 1000) / REQUESTS);
					here[i].rates.push(REQUESTS / result.seconds);
					log(
						`${id} ${variant}: ${((cpuSeconds * 1000) / REQUESTS).toFixed(1)} ms CPU per request, ${(REQUESTS / result.seconds).toFixed(1)} requests/s`,
					);
				}
			}
		}
		// the pure pipeline's CPU per callback (1 KB bodies), in this process, beside n8n's per request
		const pipelineMicroseconds: Partial<Record<ProviderId, number>> = {};
		for (const id of providers)
			pipelineMicroseconds[id] = 1e6 / (await microBenchmark(id, 1024)).pipelineOpsPerSecond;
		const section = `## n8n's own CPU per request, and the pipeline's share of it

Written by \`npm run bench:cpu\` on ${new Date().toISOString()}: n8n ${version}, SQLite, node version ${NODE_VERSION}; for each
variant ${ROUNDS} interleaved rounds of ${REQUESTS} requests, ${CONCURRENCY} at a time, every other round in reverse order; the CPU time (user + system) of the n8n
process and its task runner from /proc over each round and the ${SETTLE_AFTER_BURST_MS} ms after it (so the executions a
round started are counted), divided by its requests; medians, each ratio the median of its rounds' ratios to the
floor in the same round. CPU time depends less than requests per second on what
else the machine runs, but it drifts too. The pipeline column is the micro benchmark's
whole pipeline for a 1 KB callback (\`JSON.parse\` to item, duplicate check off), in microseconds.

| Provider | Variant | n8n CPU per request (ms) | ÷ floor | Requests/s | ÷ floor | Pipeline CPU per callback (µs) |
|---|---|---|---|---|---|---|
${rows
	.map((row) => {
		const isFloor = row.variant.startsWith('floor');
		const floor = rows.find(
			(other) =>
				other.provider === row.provider &&
				other.variant === (row.variant.includes('forged') ? 'floor, refuse' : 'floor, accept'),
		);
		// each round's figure over the floor's in the same round, then the median: drift between
		// rounds (it moved n8n's CPU per request by 20% within one run here) cancels out
		const ratio = (of: (variant: typeof row) => number[]) =>
			floor && !isFloor
				? median(of(row).map((value, round) => value / of(floor)[round])).toFixed(2)
				: '';
		return `| ${row.provider} | ${row.variant} | ${median(row.cpuMs).toFixed(1)} | ${ratio((variant) => variant.cpuMs)} | ${median(row.rates).toFixed(1)} | ${ratio((variant) => variant.rates)} | ${isFloor ? '' : pipelineMicroseconds[row.provider]!.toFixed(0)} |`;
	})
	.join('\n')}

${process.env.BENCH_CPU_NOTE ?? ''}`;
		console.log(`\n${section}`);
		if (!process.env.BENCH_VARIANTS)
			replaceKeptSection(process.env.BENCH_REPORT ?? 'docs/benchmarks.md', 'cpu', section);
	} finally {
		await n8n.stop();
		for (const id of providers) await suiteOf(id).tearDown?.();
		if (process.env.KEEP_E2E_N8N) log(`n8n user folder kept at ${n8n.userFolder}`);
		else n8n.cleanUp();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

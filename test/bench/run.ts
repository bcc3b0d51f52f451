// `npm run bench` (scripts/bench.sh compiles this with tsconfig.bench.json and runs it on n8n's Node):
// the micro benchmark in this process, then the macro and memory benchmarks in one real n8n.
// Prints the figures and writes docs/benchmarks.md (BENCH_REPORT=<file> to write elsewhere).
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { PROVIDER_SUITES } from '../e2e/providerSuites';
import { RealN8n, freePort, runtimeFromEnv } from '../e2e/realN8n';
import {
	BenchTraffic,
	HEADER_AUTH_CREDENTIAL,
	WEBHOOK_NODE_PATH,
	WEBHOOK_NODE_WORKFLOW,
	burst,
	macroBenchmark,
	type MacroSettings,
} from './macro';
import { codeCheckPath, codeCheckWorkflow, floorWebhookId, floorWorkflow } from './peers';
import { microBenchmark, type MicroResult } from './micro';
import {
	benchmarkReport,
	macroLine,
	n8nOneSection,
	type BenchFigures,
	type ProviderMacro,
} from './report';
import { replaceKeptSection } from './reportFile';

const numberFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value)
		throw new Error(`${name} is not set: run through \`npm run bench\` (scripts/bench.sh)`);
	return value;
}
const MACRO: MacroSettings = {
	requestsPerVariant: numberFromEnv('BENCH_REQUESTS', 2000),
	rounds: numberFromEnv('BENCH_ROUNDS', 8),
	concurrency: numberFromEnv('BENCH_CONCURRENCY', 16),
};
const ACCEPTED_FOR_MEMORY = numberFromEnv('BENCH_MEMORY_CALLBACKS', 10_000);
/** Requests per variant before anything is measured. */
const WARM_UP_REQUESTS = numberFromEnv('BENCH_WARMUP', 200);
const MICRO_SIZES = [1024, 10 * 1024, 100 * 1024];
const REPORT = process.env.BENCH_REPORT ?? join(process.cwd(), 'docs', 'benchmarks.md');

const log = (line: string) =>
	console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runMicro(): Promise<MicroResult[]> {
	const results: MicroResult[] = [];
	for (const { id } of PROVIDER_SUITES) {
		for (const bytes of MICRO_SIZES) {
			const result = await microBenchmark(id, bytes);
			log(
				`micro ${id} ${result.bytes} B: pipeline ${result.pipelineOpsPerSecond.toFixed(0)}/s, floor ${result.floorOpsPerSecond.toFixed(0)}/s, ${result.costRatio.toFixed(2)}x the floor`,
			);
			results.push(result);
		}
	}
	return results;
}

async function startN8n(n8n: RealN8n) {
	await n8n.start();
	for (const suite of PROVIDER_SUITES)
		await n8n.waitForWebhook(suite.traffic.workflow.nodes[0].webhookId);
	for (const answer of ['accept', 'refuse'] as const)
		await n8n.waitForWebhook(floorWebhookId(answer));
	// n8n's Webhook nodes answer once their webhooks are registered (403 for a wrong header, 200 otherwise)
	for (const path of [WEBHOOK_NODE_PATH, ...PROVIDER_SUITES.map(({ id }) => codeCheckPath(id))]) {
		for (let tries = 0; (await n8n.postTo(path, '{}')).status === 404 && tries < 240; tries++)
			await sleep(500);
	}
}

/** The node version the triggers run at (BENCH_NODE_VERSION, 2 by default: what new workflows get). */
const NODE_VERSION = numberFromEnv('BENCH_NODE_VERSION', 2);
const atNodeVersion = <T extends { id: string; nodes: Array<{ typeVersion: number }> }>(
	workflow: T,
): T => ({
	...workflow,
	nodes: workflow.nodes.map((node, i) => (i === 0 ? { ...node, typeVersion: NODE_VERSION } : node)),
});

async function main() {
	const runtime = runtimeFromEnv();
	const figures: BenchFigures = {
		date: new Date().toISOString(),
		n8nVersion: '',
		nodeVersion: process.version,
		macroSettings: MACRO,
		micro: await runMicro(),
		macro: [],
		memory: { acceptedCallbacks: 0, beforeMb: 0, afterMb: 0, staticDataBytes: [] },
		restart: { resent: 0, answeredDuplicate: 0, newExecutions: 0 },
		codeCheckExecutions: [],
	};

	for (const suite of PROVIDER_SUITES) await suite.setUp?.();
	const n8n = new RealN8n(runtime, await freePort(), await freePort());
	try {
		figures.n8nVersion = (await n8n.cli('--version')).trim().split('\n').pop() ?? '';
		n8n.installPackage();
		n8n.installPackage(requiredEnv('FLOOR_PACKAGE_TARBALL'));
		await n8n.importCredentials([
			...PROVIDER_SUITES.flatMap((suite) => suite.credentials()),
			HEADER_AUTH_CREDENTIAL,
		]);
		const workflows = [
			...PROVIDER_SUITES.map((suite) => atNodeVersion(suite.traffic.workflow)),
			...(['accept', 'refuse'] as const).map((answer) => atNodeVersion(floorWorkflow(answer))),
			...PROVIDER_SUITES.map(({ id }, i) => codeCheckWorkflow(id, i)),
			WEBHOOK_NODE_WORKFLOW,
		];
		await n8n.importWorkflows(workflows);
		await n8n.activate(workflows.map((workflow) => workflow.id));
		log(`starting ${figures.n8nVersion}`);
		await startN8n(n8n);

		// warm-up: every path a few hundred times, nothing measured
		const traffic = PROVIDER_SUITES.map((suite) => new BenchTraffic(suite));
		for (const each of traffic)
			await macroBenchmark(n8n, each, {
				requestsPerVariant: WARM_UP_REQUESTS,
				rounds: 1,
				concurrency: MACRO.concurrency,
			});
		figures.memory.beforeMb = megabytes(n8n.residentMemoryBytes());

		for (const [i, suite] of PROVIDER_SUITES.entries()) {
			log(
				`macro ${suite.title}: ${MACRO.requestsPerVariant} requests per variant, ${MACRO.rounds} rounds, concurrency ${MACRO.concurrency}`,
			);
			const result: ProviderMacro = {
				provider: suite.id,
				title: suite.title,
				figures: await macroBenchmark(n8n, traffic[i], MACRO),
			};
			figures.macro.push(result);
			log(macroLine(result));
		}

		await sleep(5000); // the Code node runs after the Webhook node answered
		for (const [i, { id }] of PROVIDER_SUITES.entries()) {
			const statuses: Record<string, number> = {};
			for (const row of n8n.executions(codeCheckWorkflow(id, i).id))
				statuses[row.status] = (statuses[row.status] ?? 0) + 1;
			figures.codeCheckExecutions.push({ provider: id, statuses });
			log(`Webhook+Code ${id}: ${JSON.stringify(statuses)}`);
		}

		// more valid callbacks, until the triggers have accepted ACCEPTED_FOR_MEMORY since the warm-up
		const acceptedSoFar = () => traffic.reduce((sum, each) => sum + each.sentToTrigger.length, 0);
		const afterWarmUp =
			acceptedSoFar() -
			figures.macro.reduce((sum, entry) => sum + entry.figures['ours-valid'].requests, 0);
		const missing = Math.max(0, ACCEPTED_FOR_MEMORY + afterWarmUp - acceptedSoFar());
		for (const each of traffic) {
			await burst(
				Math.ceil(missing / traffic.length),
				MACRO.concurrency,
				async () => await each.sendValidToTrigger(n8n),
				200,
			);
		}
		figures.memory.acceptedCallbacks = acceptedSoFar() - afterWarmUp;
		await sleep(10_000); // let executions still running finish
		figures.memory.afterMb = megabytes(n8n.residentMemoryBytes());
		log(
			`memory: ${figures.memory.beforeMb} MB before, ${figures.memory.afterMb} MB after ${figures.memory.acceptedCallbacks} accepted callbacks`,
		);

		// duplicate suppression across a restart: the latest 100 accepted callbacks of each trigger again
		await n8n.stop();
		for (const [i, suite] of PROVIDER_SUITES.entries()) {
			figures.memory.staticDataBytes.push({
				provider: suite.id,
				bytes: n8n.staticDataBytes(suite.traffic.workflow.id),
				accepted: traffic[i].sentToTrigger.length,
			});
		}
		const executionsBefore = PROVIDER_SUITES.map(
			(suite) => n8n.executions(suite.traffic.workflow.id).length,
		);
		log('restarting n8n');
		await startN8n(n8n);
		for (const each of traffic) {
			for (const n of each.sentToTrigger.slice(-100)) {
				const answer = await n8n.post(each.triggerWebhookId, each.suite.traffic.genuine(n));
				figures.restart.resent++;
				if (answer.status === 200 && answer.text.includes('duplicate'))
					figures.restart.answeredDuplicate++;
			}
		}
		await sleep(3000);
		figures.restart.newExecutions = PROVIDER_SUITES.reduce(
			(sum, suite, i) =>
				sum + n8n.executions(suite.traffic.workflow.id).length - executionsBefore[i],
			0,
		);
		log(
			`restart: ${figures.restart.answeredDuplicate} of ${figures.restart.resent} repeats answered "duplicate", ${figures.restart.newExecutions} new executions`,
		);
	} finally {
		await n8n.stop();
		for (const suite of PROVIDER_SUITES) await suite.tearDown?.();
		if (process.env.KEEP_E2E_N8N) log(`n8n user folder kept at ${n8n.userFolder}`);
		else n8n.cleanUp();
	}

	if (runtime.target === '1') {
		// the report describes n8n 2.x; a 1.x run writes its own section into it
		const section = n8nOneSection(figures);
		replaceKeptSection(REPORT, 'n8n-1', section);
		console.log(`\n${section}\n(written to ${REPORT})`);
		return;
	}
	const report = benchmarkReport(figures, existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '');
	writeFileSync(REPORT, report);
	console.log(`\n${report}\n(written to ${REPORT})`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

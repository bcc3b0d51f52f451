// The load test: per trigger, thousands of genuine, forged and repeated callbacks at once against a
// real n8n, then exact execution counts from n8n's database, n8n's memory and a secret scan.
// Run with `npm run test:load`; figures go to docs/reliability.md.
import { writeFileSync } from 'fs';
import { join } from 'path';

import { ataraPaySuite } from '../e2e/ataraPay.e2e';
import { intraPaySuite } from '../e2e/intraPay.e2e';
import { opttySuite } from '../e2e/optty.e2e';
import { RealN8n, freePort, runtimeFromEnv } from '../e2e/realN8n';
import { secretsFoundIn } from '../e2e/secretScan';
import type { ProviderSuite } from '../e2e/suite';
import { percentile } from '../helpers/percentile';
import { reliabilityReport, type ProviderFigures, type RunFigures } from './report';
import { loadSchedule, seededRandom, type Job, type LoadSizes } from './schedule';

const sizeFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZES: LoadSizes = {
	genuine: sizeFromEnv('LOAD_GENUINE', 1000),
	forged: sizeFromEnv('LOAD_FORGED', 1000),
	repeats: sizeFromEnv('LOAD_REPEATS', 300),
	concurrency: sizeFromEnv('LOAD_CONCURRENCY', 20),
};
const SEED = sizeFromEnv('LOAD_SEED', 20261122);
/** n8n's resident memory after the run may exceed the figure before it by at most this much. */
const MEMORY_GROWTH_BOUND_MB = sizeFromEnv('LOAD_MEMORY_BOUND_MB', 200);
const REPORT = process.env.LOAD_REPORT ?? join(__dirname, '..', '..', 'docs', 'reliability.md');

const runtime = runtimeFromEnv();
const suites = [ataraPaySuite, intraPaySuite, opttySuite];
const STARTED = '{"message":"Workflow was started"}';
const DUPLICATE = '{"received":true,"ignored":"duplicate"}';

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

interface Answer {
	job: Job;
	status: number;
	text: string;
	/** From sending the request to reading the whole answer. */
	ms: number;
}

const answerTimes = (answers: Answer[]) => answers.map((answer) => answer.ms);

/** Sends every job with `concurrency` requests in flight; a repeat waits until its original was answered. */
async function sendAll(n8n: RealN8n, suite: ProviderSuite, jobs: Job[], concurrency: number) {
	const webhookId = suite.traffic.workflow.nodes[0].webhookId;
	const answered = new Map<number, { promise: Promise<void>; resolve: () => void }>();
	for (const job of jobs) {
		if (job.kind !== 'genuine') continue;
		let resolve = () => {};
		const promise = new Promise<void>((done) => (resolve = done));
		answered.set(job.n, { promise, resolve });
	}
	const answers: Answer[] = [];
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const job = jobs[next++];
			if (job.kind === 'repeat') await answered.get(job.n)!.promise;
			const body = job.kind === 'forged' ? suite.traffic.forged(job.n) : suite.traffic.genuine(job.n);
			const sentAt = performance.now();
			const { status, text } = await n8n.post(webhookId, body);
			answers.push({ job, status, text, ms: performance.now() - sentAt });
			if (job.kind === 'genuine') answered.get(job.n)!.resolve();
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return answers;
}

const count = (answers: Answer[], kind: Job['kind'], matches: (answer: Answer) => boolean) =>
	answers.filter((answer) => answer.job.kind === kind && matches(answer)).length;

describe(`load: ${SIZES.genuine} genuine, ${SIZES.forged} forged and ${SIZES.repeats} repeated callbacks per trigger, ${SIZES.concurrency} at a time (n8n ${runtime.target}.x)`, () => {
	let n8n: RealN8n;
	const run: RunFigures = {
		date: new Date().toISOString(),
		n8nVersion: '',
		sizes: SIZES,
		seed: SEED,
		providers: [],
		memory: { beforeMb: 0, afterMb: 0, peakMb: 0, boundMb: MEMORY_GROWTH_BOUND_MB },
		secretHits: undefined,
		secretsScanned: 0,
	};
	let peakTimer: NodeJS.Timeout | undefined;

	beforeAll(async () => {
		for (const suite of suites) await suite.setUp?.();
		n8n = new RealN8n(runtime, await freePort(), await freePort());
		run.n8nVersion = (await n8n.cli('--version')).trim().split('\n').pop() ?? '';
		n8n.installPackage();
		await n8n.importCredentials(suites.flatMap((suite) => suite.credentials()));
		const workflows = suites.map((suite) => suite.traffic.workflow);
		await n8n.importWorkflows(workflows);
		await n8n.activate(workflows.map((workflow) => workflow.id));
		await n8n.start();
		for (const workflow of workflows) await n8n.waitForWebhook(workflow.nodes[0].webhookId);
		// Warm-up (JIT, connection pools) with forged callbacks from a number range the run does not use,
		// so it starts no execution; memory is measured from here.
		for (const suite of suites) {
			const warmUp = Array.from({ length: 200 }, (_, i) => ({ kind: 'forged' as const, n: 90_000 + i }));
			const answers = await sendAll(n8n, suite, warmUp, SIZES.concurrency);
			console.log(`${suite.title} warm-up: 200 forged callbacks, median answer ${percentile(answerTimes(answers), 0.5).toFixed(0)} ms`);
		}
		run.memory.beforeMb = megabytes(n8n.residentMemoryBytes());
		run.memory.peakMb = run.memory.beforeMb;
		peakTimer = setInterval(() => {
			run.memory.peakMb = Math.max(run.memory.peakMb, megabytes(n8n.residentMemoryBytes()));
		}, 250);
	});

	afterAll(async () => {
		clearInterval(peakTimer);
		await n8n?.stop();
		for (const suite of suites) await suite.tearDown?.();
		writeFileSync(REPORT, reliabilityReport(run));
		console.log(`${reliabilityReport(run)}\n(written to ${REPORT})`);
		if (process.env.KEEP_E2E_N8N) console.log(`n8n user folder kept at ${n8n.userFolder}`);
		else n8n?.cleanUp();
	});

	it.each(suites)('$title: one execution per genuine callback, none for forged or repeated ones, no 5xx', async (suite) => {
		const { workflow } = suite.traffic;
		const jobs = loadSchedule(SIZES, seededRandom(SEED));
		const started = Date.now();
		const answers = await sendAll(n8n, suite, jobs, SIZES.concurrency);
		const sendSeconds = (Date.now() - started) / 1000;
		const rows = await n8n.waitForExecutions(workflow.id, SIZES.genuine, 600_000);
		const executionsSeconds = (Date.now() - started) / 1000;
		await new Promise((resolve) => setTimeout(resolve, 3000)); // a late extra execution would show now
		const finalRows = n8n.executions(workflow.id);
		const ids = finalRows.flatMap((row) => n8n.triggerItems(row.id, workflow.nodes[0].name)).map((item) => item[suite.traffic.itemIdField]);

		const figures: ProviderFigures = {
			title: suite.title,
			sent: { genuine: SIZES.genuine, forged: SIZES.forged, repeats: SIZES.repeats },
			genuineStarted: count(answers, 'genuine', (a) => a.status === 200 && a.text === STARTED),
			forgedRefused: count(answers, 'forged', (a) => a.status === 401),
			repeatsIgnored: count(answers, 'repeat', (a) => a.status === 200 && a.text === DUPLICATE),
			serverErrors: answers.filter((a) => a.status >= 500).length,
			executions: finalRows.length,
			successfulExecutions: finalRows.filter((row) => row.status === 'success').length,
			distinctCallbacksRun: new Set(ids).size,
			requestsPerSecond: answers.length / sendSeconds,
			medianAnswerMs: percentile(answerTimes(answers), 0.5),
			p95AnswerMs: percentile(answerTimes(answers), 0.95),
			executionsPerSecond: SIZES.genuine / executionsSeconds,
			passed: false,
		};
		run.providers.push(figures);

		expect(rows.length).toBeGreaterThanOrEqual(SIZES.genuine);
		expect(figures).toMatchObject({
			genuineStarted: SIZES.genuine,
			forgedRefused: SIZES.forged,
			repeatsIgnored: SIZES.repeats,
			serverErrors: 0,
			executions: SIZES.genuine,
			successfulExecutions: SIZES.genuine,
		});
		const expectedIds = Array.from({ length: SIZES.genuine }, (_, n) => suite.traffic.idOf(n));
		expect([...ids].sort()).toEqual(expectedIds.sort());
		figures.passed = true;
	});

	it(`keeps n8n's memory within ${MEMORY_GROWTH_BOUND_MB} MB of where it started`, async () => {
		await new Promise((resolve) => setTimeout(resolve, 5000));
		run.memory.afterMb = megabytes(n8n.residentMemoryBytes());
		expect(await n8n.healthy()).toBe(true);
		expect(run.memory.afterMb - run.memory.beforeMb).toBeLessThanOrEqual(MEMORY_GROWTH_BOUND_MB);
	});

	it("keeps every key and token out of n8n's database, log and answers", async () => {
		clearInterval(peakTimer);
		await n8n.stop(); // flushes the database
		const secrets = suites.flatMap((suite) => suite.secrets());
		run.secretsScanned = new Set(secrets).size;
		const database = n8n.databaseBytes().toString('latin1');
		const hits = [
			...secretsFoundIn(database, secrets),
			...secretsFoundIn(n8n.log, secrets),
			...secretsFoundIn(n8n.answers.join('\n'), secrets),
		];
		run.secretHits = hits.length;
		expect(run.secretsScanned).toBeGreaterThan(SIZES.genuine); // every AtaraPay token sent is among them
		expect(database).toContain(suites[0].traffic.idOf(0)); // the scan reads real execution data
		expect(hits).toEqual([]);
	});
});

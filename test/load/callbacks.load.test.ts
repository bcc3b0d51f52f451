// The load test: per trigger, thousands of genuine, forged and repeated callbacks at once against a
// real n8n, then exact execution counts from n8n's database, n8n's memory and a secret scan. In one
// n8n process (targets 2 and 1), or in queue mode (target "queue"): there the callbacks go to the two
// webhook processes in turn, and the repeats, once every original was answered, to the other process.
// Run with `npm run test:load`; figures go to docs/reliability.md.
import { join } from 'path';

import { PROVIDER_SUITES } from '../e2e/providerSuites';
import { QueueModeN8n } from '../e2e/queueModeN8n';
import { RealN8n, freePort, runtimeFromEnv } from '../e2e/realN8n';
import { secretsFoundIn } from '../e2e/secretScan';
import { percentile } from '../helpers/percentile';
import { writeReliabilityReport, type RunFigures } from './report';
import { loadSchedule, seededRandom, type Job } from './schedule';
import {
	MEMORY_GROWTH_BOUND_MB,
	SEED,
	SIZES,
	answerTimes,
	expectedFigures,
	megabytes,
	runFigures,
	sendAll,
} from './traffic';

const REPORT = process.env.LOAD_REPORT ?? join(__dirname, '..', '..', 'docs', 'reliability.md');

const runtime = runtimeFromEnv();
const suites = PROVIDER_SUITES;
const queueMode = runtime.target === 'queue';
const setup = queueMode ? 'queue mode' : `n8n ${runtime.target}.x`;

/** In queue mode: callback n goes to webhook process n % 2, its repeats to the other one. */
const viaProcess = (n8n: RealN8n, job: Job) => {
	if (!(n8n instanceof QueueModeN8n)) return undefined;
	const processes = n8n.webhookProcesses;
	return processes[(job.n + (job.kind === 'repeat' ? 1 : 0)) % processes.length];
};

/** The order in which callbacks are sent: shuffled together, or in queue mode the repeats after the rest. */
function jobsOfRun(): Job[] {
	const random = seededRandom(SEED);
	if (!queueMode) return loadSchedule(SIZES, random);
	const firstPass = loadSchedule({ ...SIZES, repeats: 0 }, random);
	const repeats = Array.from({ length: SIZES.repeats }, () => ({
		kind: 'repeat' as const,
		n: Math.floor(random() * SIZES.genuine),
	}));
	return [...firstPass, ...repeats];
}

describe(`load: ${SIZES.genuine} genuine, ${SIZES.forged} forged and ${SIZES.repeats} repeated callbacks per trigger, ${SIZES.concurrency} at a time (${setup})`, () => {
	let n8n: RealN8n;
	const run: RunFigures = {
		date: new Date().toISOString(),
		n8nVersion: '',
		sizes: SIZES,
		seed: SEED,
		providers: [],
		setup: queueMode ? 'queue-mode' : 'single-process',
		memory: { beforeMb: 0, afterMb: 0, peakMb: 0, boundMb: MEMORY_GROWTH_BOUND_MB },
		secretHits: undefined,
		secretsScanned: 0,
	};
	let peakTimer: NodeJS.Timeout | undefined;

	beforeAll(async () => {
		for (const suite of suites) await suite.setUp?.();
		n8n = queueMode
			? await QueueModeN8n.create(runtime)
			: new RealN8n(runtime, await freePort(), await freePort());
		run.n8nVersion = (await n8n.cli('--version')).trim().split('\n').pop() ?? '';
		if (n8n instanceof QueueModeN8n) await n8n.startServices();
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
			const warmUp = Array.from({ length: 200 }, (_, i) => ({
				kind: 'forged' as const,
				n: 90_000 + i,
			}));
			const answers = await sendAll(n8n, suite, warmUp, SIZES.concurrency, (job) =>
				viaProcess(n8n, job),
			);
			console.log(
				`${suite.title} warm-up: 200 forged callbacks, median answer ${percentile(answerTimes(answers), 0.5).toFixed(0)} ms`,
			);
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
		if (n8n instanceof QueueModeN8n) await n8n.stopServices();
		for (const suite of suites) await suite.tearDown?.();
		writeReliabilityReport(REPORT, run);
		if (process.env.KEEP_E2E_N8N) console.log(`n8n user folder kept at ${n8n.userFolder}`);
		else n8n?.cleanUp();
	});

	it.each(suites)(
		'$title: one execution per genuine callback, none for forged or repeated ones, no 5xx',
		async (suite) => {
			const started = Date.now();
			const answers = await sendAll(n8n, suite, jobsOfRun(), SIZES.concurrency, (job) =>
				viaProcess(n8n, job),
			);
			const figures = await runFigures(n8n, suite, answers, started, Date.now());
			run.providers.push(figures);

			expect(figures).toMatchObject(expectedFigures());
			const expectedIds = Array.from({ length: SIZES.genuine }, (_, n) => suite.traffic.idOf(n));
			expect([...figures.runIds].sort()).toEqual(expectedIds.sort());
			figures.passed = true;
		},
	);

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

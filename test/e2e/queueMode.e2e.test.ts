// The package in n8n 2.x queue mode (scripts/test-e2e.sh target "queue"): Postgres, Redis, a main
// process that serves no production webhooks, two webhook processes (nginx in front) and a worker, all
// real, on loopback. The provider suites run through it with callbacks alternating between the webhook
// processes; then what only several processes can break: retries on the other process, the saved
// duplicate store, simultaneous deliveries with and without the README's routing, and credential edits.
import { ATARAPAY_KEYS, ataraPayCallback, ataraPayOrder } from '../helpers/ataraPayFixtures';
import { ataraPayTrigger } from './ataraPay.e2e';
import { FlakyService } from './flakyService';
import { PROVIDER_SUITES, suiteOf } from './providerSuites';
import { QueueModeN8n } from './queueModeN8n';
import { runtimeFromEnv } from './realN8n';
import { deliveringWorkflow } from './respond.e2e';
import { secretsFoundIn } from './secretScan';
import { json, webhookOf, type ProviderSuite } from './suite';
import { forEachSavedCallback } from '../../nodes/shared/savedCallbacks';

const runtime = runtimeFromEnv();
const suites = PROVIDER_SUITES;
const STARTED = '{"message":"Workflow was started"}';
const DUPLICATE = '{"received":true,"ignored":"duplicate"}';

/** Callback numbers of this file (the load test uses 0-99,999, the single-process suite 100,000 on). */
const FIRST = 200_000;
/** Pairs of simultaneous deliveries sent in each routing measurement. */
const PAIRS = Number(process.env.QUEUE_SIMULTANEOUS_PAIRS ?? 20);

/** A credential the test edits through n8n's REST API, and the workflow that uses it. */
const EDITED_CREDENTIAL = ataraPayTrigger.credential(
	'e2eQueueEditCred',
	'AtaraPay queue e2e (edited)',
	ATARAPAY_KEYS,
);
const EDITED_WORKFLOW = ataraPayTrigger.workflow({
	id: 'e2eQueueEdited01',
	webhookId: '5d1e0c7a-9999-4b1f-8c2d-7e6f5a000001',
	credentialId: EDITED_CREDENTIAL.id,
});
const NEW_KEYS = { ...ATARAPAY_KEYS, privateKey: 'TEST_PRIVATE_KEY_EDITED_QUEUE' };
/** Respond "When Last Node Finishes", then a call to a downstream service the tests make fail or succeed. */
const downstream = new FlakyService();
const WHEN_FINISHED_WEBHOOK = '5d1e0c7a-8888-4b1f-8c2d-7e6f5a000002';
const whenFinished = () =>
	deliveringWorkflow(downstream, 'e2eQueueLastNod1', WHEN_FINISHED_WEBHOOK, {
		options: { responseMode: 'lastNode' },
	});
/** The AtaraPay tokens this file sends itself (each holds a private key): none may be stored or logged. */
const sentTokens: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`n8n-nodes-payment-callbacks in n8n queue mode (target ${runtime.target}: Postgres, Redis, nginx, main + 2 webhook processes + worker)`, () => {
	let n8n: QueueModeN8n;
	let next = FIRST;

	beforeAll(async () => {
		for (const suite of suites) await suite.setUp?.();
		await downstream.start();
		n8n = await QueueModeN8n.create(runtime);
		await n8n.startServices();
		n8n.installPackage();
		await n8n.importCredentials([
			...suites.flatMap((suite) => suite.credentials()),
			EDITED_CREDENTIAL,
		]);
		const workflows = [
			...suites.flatMap((suite) => suite.workflows),
			EDITED_WORKFLOW,
			whenFinished(),
		];
		await n8n.importWorkflows(workflows);
		await n8n.activate(workflows.map((workflow) => workflow.id));
		await n8n.start();
		const ready = [
			...suites.flatMap((suite) => suite.readyWebhooks),
			webhookOf(EDITED_WORKFLOW),
			WHEN_FINISHED_WEBHOOK,
		];
		for (const webhookId of ready) await n8n.waitForWebhook(webhookId);
	});

	afterAll(async () => {
		await n8n?.stop();
		await n8n?.stopServices();
		for (const suite of suites) await suite.tearDown?.();
		await downstream.stop();
		if (process.env.KEEP_E2E_N8N) console.log(`n8n user folder kept at ${n8n.userFolder}`);
		else n8n?.cleanUp();
	});

	it('loads the package in every process', () => {
		expect(n8n.log).not.toMatch(
			/Failed to load package|Unrecognized node type|error loading (package|node)/i,
		);
		for (const name of ['main', 'webhook-1', 'webhook-2', 'worker'])
			expect(n8n.processLog(name).length).toBeGreaterThan(0);
	});

	for (const suite of suites) describe(suite.title, () => suite.defineTests(() => n8n));

	it('ran every execution on the worker', async () => {
		const rows = suites.flatMap((suite) =>
			suite.workflows.flatMap((workflow) => n8n.executions(workflow.id)),
		);
		expect(rows.length).toBeGreaterThanOrEqual(5);
		// the worker logs an execution as finished just after saving it
		const notOnWorker = () =>
			rows.filter(
				(row) => !n8n.processLog('worker').includes(`Worker finished execution ${row.id} `),
			);
		for (let tries = 0; notOnWorker().length > 0 && tries < 60; tries++) await sleep(500);
		expect(notOnWorker()).toEqual([]);
	});

	describe.each(suites)('$title across webhook processes', (suite: ProviderSuite) => {
		const webhookId = webhookOf(suite.traffic.workflow);
		const executionCount = () => n8n.executions(suite.traffic.workflow.id).length;

		it('answers a retry that lands on the other webhook process as a duplicate, and starts nothing', async () => {
			const before = executionCount();
			const [first, second] = n8n.webhookProcesses;
			for (const [original, retry] of [
				[first, second],
				[second, first],
			]) {
				const n = next++;
				expect((await n8n.post(webhookId, suite.traffic.genuine(n), original)).text).toBe(STARTED);
				expect(await n8n.post(webhookId, suite.traffic.genuine(n), retry)).toEqual({
					status: 200,
					text: DUPLICATE,
				});
			}
			const rows = await n8n.waitForExecutions(suite.traffic.workflow.id, before + 2);
			await sleep(1000); // a late extra execution would show now
			expect(executionCount()).toBe(before + 2);
			expect(rows.slice(before).map((row) => row.status)).toEqual(['success', 'success']);
		});

		it("saves every process's accepted callbacks in the duplicate store (no process erases another's)", async () => {
			for (let i = 0; i < 6; i++)
				expect((await n8n.post(webhookId, suite.traffic.genuine(next++))).text).toBe(STARTED);
			const rows = await n8n.waitForExecutions(suite.traffic.workflow.id, 0);
			const staticData = n8n.staticData(suite.traffic.workflow.id);
			const { recentCallbacks } = staticData[`node:${suite.traffic.workflow.nodes[0].name}`] as {
				recentCallbacks: unknown;
			};
			expect(typeof recentCallbacks).toBe('string'); // the saved form (nodes/shared/savedCallbacks.ts)
			let saved = 0;
			forEachSavedCallback(recentCallbacks, () => saved++);
			// every callback this workflow ever accepted, on either process, is in the database's copy
			expect(saved).toBe(rows.length);
		});

		it('runs the same callback sent twice at the same moment once when nginx routes by URL (hash $request_uri consistent)', async () => {
			const before = executionCount();
			const answers = [];
			for (let pair = 0; pair < PAIRS; pair++) {
				const n = next++;
				answers.push(
					...(await Promise.all(
						[0, 1].map(
							async () => await n8n.post(webhookId, suite.traffic.genuine(n), n8n.balancer),
						),
					)),
				);
			}
			expect(answers.filter((answer) => answer.text === STARTED)).toHaveLength(PAIRS);
			expect(answers.filter((answer) => answer.text === DUPLICATE)).toHaveLength(PAIRS);
			await n8n.waitForExecutions(suite.traffic.workflow.id, before + PAIRS);
			await sleep(1000);
			expect(executionCount()).toBe(before + PAIRS);
		});

		it('without routing, simultaneous duplicates on two processes never get lost, and how often both run is measured', async () => {
			const before = executionCount();
			let ranTwice = 0;
			for (let pair = 0; pair < PAIRS; pair++) {
				const n = next++;
				const answers = await Promise.all(
					n8n.webhookProcesses.map(
						async (via) => await n8n.post(webhookId, suite.traffic.genuine(n), via),
					),
				);
				expect(
					answers.every(
						(answer) => answer.status === 200 && [STARTED, DUPLICATE].includes(answer.text),
					),
				).toBe(true);
				const started = answers.filter((answer) => answer.text === STARTED).length;
				expect(started).toBeGreaterThanOrEqual(1);
				if (started === 2) ranTwice++;
			}
			console.log(
				`[queue mode] ${suite.title}: ${ranTwice} of ${PAIRS} simultaneous duplicate pairs sent straight to the two webhook processes ran twice`,
			);
			await n8n.waitForExecutions(suite.traffic.workflow.id, before + PAIRS + ranTwice);
			await sleep(1000);
			expect(executionCount()).toBe(before + PAIRS + ranTwice);
		});
	});

	it('"When Last Node Finishes" across webhook processes: a failed run is retried, never answered "duplicate" early', async () => {
		const webhookId = WHEN_FINISHED_WEBHOOK;
		const [first, second] = n8n.webhookProcesses;
		const callback = suiteOf('optty').traffic.genuine(next++);
		downstream.willAnswer('fail');
		expect(await n8n.post(webhookId, callback, first)).toEqual({
			status: 500,
			text: expect.stringContaining('Error in workflow'),
		});
		// the other process finds the run "in flight" in the copy the first saved with its answer (n8n saves
		// static data before the trigger learns the outcome), and has no word yet of how it ended: retry later
		const elsewhere = await n8n.send(webhookId, callback, second);
		expect([elsewhere.status, elsewhere.headers.get('retry-after')]).toEqual([503, '30']);
		// the first process knows the run failed: the retry runs again, succeeds, and the next verified
		// callback there saves the outcome for the other process
		expect(await n8n.post(webhookId, callback, first)).toEqual({ status: 200, text: '' });
		expect(await n8n.post(webhookId, callback, first)).toEqual({ status: 200, text: DUPLICATE });
		expect(await n8n.post(webhookId, callback, second)).toEqual({ status: 200, text: DUPLICATE });
		const rows = await n8n.waitForExecutions(whenFinished().id, 2);
		expect(rows.map((row) => row.status)).toEqual(['error', 'success']);
		expect(downstream.requests).toHaveLength(2);
	});

	it('uses an edited credential in every webhook process within 5 seconds', async () => {
		const webhookId = webhookOf(EDITED_WORKFLOW);
		const callback = (keys: typeof ATARAPAY_KEYS) => {
			const signed = ataraPayCallback({ order: ataraPayOrder({ id: next++ }), keys });
			sentTokens.push(signed.token);
			return json(signed);
		};
		for (const via of n8n.webhookProcesses)
			expect((await n8n.post(webhookId, callback(ATARAPAY_KEYS), via)).text).toBe(STARTED);

		// what the editor sends when the user saves the credential
		await n8n.rest('PATCH', `/rest/credentials/${EDITED_CREDENTIAL.id}`, {
			...EDITED_CREDENTIAL,
			data: NEW_KEYS,
		});
		const edited = Date.now();
		const answersAfterEdit = async () =>
			await Promise.all(
				n8n.webhookProcesses.map(async (via) => ({
					oldKey: (await n8n.post(webhookId, callback(ATARAPAY_KEYS), via)).status,
					newKey: (await n8n.post(webhookId, callback(NEW_KEYS), via)).text,
				})),
			);
		let answers = await answersAfterEdit();
		while (
			answers.some((answer) => answer.oldKey !== 401 || answer.newKey !== STARTED) &&
			Date.now() - edited < 5000
		) {
			await sleep(200);
			answers = await answersAfterEdit();
		}
		const seconds = (Date.now() - edited) / 1000;
		console.log(
			`[queue mode] credential edit in effect on both webhook processes after ${seconds.toFixed(1)} s`,
		);
		expect(answers).toEqual(n8n.webhookProcesses.map(() => ({ oldKey: 401, newKey: STARTED })));
		expect(seconds).toBeLessThanOrEqual(5);
	});

	it("keeps every key and token out of Postgres, every process's log and the answers", async () => {
		await n8n.stop(); // the worker finishes what is in flight
		const database = n8n.databaseBytes().toString('latin1');
		expect(database).toContain('SHOP-REF-77'); // the scan reads real execution data
		const secrets = [
			...suites.flatMap((suite) => suite.secrets()),
			NEW_KEYS.privateKey,
			...sentTokens,
		];
		expect(secretsFoundIn(database, secrets)).toEqual([]);
		expect(secretsFoundIn(n8n.log, secrets)).toEqual([]);
		expect(secretsFoundIn(n8n.answers.join('\n'), secrets)).toEqual([]);
	});
});

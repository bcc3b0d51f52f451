// The package in one real n8n per run (one n8n line, chosen by scripts/test-e2e.sh), installed from
// the packed tarball as a community package, with every provider's workflows. Every assertion about
// executions reads n8n's own SQLite database, never the package's bookkeeping.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import { examplesSuite } from './examples.e2e';
import { HOSTILE_BARRIER, defineHostileInputTests } from './hostileInput';
import { PROVIDER_SUITES } from './providerSuites';
import { RealN8n, freePort, runtimeFromEnv } from './realN8n';
import { respondSuite } from './respond.e2e';
import { secretsFoundIn } from './secretScan';
import { simulatorSuite } from './simulator.e2e';
import type { E2eSuite } from './suite';

const runtime = runtimeFromEnv();
const suites = PROVIDER_SUITES;
/** Everything the run imports and tests: the triggers, then the examples and the simulator. */
const allSuites: E2eSuite[] = [...suites, respondSuite, examplesSuite, simulatorSuite(suites)];

describe(`n8n-nodes-payment-callbacks in real n8n (target ${runtime.target}.x)`, () => {
	let n8n: RealN8n;

	beforeAll(async () => {
		for (const suite of allSuites) await suite.setUp?.();
		n8n = new RealN8n(runtime, await freePort(), await freePort());
		n8n.installPackage();
		await n8n.importCredentials(allSuites.flatMap((suite) => suite.credentials()));
		const workflows = allSuites.flatMap((suite) => suite.workflows);
		await n8n.importWorkflows(workflows);
		await n8n.activate(workflows.map((workflow) => workflow.id));
		await n8n.start();
		for (const webhookId of allSuites.flatMap((suite) => suite.readyWebhooks))
			await n8n.waitForWebhook(webhookId);
	});

	afterAll(async () => {
		await n8n?.stop();
		for (const suite of allSuites) await suite.tearDown?.();
		if (process.env.KEEP_E2E_N8N) console.log(`n8n user folder kept at ${n8n.userFolder}`);
		else n8n?.cleanUp();
	});

	it("loads the package without errors, with nothing beside it but what n8n's installer put there", () => {
		// (the webhooks answering at all shows the node types loaded; this checks n8n reported no trouble)
		expect(n8n.log).not.toMatch(
			/Failed to load package|Unrecognized node type|error loading (package|node)/i,
		);
		// no dependencies of its own: zod, which types every item, resolves from n8n's modules (NODE_PATH)
		const manifest = JSON.parse(readFileSync(join(n8n.packageDir, 'package.json'), 'utf8')) as {
			dependencies?: object;
		};
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(existsSync(join(n8n.packageDir, 'node_modules'))).toBe(false);
	});

	it("offers every trigger and its credential in n8n's editor", async () => {
		const { nodes, credentials } = await n8n.editorTypes();
		for (const suite of suites) {
			for (const workflow of suite.workflows) {
				const [trigger] = workflow.nodes;
				expect(
					nodes.filter((node) => node.name === trigger.type).map((node) => node.displayName),
				).toEqual([suite.title]);
				for (const credentialType of Object.keys(trigger.credentials)) {
					expect(credentials.map((credential) => credential.name)).toContain(credentialType);
				}
			}
		}
	});

	for (const suite of allSuites) describe(suite.title, () => suite.defineTests(() => n8n));

	defineHostileInputTests(() => n8n, suites);

	it('still knows the callbacks it accepted after n8n restarts (duplicates stay duplicates)', async () => {
		for (const suite of allSuites) await suite.restartChecks?.before(() => n8n);
		const executionsBefore = suites.map(
			(suite) => n8n.executions(suite.traffic.workflow.id).length,
		);
		await n8n.stop();
		await n8n.start();
		for (const webhookId of allSuites.flatMap((suite) => suite.readyWebhooks))
			await n8n.waitForWebhook(webhookId);
		for (const suite of allSuites) await suite.restartChecks?.after(() => n8n);
		for (const suite of suites) {
			const repeat = await n8n.post(
				suite.traffic.workflow.nodes[0].webhookId,
				suite.traffic.genuine(HOSTILE_BARRIER),
			);
			expect([suite.title, repeat]).toEqual([
				suite.title,
				{ status: 200, text: expect.stringContaining('duplicate') },
			]);
		}
		// a new one still runs, so the restarted trigger is really listening
		const [first] = suites;
		expect(
			(
				await n8n.post(
					first.traffic.workflow.nodes[0].webhookId,
					first.traffic.genuine(HOSTILE_BARRIER + 1),
				)
			).status,
		).toBe(200);
		await n8n.waitForExecutions(first.traffic.workflow.id, executionsBefore[0] + 1);
		expect(suites.map((suite) => n8n.executions(suite.traffic.workflow.id).length)).toEqual(
			executionsBefore.map((count, i) => (i === 0 ? count + 1 : count)),
		);
	});

	it("logs why callbacks were refused, keeps every key and token out of n8n's database, log and answers, and calls out nowhere", async () => {
		await n8n.stop(); // flushes the database
		const database = n8n.databaseBytes().toString('latin1');
		expect(database.length).toBeGreaterThan(0);
		expect(n8n.answers.length).toBeGreaterThan(50);
		// the trigger's warning names it by its display name, which the editor test above found equal to the title
		for (const suite of suites)
			expect(n8n.log).toContain(`${suite.title}: callback refused with 401`);
		for (const suite of allSuites) {
			const secrets = suite.secrets();
			expect(secrets.length).toBeGreaterThanOrEqual(3);
			expect({ suite: suite.title, inDatabase: secretsFoundIn(database, secrets) }).toEqual({
				suite: suite.title,
				inDatabase: [],
			});
			expect({ suite: suite.title, inLog: secretsFoundIn(n8n.log, secrets) }).toEqual({
				suite: suite.title,
				inLog: [],
			});
			expect({
				suite: suite.title,
				inAnswers: secretsFoundIn(n8n.answers.join('\n'), secrets),
			}).toEqual({ suite: suite.title, inAnswers: [] });
		}
		// the scan finds what is there: each suite's first key, planted in a copy of the log
		for (const suite of suites)
			expect(secretsFoundIn(`${n8n.log}<${suite.secrets()[0]}>`, suite.secrets())).toEqual([
				suite.secrets()[0],
			]);
		// the scan can see what it looks for: the order data the items carry is stored
		for (const suite of suites)
			expect([suite.title, database.includes(suite.storedValue)]).toEqual([suite.title, true]);
		// off this machine went only n8n's own calls home (2.x) and the Sheets example's call to Google
		const expectedOutbound = (destination: string) =>
			/(^|\.)n8n\.io:443$/.test(destination) || destination === 'sheets.googleapis.com:443';
		expect(n8n.egress.destinations).toContain('sheets.googleapis.com:443');
		expect(n8n.egress.destinations.filter((destination) => !expectedOutbound(destination))).toEqual(
			[],
		);
	});
});

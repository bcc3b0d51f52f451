// The simulator against real n8n: every event of every provider, sent by the installed package's
// command to each trigger's all-events workflow, starts one execution whose item is that event for
// that order; a forged one is refused and starts nothing; a repeat is answered "duplicate".
import { execFile } from 'child_process';
import { promisify } from 'util';

import { ATARAPAY_KEYS, tokenFor } from '../helpers/ataraPayFixtures';
import type { RealN8n } from './realN8n';
import { suiteOf } from './providerSuites';
import { SIMULATOR_ENV, simulate } from './simulator';
import type { E2eSuite, ProviderSuite } from './suite';

const run = promisify(execFile);

/** Event ids per provider, as `events <provider>` lists them (the command's own listing is under test too). */
async function eventsListed(n8n: RealN8n, provider: string) {
	const listing = await simulate(n8n, ['events', provider]);
	expect(listing.code).toBe(0);
	return [...listing.output.matchAll(/^ {2}([a-z_]+) /gm)].map((match) => match[1]);
}

const ATARAPAY_ORDER_BASE = 620000;

export function simulatorSuite(providers: readonly ProviderSuite[]): E2eSuite {
	return {
		title: 'simulate command',
		credentials: () => [],
		workflows: [],
		readyWebhooks: [],
		// the AtaraPay tokens of the orders sent below
		secrets: () =>
			Array.from({ length: 12 }, (_, i) =>
				tokenFor(ATARAPAY_KEYS, ATARAPAY_ORDER_BASE + i, 450000),
			),

		defineTests(n8n: () => RealN8n) {
			it.each(providers.map((suite) => [suite.title, suite] as const))(
				'%s: every event starts one execution with that event and order',
				async (_title, suite) => {
					const workflow = suite.traffic.workflow;
					const nodeName = workflow.nodes[0].name;
					const provider = suite.id;
					const url = n8n().webhookUrl(workflow.nodes[0].webhookId);
					const events = await eventsListed(n8n(), provider);
					expect(events.length).toBeGreaterThanOrEqual(4);
					const before = n8n().executions(workflow.id).length;

					const started: string[] = [];
					for (const [i, event] of events.entries()) {
						const orderId = String(ATARAPAY_ORDER_BASE + i);
						const result = await simulate(n8n(), [
							'simulate',
							provider,
							event,
							'--url',
							url,
							'--order-id',
							orderId,
						]);
						if (result.output.includes('unsigned')) {
							// IntraPay's acknowledgements carry no signature: refused unless "Accept Unsigned Callbacks" is on
							expect(result).toMatchObject({
								code: 1,
								output: expect.stringContaining('Refused with 401'),
							});
							continue;
						}
						expect([event, result]).toEqual([
							event,
							{
								code: 0,
								output: expect.stringContaining('n8n answered 200: Workflow was started'),
							},
						]);
						started.push(event);
					}
					const rows = (await n8n().waitForExecutions(workflow.id, before + started.length)).slice(
						before,
					);
					expect(rows.map((row) => row.status)).toEqual(started.map(() => 'success'));
					const items = rows.flatMap((row) => n8n().triggerItems(row.id, nodeName));
					expect(items.map((item) => item.event).sort()).toEqual([...started].sort());
					for (const item of items) {
						expect(item).toMatchObject({ verified: true, verifiedWith: 'current' });
						const i = events.indexOf(item.event as string);
						expect(`${item.orderId} ${item.merchantReference}`).toContain(
							String(ATARAPAY_ORDER_BASE + i),
						);
					}

					// the same order and event again: a duplicate; forged: refused; neither starts anything
					const repeat = await simulate(n8n(), [
						'simulate',
						provider,
						started[0],
						'--url',
						url,
						'--order-id',
						String(ATARAPAY_ORDER_BASE),
					]);
					expect(repeat).toMatchObject({
						code: 0,
						output: expect.stringContaining('not run again'),
					});
					const forged = await simulate(
						n8n(),
						['simulate', provider, started[0], '--url', url, '--forged'],
						{},
					);
					expect(forged).toMatchObject({
						code: 0,
						output: expect.stringContaining('Refused with 401, as it should be'),
					});
					expect(n8n().executions(workflow.id)).toHaveLength(before + started.length);
				},
			);

			it("runs with npx from the simulator package's packed tarball, on the Node that npx finds", async () => {
				// AtaraPay's, as the README's first workflow sends it
				const suite = suiteOf('atarapay');
				const url = n8n().webhookUrl(suite.traffic.workflow.nodes[0].webhookId);
				const { stdout } = await run(
					'npm',
					[
						'exec',
						'--yes',
						'--prefer-offline',
						`--package=${n8n().runtime.simulatorTarball ?? 'SIMULATOR_TARBALL not set'}`,
						'--',
						'n8n-payment-callbacks-simulator',
						'simulate',
						suite.id,
						'buyer_accepted',
						'--url',
						url,
						'--forged',
					],
					{ env: { ...process.env, ...SIMULATOR_ENV }, cwd: n8n().userFolder },
				);
				expect(stdout).toContain('Refused with 401, as it should be');
			});
		},
	};
}

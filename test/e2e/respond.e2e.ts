// Options > Respond and the Callback Refused event in real n8n, with a flaky downstream service on
// loopback that the workflows call after the trigger (n8n's HTTP Request node): see suite.ts for how
// the run uses this. The Optty Trigger stands in for all three: both features live in the shared glue.
import { OPTTY_KEYS } from '../helpers/opttyFixtures';
import { FlakyService } from './flakyService';
import { opttySuite, opttyTriggerWorkflow } from './optty.e2e';
import type { RealN8n } from './realN8n';
import { triggerOf, webhookOf, type E2eSuite } from './suite';

const NODE_NAME = triggerOf('optty').nodeName;
const service = new FlakyService();
const { genuine, forged } = opttySuite.traffic;

/** Version 2 of the node, as a new workflow gets it, with the Optty suite's credential. */
const trigger = (id: string, webhookId: string, parameters: object = {}) =>
	opttyTriggerWorkflow(id, webhookId, 'e2eOpttyCred0001', parameters, 2);

/**
 * An Optty Trigger (the Optty suite's credential), then a call to `service` with the order reference:
 * the workflow fails when the service fails.
 */
export function deliveringWorkflow(
	service: FlakyService,
	id: string,
	webhookId: string,
	parameters: object = {},
) {
	const workflow = trigger(id, webhookId, parameters);
	const deliver = {
		id: `${workflow.nodes[0].id.slice(0, 8)}-0000-4000-8000-000000000002`,
		name: 'Deliver',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [300, 0],
		parameters: {
			method: 'POST',
			url: `=${service.url}/deliver?ref={{ $json.merchantReference }}`,
			options: {},
		},
	};
	return {
		...workflow,
		nodes: [...workflow.nodes, deliver],
		connections: { [NODE_NAME]: { main: [[{ node: 'Deliver', type: 'main', index: 0 }]] } },
	};
}

const WHEN_FINISHED = {
	id: 'e2eRespondLast01',
	webhookId: '7c1d2e30-1111-4a5b-9c8d-0e0f10000001',
	parameters: { options: { responseMode: 'lastNode' } },
};
const IMMEDIATELY = {
	id: 'e2eRespondNow001',
	webhookId: '7c1d2e30-2222-4a5b-9c8d-0e0f10000002',
	parameters: {},
};
const delivering = ({ id, webhookId, parameters }: typeof IMMEDIATELY) =>
	deliveringWorkflow(service, id, webhookId, parameters);
const REFUSALS = trigger('e2eRefusals00001', '7c1d2e30-3333-4a5b-9c8d-0e0f10000003', {
	events: ['callback_refused'],
});
const IDLE = trigger('e2eIdleAccept001', '7c1d2e30-4444-4a5b-9c8d-0e0f10000004');

/** Callback numbers of this suite (the load test uses 0-99,999, the other suites 100,000 on). */
const N = 300_000;
const reference = (n: number) => `ORDER-BULK-${n}`;

export const respondSuite: E2eSuite = {
	title: 'Respond and Callback Refused',
	setUp: async () => await service.start(),
	tearDown: async () => await service.stop(),
	credentials: () => [], // the Optty suite's credential
	get workflows() {
		return [delivering(WHEN_FINISHED), delivering(IMMEDIATELY), REFUSALS, IDLE];
	},
	// not REFUSALS: the readiness probe is a refused callback, which would start it (n8n registers every
	// active workflow in one pass, so the others answering means it is registered too)
	readyWebhooks: [WHEN_FINISHED.webhookId, IMMEDIATELY.webhookId, webhookOf(IDLE)],
	secrets: () => [OPTTY_KEYS.hashSecret, OPTTY_KEYS.clientSecret, 'TEST_HASH_SECRET_9999'],

	restartChecks: {
		async before(n8n: () => RealN8n) {
			// one callback on a trigger that sees nothing else, then quiet: n8n has nothing left to do
			expect((await n8n().post(webhookOf(IDLE), genuine(N + 900))).status).toBe(200);
			await n8n().waitForExecutions(IDLE.id, 1);
		},
		async after(n8n: () => RealN8n) {
			expect(await n8n().post(webhookOf(IDLE), genuine(N + 900))).toEqual({
				status: 200,
				text: expect.stringContaining('duplicate'),
			});
			// the last word before the restart on this trigger was a duplicate answer, which saved how its runs ended
			expect(await n8n().post(WHEN_FINISHED.webhookId, genuine(N + 2))).toEqual({
				status: 200,
				text: expect.stringContaining('duplicate'),
			});
			expect(n8n().executions(IDLE.id)).toHaveLength(1);
		},
	},

	defineTests(n8n: () => RealN8n) {
		const whenFinished = WHEN_FINISHED.webhookId;

		it('"When Last Node Finishes": answers 200, with no workflow data, only after the workflow succeeded', async () => {
			service.willAnswer('ok');
			const answer = await n8n().send(whenFinished, genuine(N + 1));
			expect({ status: answer.status, text: answer.text }).toEqual({ status: 200, text: '' });
			expect(await service.waitForRequests(reference(N + 1), 1, 1000)).toHaveLength(1); // already called: n8n answered after it
			const rows = await n8n().waitForExecutions(WHEN_FINISHED.id, 1);
			expect(rows.map((row) => row.status)).toEqual(['success']);
		});

		it("answers 500 when the workflow failed; the provider's retry runs it again, and a repeat after success is a duplicate", async () => {
			const before = n8n().executions(WHEN_FINISHED.id).length;
			service.willAnswer('fail');
			expect(await n8n().post(whenFinished, genuine(N + 2))).toEqual({
				status: 500,
				text: expect.stringContaining('Error in workflow'),
			});
			const retry = await n8n().post(whenFinished, genuine(N + 2));
			expect(retry).toEqual({ status: 200, text: '' });
			expect(await n8n().post(whenFinished, genuine(N + 2))).toEqual({
				status: 200,
				text: expect.stringContaining('duplicate'),
			});

			const rows = await n8n().waitForExecutions(WHEN_FINISHED.id, before + 2);
			expect(rows.slice(before).map((row) => row.status)).toEqual(['error', 'success']);
			expect(n8n().lastNodeExecuted(rows[before].id)).toBe('Deliver');
			expect(await service.waitForRequests(reference(N + 2), 2)).toHaveLength(2);
		});

		it('answers a repeat while the run is still in flight with 503 and Retry-After, and starts nothing', async () => {
			const before = n8n().executions(WHEN_FINISHED.id).length;
			service.willAnswer('hold');
			const first = n8n().post(whenFinished, genuine(N + 3));
			expect(await service.waitForRequests(reference(N + 3), 1)).toHaveLength(1); // the run is waiting on the service

			const repeat = await n8n().send(whenFinished, genuine(N + 3));
			expect(repeat.status).toBe(503);
			expect(repeat.headers.get('retry-after')).toBe('30');
			expect(JSON.parse(repeat.text)).toMatchObject({ error: 'in_progress' });

			service.release();
			expect(await first).toEqual({ status: 200, text: '' });
			expect(await n8n().post(whenFinished, genuine(N + 3))).toEqual({
				status: 200,
				text: expect.stringContaining('duplicate'),
			});
			const rows = await n8n().waitForExecutions(WHEN_FINISHED.id, before + 1);
			expect(rows.slice(before).map((row) => row.status)).toEqual(['success']);
			expect(service.requests.filter((url) => url.includes(reference(N + 3)))).toHaveLength(1);
		});

		it('"Immediately" (the default) is unchanged: 200 at once, and a retry after a failed run is a duplicate', async () => {
			service.willAnswer('fail');
			const answer = await n8n().post(IMMEDIATELY.webhookId, genuine(N + 4));
			expect(answer).toEqual({
				status: 200,
				text: expect.stringContaining('Workflow was started'),
			});
			const rows = await n8n().waitForExecutions(IMMEDIATELY.id, 1);
			expect(rows.map((row) => row.status)).toEqual(['error']);
			expect(await n8n().post(IMMEDIATELY.webhookId, genuine(N + 4))).toEqual({
				status: 200,
				text: expect.stringContaining('duplicate'),
			});
		});

		it('"Callback Refused": a flood of forgeries gets 401 each and starts one execution, which holds no secret', async () => {
			expect(n8n().executions(REFUSALS.id)).toEqual([]);
			const flood = Array.from({ length: 24 }, (_, i) => forged(N + 100 + i));
			const answers = [];
			for (const body of flood) answers.push(await n8n().post(webhookOf(REFUSALS), body));
			expect(answers.map((answer) => answer.status)).toEqual(Array(24).fill(401));
			// a genuine callback is not a selected event here: answered, nothing starts
			expect(await n8n().post(webhookOf(REFUSALS), genuine(N + 200))).toEqual({
				status: 200,
				text: expect.stringContaining('event_not_selected'),
			});

			const rows = await n8n().waitForExecutions(REFUSALS.id, 1);
			await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a wrong second one
			expect(n8n().executions(REFUSALS.id)).toHaveLength(1);
			const items = n8n().triggerItems(rows[0].id, NODE_NAME);
			expect(items).toEqual([
				{
					provider: 'optty',
					event: 'callback_refused',
					verified: false,
					statusCode: 401,
					error: 'unauthorized',
					message: JSON.parse(answers[0].text).message,
					clientIp: expect.stringMatching(/127\.0\.0\.1$/),
					receivedAt: expect.any(String),
					refusedCount: 1,
					firstRefusedAt: expect.any(String),
				},
			]);
			const sent = flood
				.map((body) => JSON.parse(body.body as string) as { hash?: string })
				.flatMap((body) => (body.hash ? [body.hash] : []));
			for (const hash of sent) expect(JSON.stringify(items)).not.toContain(hash);
		});
	},
};

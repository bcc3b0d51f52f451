// Options > Respond and the "Callback Refused" event, through each trigger's real webhook() in n8n-core's
// WebhookContext. The answer n8n gives after the run is played with the response object, as n8n's
// LiveWebhooks would write it: 200 when the workflow succeeded, 500 when it failed.
import {
	Workflow,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
	type INodeProperties,
} from 'n8n-workflow';

import * as recentCallbacksModule from '../../nodes/shared/liveRecentCallbacks';
import { REFUSAL_REPORT_INTERVAL_MS, refusalItemSchema } from '../../nodes/shared/refusals';
import {
	PROVIDERS,
	triggerHarness,
	withSecret,
	type ProviderId,
	type TestProvider,
} from '../helpers/providers';
import {
	expectRefused,
	onlyItem,
	rawJsonRequest,
	type TriggerHarness,
} from '../helpers/webhookHarness';

/** The signing secret of another account. */
const WRONG_SECRET: Record<ProviderId, string> = {
	atarapay: 'WRONG_PRIVATE_KEY_99',
	intrapay: 'sk_merchant_WRONG999',
	optty: 'WRONG_HASH_SECRET',
	fakepay: 'WRONG_FAKEPAY_SECRET',
};

/** Keys of another account: what a forger signs with. */
const wrongKeys = (trigger: TestProvider) => withSecret(trigger, WRONG_SECRET[trigger.id]);

const forged = (trigger: TestProvider) => trigger.signedWith(wrongKeys(trigger));

/** What a refusal item or log line must not hold: the keys, and the token/signature/hash the forger sent. */
const secrets = (trigger: TestProvider) => [
	...[trigger.keys, wrongKeys(trigger)].flatMap((keys) =>
		trigger.secretKeyFields.map((field) => keys[field]),
	),
	trigger.secretIn(forged(trigger)),
];

/** The "Options" collection's entry with this name. */
function optionNamed(trigger: TestProvider, name: string) {
	const options = trigger.nodeType.description.properties.find(
		(property) => property.name === 'options',
	);
	return (options?.options as INodeProperties[] | undefined)?.find(
		(option) => option.name === name,
	);
}

/** What n8n makes of the webhook description's expression for this node's parameters. */
function evaluatedWebhookField(harness: TriggerHarness, field: 'responseMode' | 'responseData') {
	const description = harness.workflow.nodeTypes.getByNameAndVersion(harness.node.type)!.description
		.webhooks![0];
	return (harness.workflow as Workflow).expression.getSimpleParameterValue(
		harness.node,
		description[field] as string,
		'webhook',
		{},
	);
}

describe.each(PROVIDERS)('$name Trigger: Options > Respond', (trigger) => {
	const harness = (options: Record<string, string> = {}) =>
		triggerHarness(trigger, { parameters: { options } });
	const lastNode = () => harness({ responseMode: 'lastNode' });

	it('offers Immediately (the default) and When Last Node Finishes, and tells n8n which one', () => {
		const option = optionNamed(trigger, 'responseMode');
		expect(option).toMatchObject({
			displayName: 'Respond',
			type: 'options',
			default: 'onReceived',
		});
		expect(
			(option?.options as Array<{ name: string; value: string }>).map(({ name, value }) => [
				name,
				value,
			]),
		).toEqual([
			['Immediately', 'onReceived'],
			['When Last Node Finishes', 'lastNode'],
		]);
		expect(option?.description).toMatch(/60 seconds/);
		// n8n evaluates the webhook description against the node's parameters for every request
		expect(evaluatedWebhookField(harness(), 'responseMode')).toBe('onReceived');
		expect(evaluatedWebhookField(harness(), 'responseData')).toBe('');
		expect(evaluatedWebhookField(lastNode(), 'responseMode')).toBe('lastNode');
		// never the last node's items: n8n sends no body
		expect(evaluatedWebhookField(lastNode(), 'responseData')).toBe('noData');
	});

	it('lets n8n 2.x resolve both fields without its expression engine, to the same values', () => {
		const description = trigger.nodeType.description.webhooks![0];
		expect(webhookDescriptionIsNativelyResolvable(description)).toBe(true);
		for (const node of [harness(), lastNode(), harness({ responseMode: 'onReceived' })]) {
			for (const field of ['responseMode', 'responseData'] as const) {
				const native = resolveWebhookDescriptionField(node.node, description, field);
				expect([field, native]).toEqual([
					field,
					{ resolved: true, value: evaluatedWebhookField(node, field) },
				]);
			}
		}
	});

	it('answers a repeat while the first run still goes with 503 and Retry-After, starting nothing', async () => {
		const node = lastNode();
		const first = await node.send(trigger.genuine(), 'webhook', { holdAnswer: true });
		onlyItem(first.result);
		const repeat = await node.send(trigger.genuine());
		expect(expectRefused(repeat, 503)).toMatchObject({ error: 'in_progress' });
		expect(repeat.response.headers['retry-after']).toBe('30');
		first.response.status(200).end();
		expect((await node.send(trigger.genuine())).result).toEqual({
			webhookResponse: { received: true, ignored: 'duplicate' },
		});
	});

	it('runs a callback again when its first run failed (n8n answered 500), and only once more', async () => {
		const node = lastNode();
		const first = await node.send(trigger.genuine(), 'webhook', { holdAnswer: true });
		first.response.status(500).end(); // n8n: "Error in workflow"
		const retry = await node.send(trigger.genuine(), 'webhook', { holdAnswer: true });
		onlyItem(retry.result);
		retry.response.status(200).end();
		const afterSuccess = await node.send(trigger.genuine());
		expect(afterSuccess.result).toEqual({
			webhookResponse: { received: true, ignored: 'duplicate' },
		});
	});

	it('learns the outcome even when the provider hung up before the workflow finished', async () => {
		const node = lastNode();
		const failed = await node.send(trigger.genuine(), 'webhook', { holdAnswer: true });
		failed.response.hangUp();
		expect((await node.send(trigger.genuine())).response.statusCode).toBe(503); // still running
		failed.response.status(500).end(); // n8n writes into the closed connection, no 'finish'
		// the retry runs (and n8n answers it 200 at once here)
		await waitFor(
			async () => (await node.send(trigger.genuine())).result.workflowData !== undefined,
		);

		const succeeded = await node.send(trigger.genuine(), 'webhook', { holdAnswer: true });
		expect(succeeded.result).toEqual({ webhookResponse: { received: true, ignored: 'duplicate' } });
	});

	it('keeps "Immediately" as it was: a repeat, even while the first is in flight, is a duplicate', async () => {
		const node = harness();
		const first = await node.send(trigger.genuine(), 'webhook', { holdAnswer: true });
		onlyItem(first.result);
		expect(first.response.headersSent).toBe(false); // n8n answers "Workflow was started" itself
		const repeat = await node.send(trigger.genuine());
		expect(repeat.result).toEqual({ webhookResponse: { received: true, ignored: 'duplicate' } });
		first.response.answered();
	});

	it('opens the duplicate store only for verified callbacks (a forgery never reads the saved copy)', async () => {
		const opened = jest.spyOn(recentCallbacksModule, 'liveRecentCallbacks');
		try {
			const node = harness();
			await node.send(forged(trigger));
			expect(opened).not.toHaveBeenCalled();
			onlyItem((await node.send(trigger.genuine())).result);
			expect(opened).toHaveBeenCalledTimes(1);
		} finally {
			opened.mockRestore();
		}
	});

	it('answers 503 with Retry-After when the credential lacks a key', async () => {
		const node = triggerHarness(trigger, { credentials: {} });
		const { result, response } = await node.send(trigger.genuine());
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(503);
		expect(response.headers['retry-after']).toBe('300');
	});
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe.each(PROVIDERS)('$name Trigger: the Callback Refused event', (trigger) => {
	const harness = (events: string[]) => triggerHarness(trigger, { parameters: { events } });

	afterEach(() => jest.useRealTimers());

	it('is offered in the Events list', () => {
		const events = trigger.nodeType.description.properties.find(
			(property) => property.name === 'events',
		);
		expect(events?.options).toContainEqual(
			expect.objectContaining({ name: 'Callback Refused', value: 'callback_refused' }),
		);
	});

	it.each([[[]], [['other']]])(
		'starts nothing for a refused callback unless selected (events %j)',
		async (events) => {
			const { result, response } = await harness(events).send(forged(trigger));
			expect(result).toEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(401);
		},
	);

	it('when selected, answers the caller as before and starts the workflow with what explains the refusal only', async () => {
		const node = harness(['callback_refused']);
		const { result, response } = await node.send({ ...forged(trigger), ip: '198.51.100.23' });
		expect(response.statusCode).toBe(401);
		expect(response.body).toMatchObject({ error: 'unauthorized' });
		expect(result.noWebhookResponse).toBe(true);
		const item = onlyItem(result);
		expect(refusalItemSchema.parse(item)).toEqual(item);
		expect(item).toEqual({
			provider: expect.any(String),
			event: 'callback_refused',
			verified: false,
			statusCode: 401,
			error: 'unauthorized',
			message: (response.body as { message: string }).message,
			clientIp: '198.51.100.23',
			receivedAt: expect.any(String),
			refusedCount: 1,
			firstRefusedAt: item.receivedAt,
		});
		const shown = JSON.stringify(item) + node.loggedLines.join('\n');
		for (const secret of secrets(trigger)) expect(shown).not.toContain(secret);
	});

	it('reports unreadable bodies (400) and addresses not allowed (403) too', async () => {
		const unreadable = await harness(['callback_refused']).send(rawJsonRequest('"just a string"'));
		expect(onlyItem(unreadable.result)).toMatchObject({ statusCode: 400, error: 'bad_request' });
		const node = triggerHarness(trigger, {
			parameters: { events: ['callback_refused'], options: { ipAllowlist: '203.0.113.0/24' } },
		});
		const outsider = await node.send({ ...trigger.genuine(), ip: '192.0.2.1' });
		expect(outsider.response.statusCode).toBe(403);
		expect(onlyItem(outsider.result)).toMatchObject({
			statusCode: 403,
			error: 'forbidden',
			clientIp: '192.0.2.1',
		});
	});

	it('starts at most one execution a minute; the next one counts the refusals it stands for', async () => {
		jest.useFakeTimers({
			doNotFake: ['setTimeout', 'setImmediate', 'setInterval', 'nextTick', 'queueMicrotask'],
			now: Date.parse('2026-12-02T10:00:00Z'),
		});
		const node = harness(['callback_refused']);
		const flood = [];
		for (let i = 0; i < 25; i++) {
			flood.push(await node.send(forged(trigger)));
			jest.setSystemTime(Date.parse('2026-12-02T10:00:00Z') + (i + 1) * 1000);
		}
		expect(flood.map(({ response }) => response.statusCode)).toEqual(Array(25).fill(401));
		expect(flood.filter(({ result }) => result.workflowData !== undefined)).toHaveLength(1);

		jest.setSystemTime(Date.parse('2026-12-02T10:00:00Z') + REFUSAL_REPORT_INTERVAL_MS);
		const next = await node.send(forged(trigger));
		expect(onlyItem(next.result)).toMatchObject({
			refusedCount: 25, // the 24 held back, and this one
			firstRefusedAt: '2026-12-02T10:00:01.000Z',
			receivedAt: '2026-12-02T10:01:00.000Z',
		});
		// a genuine callback still starts its own execution in between
		const genuine = await triggerHarness(trigger).send(trigger.genuine());
		expect(onlyItem(genuine.result).event).not.toBe('callback_refused');
	});

	it('counts refusals per trigger node', async () => {
		const one = await harness(['callback_refused']).send(forged(trigger));
		const other = await harness(['callback_refused']).send(forged(trigger));
		expect(onlyItem(one.result).refusedCount).toBe(1);
		expect(onlyItem(other.result).refusedCount).toBe(1);
	});
});

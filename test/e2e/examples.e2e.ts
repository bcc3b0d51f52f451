// The workflows in examples/, imported and activated in real n8n as a user would after picking
// their credentials, and run with the simulator: the email examples send through n8n's own Send
// Email node to an SMTP sink on loopback, and the tests read the messages that arrived.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { ATARAPAY_KEYS, tokenFor } from '../helpers/ataraPayFixtures';
import { PROVIDER_SUITES } from './providerSuites';
import type { RealN8n } from './realN8n';
import { simulate } from './simulator';
import { SmtpSink, addressesOf } from './smtpSink';
import { json, type E2eSuite } from './suite';

const PACKAGE = 'n8n-nodes-payment-callbacks';
const sink = new SmtpSink();

interface ExampleNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Example {
	id: string;
	name: string;
	nodes: ExampleNode[];
}

const examplesFolder = join(__dirname, '..', '..', 'examples');
const examples: Example[] = readdirSync(examplesFolder)
	.filter((file) => file.endsWith('.json'))
	.map((file) => JSON.parse(readFileSync(join(examplesFolder, file), 'utf8')) as Example);

interface UserChoice {
	credentialType: string;
	credentialId: string;
	parameters?: Record<string, unknown>;
}

/** Each trigger gets the credential its provider suite imports for its main workflow. */
const triggerChoices = PROVIDER_SUITES.map(({ traffic }): [string, UserChoice] => {
	const [trigger] = traffic.workflow.nodes;
	const [[credentialType, { id }]] = Object.entries(trigger.credentials);
	return [trigger.type, { credentialType, credentialId: id }];
});

/**
 * What a user picks for each node after importing an example: a credential (the providers' are
 * imported by their suites) and, for Google Sheets, a spreadsheet. n8n's outbound requests are
 * refused in tests (RealN8n's egress gate), so the sheet node's call to Google fails: the run stops
 * there, after the trigger, and the gate shows where it went.
 */
const USER_CHOICES: Record<string, UserChoice> = {
	...Object.fromEntries(triggerChoices),
	'n8n-nodes-base.emailSend': { credentialType: 'smtp', credentialId: 'e2eSmtpSink00001' },
	'n8n-nodes-base.googleSheets': {
		credentialType: 'googleSheetsOAuth2Api',
		credentialId: 'e2eGoogleSheets1',
		parameters: {
			documentId: {
				__rl: true,
				mode: 'url',
				value: 'https://docs.google.com/spreadsheets/d/e2e-sheet-id/edit',
			},
			sheetName: { __rl: true, mode: 'name', value: 'Payments' },
		},
	},
};

const asUserSetsItUp = (example: Example): Example => ({
	...example,
	nodes: example.nodes.map((node) => {
		const choice = USER_CHOICES[node.type];
		if (!choice) return node;
		return {
			...node,
			parameters: { ...node.parameters, ...choice.parameters },
			credentials: {
				[choice.credentialType]: { id: choice.credentialId, name: choice.credentialId },
			},
		};
	}),
});

const exampleWith = (triggerType: string) => {
	const example = examples.find((candidate) =>
		candidate.nodes.some((node) => node.type === `${PACKAGE}.${triggerType}`),
	);
	if (!example) throw new Error(`no example with a ${triggerType}`);
	const trigger = example.nodes.find((node) => node.type.startsWith(`${PACKAGE}.`))!;
	return { example, trigger, webhookId: trigger.webhookId! };
};

const triggerWebhooks = examples.map(
	(example) => example.nodes.find((node) => node.type.startsWith(`${PACKAGE}.`))!.webhookId!,
);
/** Orders the examples are run with; their AtaraPay tokens join the secret scan. */
const ATARAPAY_ORDERS = {
	delivered: '610001',
	accepted: '610002',
	rejected: '610003',
	forged: '610004',
};

export const examplesSuite: E2eSuite = {
	title: 'examples/',
	setUp: async () => await sink.start(),
	tearDown: async () => await sink.stop(),
	credentials: () => [
		{
			id: 'e2eSmtpSink00001',
			name: 'SMTP sink on loopback',
			type: 'smtp',
			data: {
				user: '',
				password: '',
				host: '127.0.0.1',
				port: sink.port,
				secure: false,
				disableStartTls: true,
			},
		},
		{
			id: 'e2eGoogleSheets1',
			name: 'Google Sheets (unreachable here)',
			type: 'googleSheetsOAuth2Api',
			data: {
				clientId: 'e2e',
				clientSecret: 'e2e',
				oauthTokenData: { access_token: 'e2e', token_type: 'Bearer', refresh_token: 'e2e' },
			},
		},
	],
	workflows: examples.map(asUserSetsItUp),
	readyWebhooks: triggerWebhooks,
	secrets: () =>
		Object.values(ATARAPAY_ORDERS).map((order) => tokenFor(ATARAPAY_KEYS, order, 450000)),

	defineTests(n8n: () => RealN8n) {
		/** Sends a provider's simulated event for an order to the trigger with this webhook id, as a user would. */
		const simulatorFor =
			(provider: string, webhookId: string) =>
			(event: string, orderId: string, ...extra: string[]) =>
				simulate(n8n(), [
					'simulate',
					provider,
					event,
					'--url',
					n8n().webhookUrl(webhookId),
					'--order-id',
					orderId,
					...extra,
				]);

		it('imports and activates every example: each trigger answers at its production URL', async () => {
			expect(examples.length).toBeGreaterThanOrEqual(3);
			for (const webhookId of triggerWebhooks) {
				// an empty object is not a callback: refused by the trigger (400/401), not 404 (inactive)
				expect([400, 401]).toContain((await n8n().post(webhookId, json('{}'))).status);
			}
		});

		it('AtaraPay: emails the seller the order, amount and buyer when an order is delivered or accepted, and only then', async () => {
			const { example, webhookId } = exampleWith('ataraPayTrigger');
			const send = simulatorFor('atarapay', webhookId);

			const delivered = await send('delivery_completed', ATARAPAY_ORDERS.delivered);
			expect(delivered).toMatchObject({
				code: 0,
				output: expect.stringContaining('Accepted: the trigger verified the callback'),
			});
			expect(await send('buyer_accepted', ATARAPAY_ORDERS.accepted)).toMatchObject({ code: 0 });
			// not among the example's events: answered, no email
			expect(await send('buyer_rejected', ATARAPAY_ORDERS.rejected)).toMatchObject({
				code: 0,
				output: expect.stringContaining('ignored'),
			});
			expect(await send('delivery_completed', ATARAPAY_ORDERS.forged, '--forged')).toMatchObject({
				code: 0,
				output: expect.stringContaining('Refused with 401'),
			});

			// both runs ended well (a failed Send Email shows here, with n8n's status, before any email is missed)
			const executions = await n8n().waitForExecutions(example.id, 2);
			expect(executions.map((row) => row.status)).toEqual(['success', 'success']);
			const emails = await sink.waitForMessagesTo('seller@example.com', 2);
			expect(emails.map((email) => email.subject).sort()).toEqual(
				[
					`AtaraPay order ${ATARAPAY_ORDERS.delivered}: delivery completed`,
					`AtaraPay order ${ATARAPAY_ORDERS.accepted}: the buyer accepted it`,
				].sort(),
			);
			const deliveredEmail = emails.find((email) =>
				email.subject?.includes(ATARAPAY_ORDERS.delivered),
			)!;
			expect(deliveredEmail.from?.value[0].address).toBe('shop@example.com');
			for (const field of [
				`order ${ATARAPAY_ORDERS.delivered}`,
				`Your reference: SHOP-${ATARAPAY_ORDERS.delivered}`,
				'Product: Sample order from the simulator',
				'Amount: NGN 4500',
				'Buyer: buyer@example.com',
				'AtaraPay status: Delivered',
			]) {
				expect(deliveredEmail.text).toContain(field);
			}
			expect(deliveredEmail.text).not.toMatch(/undefined|null|\[object Object\]/);
		});

		it('Optty: emails the team the reference, amount, provider and reason of a declined order, and nothing for others', async () => {
			const { webhookId } = exampleWith('opttyTrigger');
			const send = simulatorFor('optty', webhookId);
			expect(await send('order_successful', 'EX-OK-1')).toMatchObject({ code: 0 });
			expect(await send('order_declined', 'EX-DECL-1')).toMatchObject({ code: 0 });
			const [email, ...more] = await sink.waitForMessagesTo('team@example.com', 1);
			expect(more).toEqual([]);
			expect(email.subject).toBe('Optty declined order ORDER-EX-DECL-1');
			for (const field of [
				'Amount: AUD 149.95',
				'Buy-now-pay-later provider: FAT_ZEBRA_AU',
				'Reason: Declined by the BNPL provider (sample)',
				'Optty order id: BNPL-EX-DECL-1',
			]) {
				expect(email.text).toContain(field);
			}
			expect(
				sink.messages.filter((message) => addressesOf(message).includes('team@example.com')),
			).toHaveLength(1);
		});

		it('IntraPay: a paid payment reaches the Google Sheets node with every column the example maps', async () => {
			const { example, webhookId } = exampleWith('intraPayTrigger');
			const send = simulatorFor('intrapay', webhookId);
			expect(await send('payment_paid', 'EX-PAID-1')).toMatchObject({ code: 0 });
			const [execution] = await n8n().waitForExecutions(example.id, 1);
			// the sheet node ran on the trigger's item and called Google's Sheets API, which the gate refused
			expect({ status: execution.status, stoppedAt: n8n().lastNodeExecuted(execution.id) }).toEqual(
				{ status: 'error', stoppedAt: 'Add a row' },
			);
			expect(n8n().egress.destinations).toContain('sheets.googleapis.com:443');
			const [item] = n8n().triggerItems(execution.id, 'IntraPay Trigger');
			expect(item).toMatchObject({
				event: 'payment_paid',
				merchantReference: 'ORDER-EX-PAID-1',
				orderId: 'IPREF-EX-PAID-1',
				amount: 5000,
				payload: {
					data: { virtual_account: { account_name: 'JOHN DOE', bank_name: 'SAMPLE BANK' } },
				},
			});
			expect(typeof item.receivedAt).toBe('string');
		});
	},
};

// What the macro benchmark compares each trigger with, in the same n8n:
// - the floor: a bare community trigger (test/bench/floor, its own tiny package) with the same webhook
//   description, that accepts or refuses every request and does nothing else;
// - what users build without this package: n8n's Webhook node and a Code node that recomputes the
//   provider's token or signature and throws when it does not match (a forged request then still gets
//   200 and starts an execution, which fails);
// - n8n's Webhook node with header authentication: a reference only, since n8n 2.x skips the
//   expression isolate for its own Webhook node alone (`webhookPhaseNeedsIsolate`,
//   packages/cli/src/webhooks/live-webhooks.ts), which no community node can match.
import type { ProviderId } from '../../nodes/providers';
import { ATARAPAY_KEYS } from '../helpers/ataraPayFixtures';
import { INTRAPAY_KEYS } from '../helpers/intraPayFixtures';
import { OPTTY_KEYS } from '../helpers/opttyFixtures';

interface BenchNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: number[];
	webhookId?: string;
	parameters: object;
}

const workflowOf = (id: string, name: string, nodes: BenchNode[], connections: object = {}) => ({
	id,
	name,
	active: false,
	nodes,
	connections,
	settings: { executionOrder: 'v1' },
	pinData: {},
});

/** The floor trigger, accepting or refusing every request. */
export function floorWorkflow(answer: 'accept' | 'refuse') {
	const webhookId =
		answer === 'accept'
			? 'f1000000-0000-4000-8000-0000000f1001'
			: 'f1000000-0000-4000-8000-0000000f1002';
	return workflowOf(
		`benchFloor${answer === 'accept' ? 'Accpt' : 'Refus'}1`,
		`Bench: floor (${answer})`,
		[
			{
				id: `f1000000-0000-4000-8000-00000000000${answer === 'accept' ? 1 : 2}`,
				name: 'Bench Floor Trigger',
				type: 'n8n-nodes-bench-floor.benchFloorTrigger',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { answer },
			},
		],
	);
}
export const floorWebhookId = (answer: 'accept' | 'refuse') =>
	floorWorkflow(answer).nodes[0].webhookId!;

/**
 * The check a user writes in a Code node, per provider, with the keys pasted in (as users do without a
 * credential type): it throws for a forged callback, which fails the execution.
 */
const CODE_CHECKS: Record<ProviderId, string> = {
	atarapay: `const body = $input.first().json.body;
const expected = Buffer.from('${ATARAPAY_KEYS.publicKey}:${ATARAPAY_KEYS.privateKey}:' + body.data.id + ':' + body.data.amount_payed).toString('base64');
if (body.token !== expected) throw new Error('forged callback');
return $input.all();`,
	intrapay: `const crypto = require('crypto');
const { signature, ...signed } = $input.first().json.body;
const expected = crypto.createHmac('sha512', '${INTRAPAY_KEYS.merchantSecretKey}${INTRAPAY_KEYS.partnerSecretKey}').update(JSON.stringify(signed)).digest('hex');
if (signature !== expected) throw new Error('forged callback');
return $input.all();`,
	optty: `const crypto = require('crypto');
const body = $input.first().json.body;
const expected = crypto.createHmac('sha512', '${OPTTY_KEYS.hashSecret}').update(body.status + '|' + body.orderReference).digest('hex');
if (body.hash !== expected) throw new Error('forged callback');
return $input.all();`,
};

export const codeCheckPath = (provider: ProviderId) => `bench-code-check-${provider}`;

/** n8n's Webhook node (v2, no authentication, answers at once), then the Code node check. */
export function codeCheckWorkflow(provider: ProviderId, index: number) {
	return workflowOf(
		`benchCodeChk${index}000`,
		`Bench: Webhook node + Code node check (${provider})`,
		[
			{
				id: `c0de0000-0000-4000-8000-00000000000${index}`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `c0de0000-1111-4000-8000-00000000000${index}`,
				parameters: {
					httpMethod: 'POST',
					path: codeCheckPath(provider),
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: `c0de0000-2222-4000-8000-00000000000${index}`,
				name: 'Check signature',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [300, 0],
				parameters: { jsCode: CODE_CHECKS[provider] },
			},
		],
		{ Webhook: { main: [[{ node: 'Check signature', type: 'main', index: 0 }]] } },
	);
}

// What each provider contributes to the end-to-end run: its credentials and workflows (imported into
// the one real n8n of a run), the webhooks that must answer before tests start, the values that must
// never reach n8n's database or log, and its test cases.
import { PROVIDERS, type ProviderId } from '../../nodes/providers';
import type { RealN8n } from './realN8n';

/** A part of the end-to-end run: what it imports into the one real n8n, and its tests. */
export interface E2eSuite {
	title: string;
	/** Runs before anything is imported (e.g. starts a fake provider API the credentials point at). */
	setUp?(): Promise<void>;
	tearDown?(): Promise<void>;
	/** Read after setUp. */
	credentials(): object[];
	workflows: Array<{ id: string }>;
	/** Webhook ids that must be registered before the tests run. */
	readyWebhooks: string[];
	/** Keys and tokens sent or stored during the run: none may appear in n8n's database, log or answers. */
	secrets(): string[];
	/** Registers the suite's test cases; `n8n()` is the running instance. */
	defineTests(n8n: () => RealN8n): void;
	/** Checks around the run's restart of n8n: `before` runs just before it stops, `after` once it serves again. */
	restartChecks?: {
		before(n8n: () => RealN8n): Promise<void>;
		after(n8n: () => RealN8n): Promise<void>;
	};
}

/** One provider's trigger in the run; `Id` is its key in the product registry (nodes/providers.ts). */
export interface ProviderSuite<Id extends ProviderId = ProviderId> extends E2eSuite {
	id: Id;
	workflows: TriggerWorkflow[];
	/** Numbered callbacks for bulk runs: hostile input, the load test. */
	traffic: CallbackTraffic;
	/** A value of an item the suite's tests start, which n8n must have stored: shows the secret scan reads execution data. */
	storedValue: string;
}

/** A request body as RealN8n.post takes it. */
export interface PostBody {
	contentType?: string;
	body: string | FormData;
}

/** The kinds of forgery a bulk run cycles through, by callback number. */
export const FORGERIES = [
	'wrong key',
	'tampered after signing',
	'unsigned',
	'made-up signature',
] as const;
export const forgeryOf = (n: number) => FORGERIES[n % FORGERIES.length];

/**
 * Callbacks numbered so each one is a distinct notification: genuine ones start one execution each,
 * forged ones (all kinds in FORGERIES) none. Numbers from 0 to 99,999 are the load test's, from
 * 100,000 on the end-to-end suite's.
 */
export interface CallbackTraffic {
	/** Its main workflow: every event, duplicates suppressed. */
	workflow: TriggerWorkflow;
	genuine(n: number): PostBody;
	forged(n: number): PostBody;
	/** What the item of genuine callback `n` holds in the field `itemIdField`. */
	idOf(n: number): string;
	itemIdField: 'orderId' | 'merchantReference';
	/**
	 * How the trigger answers an object with none of its fields: 400 when its schema requires one
	 * (AtaraPay's `data`), 401 when every field is optional and only the signature is missing.
	 */
	unknownObjectStatus: 400 | 401;
}

const PACKAGE = 'n8n-nodes-payment-callbacks';

/** What triggerWorkflow makes a workflow of. */
export interface TriggerWorkflowOptions {
	id: string;
	webhookId: string;
	nodeType: string;
	nodeName: string;
	credentialType: string;
	credentialId: string;
	parameters?: object;
	/** The node version a saved workflow has (new ones get 2; the suites mostly keep 1, as saved before it). */
	typeVersion?: 1 | 2;
}

/** A workflow holding one of our trigger nodes, with a fixed id and webhook id. */
export function triggerWorkflow(options: TriggerWorkflowOptions) {
	return {
		id: options.id,
		name: `E2E ${options.id}`,
		active: false,
		nodes: [
			{
				id: `${options.webhookId.slice(0, 8)}-0000-4000-8000-000000000001`,
				name: options.nodeName,
				type: `${PACKAGE}.${options.nodeType}`,
				typeVersion: options.typeVersion ?? 1,
				position: [0, 0],
				webhookId: options.webhookId,
				parameters: options.parameters ?? {},
				credentials: {
					[options.credentialType]: { id: options.credentialId, name: options.credentialId },
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

export type TriggerWorkflow = ReturnType<typeof triggerWorkflow>;
export const webhookOf = (workflow: TriggerWorkflow) => workflow.nodes[0].webhookId;

/**
 * One of our triggers, named as the registry (nodes/providers.ts) names it: the node's name in a
 * workflow, its credentials as n8n imports them, and workflows holding it (see triggerWorkflow).
 */
export function triggerOf(id: ProviderId) {
	const { provider, node } = PROVIDERS[id];
	const className = node.slice(node.lastIndexOf('/') + 1);
	// the node's type name: its class name with a lower-case first letter (package.test.ts checks all three)
	const nodeType = className[0].toLowerCase() + className.slice(1);
	const nodeName = `${provider.displayName} Trigger`;
	const credentialType = provider.credentialType;
	return {
		nodeName,
		credential: <Data extends object>(id: string, name: string, data: Data) => ({
			id,
			name,
			type: credentialType,
			data,
		}),
		workflow: (options: Omit<TriggerWorkflowOptions, 'nodeType' | 'nodeName' | 'credentialType'>) =>
			triggerWorkflow({ ...options, nodeType, nodeName, credentialType }),
	};
}

/**
 * The items the trigger node emitted in the workflow's last execution, once n8n has finished
 * `count` of them: fails when the workflow has run any other number of times.
 */
export async function itemsOfLastRun(n8n: RealN8n, workflow: TriggerWorkflow, count: number) {
	const rows = await n8n.waitForExecutions(workflow.id, count);
	expect(rows).toHaveLength(count);
	return n8n.triggerItems(rows[count - 1].id, workflow.nodes[0].name);
}

/** A JSON request body for RealN8n.post. */
export const json = (body: unknown) => ({
	contentType: 'application/json',
	body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** A multipart/form-data body: objects become JSON text fields, as form transports send them. */
export function multipart(fields: Record<string, unknown>) {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
	}
	return { body: form };
}

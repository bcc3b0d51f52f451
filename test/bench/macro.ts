// Macro benchmark: one real n8n, each trigger against its peers (peers.ts) with the same bodies, runs
// of the variants interleaved to cancel machine drift.
import type { RealN8n } from '../e2e/realN8n';
import { percentile } from '../helpers/percentile';
import type { PostBody, ProviderSuite } from '../e2e/suite';
import { codeCheckPath, floorWebhookId } from './peers';

/**
 * After a burst, the executions it started and n8n has not finished (an onReceived trigger answers before its
 * run) finish within this, so they do not slow the next burst. BENCH_SETTLE_MS overrides it.
 */
export const SETTLE_AFTER_BURST_MS = Number(process.env.BENCH_SETTLE_MS ?? 1500);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const HEADER_AUTH = {
	name: 'X-Callback-Token',
	value: ['bench', 'header', 'secret', '0001'].join('-'),
};
export const HEADER_AUTH_CREDENTIAL = {
	id: 'benchHeaderAuth01',
	name: 'Bench header auth',
	type: 'httpHeaderAuth',
	data: HEADER_AUTH,
};

/** n8n's Webhook node (v2) with header authentication: a reference (n8n skips the isolate for it alone). */
export const WEBHOOK_NODE_WORKFLOW = {
	id: 'benchWebhookNode1',
	name: 'Bench: n8n Webhook node with header auth',
	active: false,
	nodes: [
		{
			id: 'b3c1d2e4-0000-4000-8000-000000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'b3c1d2e4-1111-4000-8000-00000000b001',
			parameters: {
				httpMethod: 'POST',
				path: 'bench-webhook-node',
				authentication: 'headerAuth',
				responseMode: 'onReceived',
				options: {},
			},
			credentials: {
				httpHeaderAuth: { id: HEADER_AUTH_CREDENTIAL.id, name: HEADER_AUTH_CREDENTIAL.name },
			},
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	pinData: {},
};
export const WEBHOOK_NODE_PATH = 'bench-webhook-node';

/** Each trigger against its peers (test/bench/peers.ts), valid and forged: eight variants in one n8n. */
export type Variant =
	| 'ours-valid'
	| 'ours-forged'
	| 'floor-accept'
	| 'floor-refuse'
	| 'code-valid'
	| 'code-forged'
	| 'header-right'
	| 'header-wrong';
export const VARIANTS: Record<Variant, { label: string; status: number }> = {
	'ours-valid': { label: 'our trigger, valid', status: 200 },
	'ours-forged': { label: 'our trigger, forged (401)', status: 401 },
	'floor-accept': { label: 'bare community trigger, accepts', status: 200 },
	'floor-refuse': { label: 'bare community trigger, refuses (401)', status: 401 },
	'code-valid': { label: 'Webhook node + Code node check, valid', status: 200 },
	'code-forged': {
		label: 'Webhook node + Code node check, forged (200 + failed execution)',
		status: 200,
	},
	'header-right': { label: 'Webhook node, header auth, right header (reference)', status: 200 },
	'header-wrong': { label: 'Webhook node, header auth, wrong header (reference)', status: 403 },
};
export const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];

export interface VariantFigures {
	requests: number;
	seconds: number;
	/** Each round's seconds, in round order: paired rounds give the spread of a ratio. */
	roundSeconds: number[];
	latenciesMs: number[];
	unexpectedAnswers: number;
}

export interface MacroSettings {
	requestsPerVariant: number;
	rounds: number;
	concurrency: number;
}

/** Sends `count` requests made by `send(i)`, `concurrency` at a time; returns each answer's latency. */
export async function burst(
	count: number,
	concurrency: number,
	send: (i: number) => Promise<number>,
	expected: number,
) {
	const latencies: number[] = [];
	let unexpected = 0;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const i = next++;
				const sentAt = performance.now();
				const status = await send(i);
				latencies.push(performance.now() - sentAt);
				if (status !== expected) unexpected++;
			}
		}),
	);
	return { seconds: (performance.now() - started) / 1000, latencies, unexpected };
}

/** The bytes of a callback as one JSON text (the Webhook node receives exactly what the trigger does). */
function asJson(body: PostBody): string {
	if (typeof body.body !== 'string') throw new Error('the macro benchmark sends JSON bodies');
	return body.body;
}

/** Distinct valid callbacks of one provider as JSON text, remembering which ones went to the trigger. */
export class BenchTraffic {
	private next = 0;
	/** Numbers of the valid callbacks the trigger accepted, in order. */
	readonly sentToTrigger: number[] = [];

	constructor(readonly suite: ProviderSuite) {}

	get triggerWebhookId() {
		return this.suite.traffic.workflow.nodes[0].webhookId;
	}

	/** A new valid callback (AtaraPay's traffic makes every fifth a form: the benchmark skips those). */
	nextValid(): { n: number; json: string } {
		for (;;) {
			const n = this.next++;
			const { body } = this.suite.traffic.genuine(n);
			if (typeof body === 'string') return { n, json: body };
		}
	}

	async sendValidToTrigger(n8n: RealN8n) {
		const { n, json } = this.nextValid();
		const { status } = await n8n.post(this.triggerWebhookId, {
			contentType: 'application/json',
			body: json,
		});
		if (status === 200) this.sentToTrigger.push(n);
		return status;
	}
}

/**
 * Runs the variants for one trigger (all eight unless told), `rounds` times each in turn, so drift of
 * the machine hits all alike.
 */
export async function macroBenchmark(
	n8n: RealN8n,
	traffic: BenchTraffic,
	settings: MacroSettings,
	variants: Variant[] = VARIANT_NAMES,
) {
	const perRound = Math.ceil(settings.requestsPerVariant / settings.rounds);
	const empty = (): VariantFigures => ({
		requests: 0,
		seconds: 0,
		roundSeconds: [],
		latenciesMs: [],
		unexpectedAnswers: 0,
	});
	const figures = Object.fromEntries(
		variants.map((variant) => [variant, empty()]),
	) as unknown as Record<Variant, VariantFigures>;
	const header = (value: string) => ({ [HEADER_AUTH.name]: value });
	const toTrigger = async (webhookId: string, body: string) =>
		(await n8n.post(webhookId, { contentType: 'application/json', body })).status;
	const forged = (i: number) => asJson(traffic.suite.traffic.forged(i));
	const senders: Record<Variant, (i: number) => Promise<number>> = {
		'ours-valid': async () => await traffic.sendValidToTrigger(n8n),
		'ours-forged': async (i) => await toTrigger(traffic.triggerWebhookId, forged(i)),
		'floor-accept': async () => await toTrigger(floorWebhookId('accept'), traffic.nextValid().json),
		'floor-refuse': async (i) => await toTrigger(floorWebhookId('refuse'), forged(i)),
		'code-valid': async () =>
			(await n8n.postTo(codeCheckPath(traffic.suite.id), traffic.nextValid().json)).status,
		'code-forged': async (i) =>
			(await n8n.postTo(codeCheckPath(traffic.suite.id), forged(i))).status,
		'header-right': async () =>
			(await n8n.postTo(WEBHOOK_NODE_PATH, traffic.nextValid().json, header(HEADER_AUTH.value)))
				.status,
		'header-wrong': async () =>
			(await n8n.postTo(WEBHOOK_NODE_PATH, traffic.nextValid().json, header('wrong-header-value')))
				.status,
	};
	for (let round = 0; round < settings.rounds; round++) {
		// every other round in reverse, so drift within a round hits no variant more than another
		const order = round % 2 === 0 ? variants : [...variants].reverse();
		for (const variant of order) {
			const result = await burst(
				perRound,
				settings.concurrency,
				senders[variant],
				VARIANTS[variant].status,
			);
			const total = figures[variant];
			total.requests += perRound;
			total.seconds += result.seconds;
			total.roundSeconds.push(result.seconds);
			total.latenciesMs.push(...result.latencies);
			total.unexpectedAnswers += result.unexpected;
			await sleep(SETTLE_AFTER_BURST_MS);
		}
	}
	return figures;
}

export const throughput = (figures: VariantFigures) => figures.requests / figures.seconds;

export const percentileMs = (figures: VariantFigures, share: number) =>
	percentile(figures.latenciesMs, share);

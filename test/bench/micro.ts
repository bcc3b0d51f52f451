// Micro benchmark: the whole pure pipeline (parse, verify, type, classify, map) against the floor a
// trigger cannot go below (JSON.parse of the same bytes plus the provider's digest over them, once),
// measured side by side in the same process, in alternating slices so machine drift hits both alike.
import { createHmac } from 'crypto';

import { PROVIDERS, type ProviderId } from '../../nodes/providers';
import { processCallback, type TriggerSettings } from '../../nodes/shared/pipeline';
import type { CallbackProvider } from '../../nodes/shared/provider';
import { percentile } from '../helpers/percentile';
import { benchCallback, type BenchCallback } from './payloads';

type Fields = Record<string, unknown>;

/**
 * The unavoidable work per provider: parse the bytes once, compute the provider's digest once, compare.
 * (IntraPay's floor hashes the whole body, signature included: the same number of bytes as the signed
 * content, give or take the signature; so it measures the cost and does not expect a match.)
 */
const FLOORS: Record<ProviderId, (callback: BenchCallback) => boolean> = {
	atarapay({ raw, credentials }) {
		const body = JSON.parse(raw.toString('utf8')) as { token: string; data: Fields };
		const token = Buffer.from(
			`${credentials.publicKey}:${credentials.privateKey}:${String(body.data.id)}:${String(body.data.amount_payed)}`,
		).toString('base64');
		return token === body.token;
	},
	intrapay({ raw, credentials }) {
		const body = JSON.parse(raw.toString('utf8')) as { signature: string };
		const digest = createHmac(
			'sha512',
			credentials.merchantSecretKey + credentials.partnerSecretKey,
		)
			.update(raw)
			.digest('hex');
		return digest !== body.signature;
	},
	optty({ raw, credentials }) {
		const body = JSON.parse(raw.toString('utf8')) as Fields;
		const digest = createHmac('sha512', credentials.hashSecret)
			.update(`${String(body.status)}|${String(body.orderReference)}`)
			.digest('hex');
		return digest === body.hash;
	},
};

const SETTINGS: TriggerSettings = {
	events: [],
	suppressDuplicates: false,
	ipAllowlist: '',
	includeHeaders: false,
	options: {},
};
const NOW = new Date();

/** One callback through the whole pipeline, from its bytes, as n8n hands them to the trigger. */
async function throughPipeline(provider: CallbackProvider, { raw, credentials }: BenchCallback) {
	const parsed: unknown = JSON.parse(raw.toString('utf8'));
	const result = await processCallback(
		provider,
		{
			contentType: 'application/json',
			parsed,
			raw,
			headers: { 'content-type': 'application/json' },
			clientIp: '203.0.113.7',
		},
		{
			loadCredentials: async () => credentials,
			settings: SETTINGS,
			recentCallbacks: undefined,
			now: NOW,
		},
	);
	return result.outcome === 'accepted';
}

/** Operations per second of `operation` over about `ms` milliseconds. */
async function rate(operation: () => Promise<boolean> | boolean, ms: number) {
	let count = 0;
	const started = performance.now();
	let elapsed = 0;
	while (elapsed < ms) {
		for (let i = 0; i < 20; i++)
			if (!(await operation())) throw new Error('benchmark callback was not verified');
		count += 20;
		elapsed = performance.now() - started;
	}
	return (count * 1000) / elapsed;
}

export interface MicroResult {
	provider: ProviderId;
	bytes: number;
	pipelineOpsPerSecond: number;
	floorOpsPerSecond: number;
	/** floor / pipeline: how many times the floor's cost the pipeline takes (1 = at the floor). */
	costRatio: number;
}

export async function microBenchmark(
	provider: ProviderId,
	bytes: number,
	slices = 9,
	sliceMs = 250,
): Promise<MicroResult> {
	const callback = benchCallback(provider, 1, bytes);
	const pipeline = PROVIDERS[provider].provider;
	// warm both paths up before measuring
	await rate(() => throughPipeline(pipeline, callback), 200);
	await rate(() => FLOORS[provider](callback), 200);
	const pipelineRates: number[] = [];
	const floorRates: number[] = [];
	for (let slice = 0; slice < slices; slice++) {
		pipelineRates.push(await rate(() => throughPipeline(pipeline, callback), sliceMs));
		floorRates.push(await rate(() => FLOORS[provider](callback), sliceMs));
	}
	const pipelineOpsPerSecond = percentile(pipelineRates, 0.5);
	const floorOpsPerSecond = percentile(floorRates, 0.5);
	return {
		provider,
		bytes: callback.raw.length,
		pipelineOpsPerSecond,
		floorOpsPerSecond,
		costRatio: floorOpsPerSecond / pipelineOpsPerSecond,
	};
}

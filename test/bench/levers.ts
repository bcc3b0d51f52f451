// `npm run bench:levers` (scripts/bench.sh with BENCH_MODE=levers): what a high-volume user can set on
// n8n 2.x, each setting in an n8n of its own, measured with the macro benchmark's variants for one
// trigger (BENCH_LEVER_PROVIDER, AtaraPay by default): our trigger, the floor and Webhook+Code, valid
// and forged. Writes its table into docs/benchmarks.md (the section between the `kept:levers` marks).
import { LoopbackPostgres, POSTGRES_DATABASE, POSTGRES_USER } from '../e2e/loopbackServices';
import { providerIdOf, suiteOf } from '../e2e/providerSuites';
import { RealN8n, freePort, runtimeFromEnv, type RuntimeTarget } from '../e2e/realN8n';
import { BenchTraffic, macroBenchmark, throughput, type Variant } from './macro';
import { codeCheckPath, codeCheckWorkflow, floorWebhookId, floorWorkflow } from './peers';
import { replaceKeptSection } from './reportFile';

const numberFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SETTINGS = {
	requestsPerVariant: numberFromEnv('BENCH_REQUESTS', 300),
	rounds: numberFromEnv('BENCH_ROUNDS', 3),
	concurrency: numberFromEnv('BENCH_CONCURRENCY', 16),
};
const VARIANTS: Variant[] = [
	'ours-valid',
	'ours-forged',
	'floor-accept',
	'floor-refuse',
	'code-valid',
	'code-forged',
];
const PROVIDER = providerIdOf(process.env.BENCH_LEVER_PROVIDER ?? 'atarapay');
const REPORT = process.env.BENCH_REPORT ?? 'docs/benchmarks.md';

interface Lever {
	name: string;
	env: NodeJS.ProcessEnv;
	postgres?: boolean;
}

/** n8n 2.40.7's expression engine settings (packages/@n8n/config/src/configs/expression-engine.config.ts). */
const LEVERS: Lever[] = [
	{ name: "n8n's defaults (SQLite, pool size 1)", env: {} },
	{ name: 'N8N_EXPRESSION_ENGINE_POOL_SIZE=4', env: { N8N_EXPRESSION_ENGINE_POOL_SIZE: '4' } },
	{
		name: 'N8N_EXPRESSION_ENGINE_COMPILE_CACHE=true',
		env: { N8N_EXPRESSION_ENGINE_COMPILE_CACHE: 'true' },
	},
	{
		name: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (experimental)',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	},
	{ name: 'Postgres instead of SQLite (defaults otherwise)', env: {}, postgres: true },
];

/** One n8n with a lever set: extra environment, and Postgres when the lever says so. */
class LeverN8n extends RealN8n {
	constructor(
		runtime: RuntimeTarget,
		port: number,
		brokerPort: number,
		private readonly extraEnv: NodeJS.ProcessEnv,
	) {
		super(runtime, port, brokerPort);
	}

	protected get env(): NodeJS.ProcessEnv {
		return { ...super.env, ...this.extraEnv };
	}
}

const log = (line: string) =>
	console.log(`[bench:levers ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function measure(runtime: RuntimeTarget, lever: Lever) {
	const postgres = lever.postgres ? new LoopbackPostgres(await freePort()) : undefined;
	await postgres?.start();
	const databaseEnv: NodeJS.ProcessEnv = postgres
		? {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_USER: POSTGRES_USER,
				DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
			}
		: {};
	const suite = suiteOf(PROVIDER);
	const n8n = new LeverN8n(runtime, await freePort(), await freePort(), {
		...lever.env,
		...databaseEnv,
	});
	try {
		n8n.installPackage();
		if (!process.env.FLOOR_PACKAGE_TARBALL) throw new Error('run through `npm run bench:levers`');
		n8n.installPackage(process.env.FLOOR_PACKAGE_TARBALL);
		await n8n.importCredentials(suite.credentials());
		const ours = {
			...suite.traffic.workflow,
			nodes: suite.traffic.workflow.nodes.map((node) => ({ ...node, typeVersion: 2 })),
		};
		const workflows = [
			ours,
			floorWorkflow('accept'),
			floorWorkflow('refuse'),
			codeCheckWorkflow(PROVIDER, 0),
		];
		await n8n.importWorkflows(workflows);
		await n8n.activate(workflows.map((workflow) => workflow.id));
		await n8n.start();
		for (const webhookId of [
			ours.nodes[0].webhookId,
			floorWebhookId('accept'),
			floorWebhookId('refuse'),
		])
			await n8n.waitForWebhook(webhookId);
		for (
			let tries = 0;
			(await n8n.postTo(codeCheckPath(PROVIDER), '{}')).status === 404 && tries < 240;
			tries++
		)
			await new Promise((r) => setTimeout(r, 500));
		const traffic = new BenchTraffic(suite);
		const warmUp = numberFromEnv('BENCH_WARMUP', 100);
		await macroBenchmark(
			n8n,
			traffic,
			{ requestsPerVariant: warmUp, rounds: 1, concurrency: SETTINGS.concurrency },
			VARIANTS,
		);
		const figures = await macroBenchmark(n8n, traffic, SETTINGS, VARIANTS);
		const rate = (variant: Variant) => throughput(figures[variant]);
		const unexpected = VARIANTS.reduce(
			(sum, variant) => sum + figures[variant].unexpectedAnswers,
			0,
		);
		const row = {
			lever: lever.name,
			rates: Object.fromEntries(VARIANTS.map((variant) => [variant, rate(variant)])) as Record<
				Variant,
				number
			>,
			unexpected,
		};
		log(
			`${lever.name}: ${VARIANTS.map((variant) => `${variant} ${rate(variant).toFixed(1)}/s`).join(', ')}; ${unexpected} unexpected answers`,
		);
		return row;
	} finally {
		await n8n.stop();
		n8n.cleanUp();
		await postgres?.stop();
		postgres?.cleanUp();
	}
}

async function main() {
	const runtime = runtimeFromEnv();
	if (runtime.target !== '2')
		throw new Error('The levers are n8n 2.x settings: run with N8N_BENCH_TARGET=2');
	await suiteOf(PROVIDER).setUp?.();
	const rows = [];
	try {
		for (const lever of LEVERS) rows.push(await measure(runtime, lever));
	} finally {
		await suiteOf(PROVIDER).tearDown?.();
	}
	const fixed = (value: number) => value.toFixed(2);
	const table = [
		'| n8n setting | ours valid /s | ours forged /s | valid ÷ floor | forged ÷ floor | valid ÷ Webhook+Code | forged ÷ Webhook+Code | unexpected answers |',
		'|---|---|---|---|---|---|---|---|',
		...rows.map(
			({ lever, rates: r, unexpected }) =>
				`| ${lever} | ${r['ours-valid'].toFixed(1)} | ${r['ours-forged'].toFixed(1)} | ${fixed(r['ours-valid'] / r['floor-accept'])} | ${fixed(r['ours-forged'] / r['floor-refuse'])} | ${fixed(r['ours-valid'] / r['code-valid'])} | ${fixed(r['ours-forged'] / r['code-forged'])} | ${unexpected} |`,
		),
	].join('\n');
	const section = `## Levers a high-volume user can set (measured)

Written by \`npm run bench:levers\` on ${new Date().toISOString()}: each setting in an n8n 2.40.7 of its own
(the ${suiteOf(PROVIDER).title} at node version 2, the floor and Webhook+Code, each valid and forged; ${SETTINGS.requestsPerVariant} requests per
variant in ${SETTINGS.rounds} interleaved rounds, ${SETTINGS.concurrency} at a time; requests per second and ratios measured in the same n8n).

${table}

${process.env.BENCH_LEVERS_NOTE ?? ''}`;
	replaceKeptSection(REPORT, 'levers', section);
	console.log(`\n${section}\n(written to ${REPORT})`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

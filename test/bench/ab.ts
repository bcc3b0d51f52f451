// `npm run bench:ab -- <git revision>` (scripts/bench-ab.sh builds both packages and runs this on n8n's
// Node): this working tree's package against the package as it was at another revision, both installed
// side by side in one real n8n (the other under the name `<package>-ab`), each trigger's valid and forged
// callbacks sent to both in interleaved rounds. Answers "what does this change cost or save?" in requests
// per second, measured the same way at the same time.
import { PROVIDER_SUITES } from '../e2e/providerSuites';
import { RealN8n, freePort, runtimeFromEnv } from '../e2e/realN8n';
import type { TriggerWorkflow } from '../e2e/suite';
import { median } from '../helpers/percentile';
import { BenchTraffic, burst } from './macro';

const { installCommunityPackage } = require('../../scripts/install-community-package.js') as {
	installCommunityPackage: (tarball: string, userFolder: string) => { name: string };
};

const numberFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const REQUESTS_PER_ROUND = numberFromEnv('BENCH_REQUESTS', 300);
const ROUNDS = numberFromEnv('BENCH_ROUNDS', 3);
const CONCURRENCY = numberFromEnv('BENCH_CONCURRENCY', 16);
const PACKAGE = 'n8n-nodes-payment-callbacks';

const log = (line: string) =>
	console.log(`[bench:ab ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The suite's main workflow for the package as built at the other revision: its own ids and webhook id. */
function otherBuildWorkflow(workflow: TriggerWorkflow): TriggerWorkflow {
	const [node] = workflow.nodes;
	return {
		...workflow,
		id: `${workflow.id.slice(0, 14)}ab`,
		name: `${workflow.name} (other revision)`,
		nodes: [
			{
				...node,
				id: node.id.replace(/^.{8}/, 'abababab'),
				type: node.type.replace(`${PACKAGE}.`, `${PACKAGE}-ab.`),
				webhookId: node.webhookId.replace(/^.{8}/, 'abababab'),
			},
		],
	};
}

type Build = 'this tree' | 'other revision';
type Kind = 'valid' | 'forged';

async function main() {
	const runtime = runtimeFromEnv();
	const otherTarball = process.env.OTHER_PACKAGE_TARBALL;
	const otherRevision = process.env.OTHER_REVISION ?? 'the other revision';
	if (!otherTarball)
		throw new Error('Run through `npm run bench:ab -- <git revision>` (scripts/bench-ab.sh).');
	const suites = PROVIDER_SUITES;
	for (const suite of suites) await suite.setUp?.();
	const n8n = new RealN8n(runtime, await freePort(), await freePort());
	const rates = new Map<string, number[]>();
	try {
		n8n.installPackage();
		installCommunityPackage(otherTarball, n8n.userFolder);
		await n8n.importCredentials(suites.flatMap((suite) => suite.credentials()));
		const pairs = suites.map((suite) => ({
			suite,
			workflows: {
				'this tree': suite.traffic.workflow,
				'other revision': otherBuildWorkflow(suite.traffic.workflow),
			},
		}));
		const workflows = pairs.flatMap((pair) => Object.values(pair.workflows));
		await n8n.importWorkflows(workflows);
		await n8n.activate(workflows.map((workflow) => workflow.id));
		await n8n.start();
		for (const workflow of workflows) await n8n.waitForWebhook(workflow.nodes[0].webhookId);
		log(
			`n8n ${(await n8n.cli('--version')).trim().split('\n').pop()}: this tree against ${otherRevision}, ${ROUNDS} rounds of ${REQUESTS_PER_ROUND} requests, concurrency ${CONCURRENCY}`,
		);

		for (const { suite, workflows: byBuild } of pairs) {
			const traffic = new BenchTraffic(suite);
			let forgedNumber = 0;
			const send: Record<Kind, (webhookId: string) => Promise<number>> = {
				valid: async (webhookId) =>
					(
						await n8n.post(webhookId, {
							contentType: 'application/json',
							body: traffic.nextValid().json,
						})
					).status,
				forged: async (webhookId) =>
					(await n8n.post(webhookId, suite.traffic.forged(forgedNumber++))).status,
			};
			// warm-up, nothing measured
			for (const build of Object.keys(byBuild) as Build[]) {
				for (const kind of ['valid', 'forged'] as Kind[])
					await burst(
						100,
						CONCURRENCY,
						async () => await send[kind](byBuild[build].nodes[0].webhookId),
						kind === 'valid' ? 200 : 401,
					);
			}
			for (let round = 0; round < ROUNDS; round++) {
				for (const kind of ['valid', 'forged'] as Kind[]) {
					for (const build of Object.keys(byBuild) as Build[]) {
						const result = await burst(
							REQUESTS_PER_ROUND,
							CONCURRENCY,
							async () => await send[kind](byBuild[build].nodes[0].webhookId),
							kind === 'valid' ? 200 : 401,
						);
						if (result.unexpected > 0)
							throw new Error(
								`${suite.title}, ${build}, ${kind}: ${result.unexpected} unexpected answers`,
							);
						const key = `${suite.title}|${kind}|${build}`;
						rates.set(key, [...(rates.get(key) ?? []), REQUESTS_PER_ROUND / result.seconds]);
					}
				}
			}
			log(`${suite.title} done`);
		}
	} finally {
		await n8n.stop();
		for (const suite of suites) await suite.tearDown?.();
		n8n.cleanUp();
	}

	console.log(
		`\n| Trigger | Callbacks | This tree (requests/s) | ${otherRevision} (requests/s) | This tree / ${otherRevision} |\n|---|---|---|---|---|`,
	);
	for (const suite of suites) {
		for (const kind of ['valid', 'forged'] as Kind[]) {
			const mine = median(rates.get(`${suite.title}|${kind}|this tree`)!);
			const theirs = median(rates.get(`${suite.title}|${kind}|other revision`)!);
			console.log(
				`| ${suite.title} | ${kind} | ${mine.toFixed(1)} | ${theirs.toFixed(1)} | ${(mine / theirs).toFixed(2)} |`,
			);
		}
	}
	console.log(
		`\nMedians of ${ROUNDS} interleaved rounds of ${REQUESTS_PER_ROUND} requests each, ${CONCURRENCY} at a time.`,
	);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

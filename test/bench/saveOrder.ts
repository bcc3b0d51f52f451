// `npm run bench:save-order` (scripts/bench.sh, BENCH_MODE=saveOrder): does the duplicate store n8n saved
// hold every callback the trigger accepted, after bursts of 16 at once? n8n 1.123's default SQLite driver
// (DB_SQLITE_POOL_SIZE=0) runs concurrent UPDATEs in no set order, so the save written last can be one
// encoded earlier. Counts the bursts after which the saved copy was behind, and how many of those one
// verified repeat put right (the trigger saves again when it finds its own copy behind).
// SAVE_ORDER_BURSTS (30), SAVE_ORDER_PROVIDER (atarapay); DB_SQLITE_POOL_SIZE passes to n8n.
import { RealN8n, freePort, runtimeFromEnv } from '../e2e/realN8n';
import { providerIdOf, suiteOf } from '../e2e/providerSuites';
import { BenchTraffic } from './macro';

const BURSTS = Number(process.env.SAVE_ORDER_BURSTS ?? 30);
const BURST_SIZE = 16;
/** Long enough for every save of a burst to reach the database. */
const SETTLE_MS = 1500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) =>
	console.log(`[save-order ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** How many accepted callbacks the saved duplicate store of a workflow's trigger holds. */
function savedEntries(n8n: RealN8n, workflowId: string): number {
	const nodes = Object.values(n8n.staticData(workflowId)) as Array<{ recentCallbacks?: unknown }>;
	const saved = nodes.find(
		(node) => typeof node === 'object' && node !== null && 'recentCallbacks' in node,
	)?.recentCallbacks;
	return typeof saved === 'string'
		? saved.split(' ').filter(Boolean).length
		: Object.keys(saved ?? {}).length;
}

async function main() {
	const id = providerIdOf(process.env.SAVE_ORDER_PROVIDER ?? 'atarapay');
	const suite = suiteOf(id);
	const workflow = {
		...suite.traffic.workflow,
		nodes: suite.traffic.workflow.nodes.map((node, i) =>
			i === 0 ? { ...node, typeVersion: 2 } : node,
		),
	};
	const n8n = new RealN8n(runtimeFromEnv(), await freePort(), await freePort());
	try {
		await suite.setUp?.();
		n8n.installPackage();
		await n8n.importCredentials(suite.credentials());
		await n8n.importWorkflows([workflow]);
		await n8n.activate([workflow.id]);
		await n8n.start();
		const traffic = new BenchTraffic(suite);
		await n8n.waitForWebhook(traffic.triggerWebhookId);
		let behind = 0;
		let putRight = 0;
		for (let burst = 0; burst < BURSTS; burst++) {
			await Promise.all(
				Array.from({ length: BURST_SIZE }, async () => await traffic.sendValidToTrigger(n8n)),
			);
			await sleep(SETTLE_MS);
			const accepted = Math.min(traffic.sentToTrigger.length, 1000);
			if (savedEntries(n8n, workflow.id) === accepted) continue;
			behind++;
			await n8n.post(traffic.triggerWebhookId, suite.traffic.genuine(traffic.sentToTrigger[0])); // a verified repeat
			await sleep(SETTLE_MS);
			if (savedEntries(n8n, workflow.id) === accepted) putRight++;
		}
		const pool = process.env.DB_SQLITE_POOL_SIZE ?? 'default';
		log(
			`n8n ${(await n8n.cli('--version')).trim().split('\n').pop()}, DB_SQLITE_POOL_SIZE ${pool}: after ${behind} of ${BURSTS} bursts of ${BURST_SIZE} the saved store lacked accepted callbacks; one verified repeat put ${putRight} of those right`,
		);
	} finally {
		await n8n.stop();
		await suite.tearDown?.();
		n8n.cleanUp();
	}
}
void main();

// What both load tests (one n8n process, and queue mode) share: sizes from the environment, sending
// jobs with a number of requests in flight, and the figures of one trigger's run.
import { percentile } from '../helpers/percentile';
import type { RealN8n } from '../e2e/realN8n';
import type { ProviderSuite } from '../e2e/suite';
import type { ProviderFigures } from './report';
import type { Job, LoadSizes } from './schedule';

const sizeFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
export const SIZES: LoadSizes = {
	genuine: sizeFromEnv('LOAD_GENUINE', 1000),
	forged: sizeFromEnv('LOAD_FORGED', 1000),
	repeats: sizeFromEnv('LOAD_REPEATS', 300),
	concurrency: sizeFromEnv('LOAD_CONCURRENCY', 20),
};
export const SEED = sizeFromEnv('LOAD_SEED', 20261122);
/** n8n's resident memory after the run may exceed the figure before it by at most this much. */
export const MEMORY_GROWTH_BOUND_MB = sizeFromEnv('LOAD_MEMORY_BOUND_MB', 200);

export const STARTED = '{"message":"Workflow was started"}';
export const DUPLICATE = '{"received":true,"ignored":"duplicate"}';

export const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

export interface Answer {
	job: Job;
	status: number;
	text: string;
	/** The base URL the request went to. */
	via: string;
	/** From sending the request to reading the whole answer. */
	ms: number;
}

export const answerTimes = (answers: Answer[]) => answers.map((answer) => answer.ms);

/**
 * Sends every job with `concurrency` requests in flight, each to the base URL `route` names (n8n's
 * choice when it names none); a repeat of a genuine callback in the same list waits until its original
 * was answered.
 */
export async function sendAll(
	n8n: RealN8n,
	suite: ProviderSuite,
	jobs: Job[],
	concurrency: number,
	route: (job: Job) => string | undefined = () => undefined,
) {
	const webhookId = suite.traffic.workflow.nodes[0].webhookId;
	const answered = new Map<number, { promise: Promise<void>; resolve: () => void }>();
	for (const job of jobs) {
		if (job.kind !== 'genuine') continue;
		let resolve = () => {};
		const promise = new Promise<void>((done) => (resolve = done));
		answered.set(job.n, { promise, resolve });
	}
	const answers: Answer[] = [];
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const job = jobs[next++];
			if (job.kind === 'repeat') await answered.get(job.n)?.promise;
			const body =
				job.kind === 'forged' ? suite.traffic.forged(job.n) : suite.traffic.genuine(job.n);
			const via = route(job);
			const sentAt = performance.now();
			const { status, text } = await n8n.post(webhookId, body, via);
			answers.push({ job, status, text, via: via ?? '', ms: performance.now() - sentAt });
			if (job.kind === 'genuine') answered.get(job.n)?.resolve();
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return answers;
}

export const count = (answers: Answer[], kind: Job['kind'], matches: (answer: Answer) => boolean) =>
	answers.filter((answer) => answer.job.kind === kind && matches(answer)).length;

/**
 * Waits for the executions of a trigger's run, then reads its figures from n8n's database: one
 * successful execution per genuine callback, none for the others.
 */
export async function runFigures(
	n8n: RealN8n,
	suite: ProviderSuite,
	answers: Answer[],
	started: number,
	sentAt: number,
): Promise<ProviderFigures> {
	const { workflow } = suite.traffic;
	await n8n.waitForExecutions(workflow.id, SIZES.genuine, 600_000);
	const executionsSeconds = (Date.now() - started) / 1000;
	await new Promise((resolve) => setTimeout(resolve, 3000)); // a late extra execution would show now
	const rows = n8n.executions(workflow.id);
	const ids = n8n
		.allTriggerItems(workflow.id, workflow.nodes[0].name)
		.map((item) => item[suite.traffic.itemIdField]);
	return {
		title: suite.title,
		sent: { genuine: SIZES.genuine, forged: SIZES.forged, repeats: SIZES.repeats },
		genuineStarted: count(answers, 'genuine', (a) => a.status === 200 && a.text === STARTED),
		forgedRefused: count(answers, 'forged', (a) => a.status === 401),
		repeatsIgnored: count(answers, 'repeat', (a) => a.status === 200 && a.text === DUPLICATE),
		serverErrors: answers.filter((a) => a.status >= 500).length,
		executions: rows.length,
		successfulExecutions: rows.filter((row) => row.status === 'success').length,
		distinctCallbacksRun: new Set(ids).size,
		runIds: ids.map(String),
		requestsPerSecond: answers.length / ((sentAt - started) / 1000),
		medianAnswerMs: percentile(answerTimes(answers), 0.5),
		p95AnswerMs: percentile(answerTimes(answers), 0.95),
		executionsPerSecond: SIZES.genuine / executionsSeconds,
		passed: false,
	};
}

/** What a passing run of one trigger shows. */
export function expectedFigures() {
	return {
		genuineStarted: SIZES.genuine,
		forgedRefused: SIZES.forged,
		repeatsIgnored: SIZES.repeats,
		serverErrors: 0,
		executions: SIZES.genuine,
		successfulExecutions: SIZES.genuine,
	};
}

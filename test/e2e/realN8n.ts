// A real n8n process with this package installed as a community package, in a fresh user folder,
// driven the way a user (or their deployment scripts) would: n8n's own CLI imports credentials and
// workflows and activates them, `n8n start` serves webhooks over real HTTP, executions land in
// n8n's SQLite database. Used by the end-to-end suite; runs under the Node that runs n8n.
import { execFile } from 'child_process';
import { createServer } from 'net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

import { EgressGate } from './egressGate';
import { N8nProcess } from './n8nProcess';

// node:sqlite ships with the Node that runs n8n (22/24), which also runs this suite; the types of
// Node 20 that the rest of the project uses do not know it, hence the small local interface.
interface SqliteDatabase {
	prepare(sql: string): {
		all(...params: unknown[]): unknown[];
		get(...params: unknown[]): unknown;
	};
	close(): void;
}
const { DatabaseSync } = require('node:sqlite') as {
	DatabaseSync: new (
		path: string,
		options?: { readOnly?: boolean; timeout?: number },
	) => SqliteDatabase;
};
// n8n stores execution data in the flatted format
const flatted = require('flatted') as { parse: (text: string) => unknown };

const { installCommunityPackage } = require('../../scripts/install-community-package.js') as {
	installCommunityPackage: (
		tarball: string,
		userFolder: string,
	) => { name: string; packageDir: string };
};

const run = promisify(execFile);

export interface RuntimeTarget {
	/** '2' (n8n 2.x on Node 24) or '1' (n8n 1.123.x on Node 22). */
	target: string;
	nodeBin: string;
	n8nBin: string;
	tarball: string;
	/** The simulator package, packed (simulator/): test:e2e packs it, the benchmarks do not need it. */
	simulatorTarball: string | undefined;
}

/** Reads the runtime handed over by scripts/test-e2e.sh. */
export function runtimeFromEnv(): RuntimeTarget {
	const { N8N_TARGET, NODE_BIN, N8N_BIN, PACKAGE_TARBALL, SIMULATOR_TARBALL } = process.env;
	if (!NODE_BIN || !N8N_BIN || !PACKAGE_TARBALL) {
		throw new Error(
			'Run the end-to-end suite through `npm run test:e2e` (it prepares n8n and the packages).',
		);
	}
	return {
		target: N8N_TARGET ?? '2',
		nodeBin: NODE_BIN,
		n8nBin: N8N_BIN,
		tarball: PACKAGE_TARBALL,
		simulatorTarball: SIMULATOR_TARBALL,
	};
}

/** A request to a webhook, as the tests send it. */
export interface WebhookRequest {
	contentType?: string;
	body?: string | FormData | Buffer;
	method?: string;
}

export interface ExecutionRow {
	id: number;
	status: string;
	mode: string;
	workflowId: string;
}

/** What the suite reads from n8n's database (SQLite for one process, Postgres in queue mode). */
export interface N8nDatabase {
	executions(workflowId: string): ExecutionRow[];
	/** How many of a workflow's executions are not finished, or whose stored data is not final yet. */
	unfinished(workflowId: string): number;
	/** The execution's stored data (flatted text). */
	executionDataText(executionId: number): string | undefined;
	/** The stored data of every execution of a workflow, by execution id, in one query. */
	executionDataTexts(workflowId: string): Map<number, string>;
	/** The workflow's static data as n8n stores it (JSON text). */
	staticDataText(workflowId: string): string;
	/** Everything stored, as text, for secret scans. */
	contents(): string;
}

/** n8n's SQLite database in a user folder, read while n8n runs. */
class SqliteN8nDatabase implements N8nDatabase {
	constructor(private readonly file: string) {}

	private read<T>(query: (db: SqliteDatabase) => T): T {
		// n8n 1.x keeps SQLite in rollback-journal mode: wait for its write locks instead of failing
		const db = new DatabaseSync(this.file, { readOnly: true, timeout: 10_000 });
		try {
			return query(db);
		} finally {
			db.close();
		}
	}

	executions(workflowId: string) {
		const sql =
			'SELECT id, status, mode, workflowId FROM execution_entity WHERE workflowId = ? ORDER BY id';
		return this.read((db) => db.prepare(sql).all(workflowId) as ExecutionRow[]);
	}

	unfinished(workflowId: string) {
		const sql = `SELECT count(*) AS n FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
			WHERE e.workflowId = ? AND (e.status IN ('new', 'running') OR d.data IS NULL OR instr(d.data, '"lastNodeExecuted"') = 0)`;
		return this.read((db) => (db.prepare(sql).get(workflowId) as { n: number }).n);
	}

	executionDataTexts(workflowId: string) {
		const sql =
			'SELECT d.executionId AS id, d.data AS data FROM execution_data d JOIN execution_entity e ON e.id = d.executionId WHERE e.workflowId = ?';
		const rows = this.read(
			(db) => db.prepare(sql).all(workflowId) as Array<{ id: number; data: string }>,
		);
		return new Map(rows.map((row) => [row.id, row.data]));
	}

	executionDataText(executionId: number) {
		const sql = 'SELECT data FROM execution_data WHERE executionId = ?';
		return this.read(
			(db) => (db.prepare(sql).get(executionId) as { data: string } | undefined)?.data,
		);
	}

	staticDataText(workflowId: string) {
		const sql = 'SELECT staticData FROM workflow_entity WHERE id = ?';
		return this.read(
			(db) =>
				(db.prepare(sql).get(workflowId) as { staticData: string | null } | undefined)
					?.staticData ?? '',
		);
	}

	/** The database files' bytes (main file plus write-ahead log). */
	contents() {
		const parts = [this.file, `${this.file}-wal`].map((file) => {
			try {
				return readFileSync(file);
			} catch {
				return Buffer.alloc(0);
			}
		});
		return Buffer.concat(parts).toString('latin1');
	}
}

/** A TCP port nothing listens on right now, on loopback. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RealN8n {
	readonly userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	readonly port: number;
	readonly baseUrl: string;
	private process: N8nProcess | undefined;
	/** Everything n8n printed, CLI commands included. */
	protected output = '';
	/** n8n's outbound requests end here, refused: the run never reaches the internet. */
	readonly egress = new EgressGate();

	constructor(
		readonly runtime: RuntimeTarget,
		port: number,
		private readonly brokerPort: number,
	) {
		this.port = port;
		this.baseUrl = `http://127.0.0.1:${port}`;
	}

	get packageName() {
		return 'n8n-nodes-payment-callbacks';
	}

	/** Where the suite reads executions and static data. */
	protected database: N8nDatabase = new SqliteN8nDatabase(
		join(this.userFolder, '.n8n', 'database.sqlite'),
	);

	protected get env(): NodeJS.ProcessEnv {
		return {
			PATH: process.env.PATH,
			HOME: this.userFolder,
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_ENCRYPTION_KEY: 'e2e-only-encryption-key-not-secret',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: process.env.E2E_N8N_LOG_LEVEL ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			DB_TYPE: 'sqlite',
			EXECUTIONS_MODE: 'regular',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			// what a user sets to check signatures in a Code node (the benchmark's Webhook+Code peer)
			NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
			NODE_ENV: 'production',
			...this.egress.proxyEnvironment(),
			// for experiments (npm run bench): n8n's expression engine settings (the levers a user can set)
			...Object.fromEntries(
				Object.entries(process.env).filter(([name]) => name.startsWith('N8N_EXPRESSION_ENGINE')),
			),
			// and n8n 1.x's SQLite driver (0, its default, is the legacy one: see docs/benchmarks.md)
			...(process.env.DB_SQLITE_POOL_SIZE
				? { DB_SQLITE_POOL_SIZE: process.env.DB_SQLITE_POOL_SIZE }
				: {}),
			// for profiling (npm run bench:cpu): e.g. --cpu-prof, passed to the n8n process's Node
			...(process.env.BENCH_N8N_NODE_OPTIONS
				? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS }
				: {}),
		};
	}

	/** Runs an n8n CLI command to completion (each one opens the database itself). */
	async cli(...args: string[]) {
		const { stdout, stderr } = await run(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			env: this.env,
			maxBuffer: 32 * 1024 * 1024,
		});
		this.output += `\n$ n8n ${args.join(' ')}\n${stdout}${stderr}`;
		return stdout + stderr;
	}

	/** Where n8n keeps the installed package (set by installPackage). */
	packageDir = '';

	/** Installs this package (or another packed community package, e.g. the benchmark's floor). */
	installPackage(tarball = this.runtime.tarball) {
		const installed = installCommunityPackage(tarball, this.userFolder);
		if (tarball === this.runtime.tarball) this.packageDir = installed.packageDir;
		return installed;
	}

	/** The production URL of a trigger's webhook, at n8n's base URL or another (`via`). */
	webhookUrl(webhookId: string, via = this.baseUrl) {
		return `${via}/webhook/${webhookId}/webhook`;
	}

	/** Where a callback goes when the test does not say: the one n8n process. */
	protected nextWebhookBase() {
		return this.baseUrl;
	}

	async importCredentials(credentials: object[]) {
		const file = join(this.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		await this.cli('import:credentials', `--input=${file}`);
		rmSync(file); // it holds keys in the clear; n8n keeps them encrypted
	}

	async importWorkflows(workflows: Array<{ id: string }>) {
		const file = join(this.userFolder, 'workflows.json');
		writeFileSync(file, JSON.stringify(workflows));
		await this.cli('import:workflow', `--input=${file}`);
	}

	/** Marks workflows active the way each n8n line does it (2.x: publish; 1.x: update --active). */
	async activate(ids: string[]) {
		if (this.runtime.target === '1') {
			await this.cli('update:workflow', '--all', '--active=true');
			return;
		}
		for (const id of ids) await this.cli('publish:workflow', `--id=${id}`);
	}

	async start() {
		await this.egress.listen();
		this.process = new N8nProcess(
			'n8n',
			this.runtime,
			'start',
			this.env,
			(text) => (this.output += text),
		);
		await this.process.waitUntilReady(`${this.baseUrl}/healthz/readiness`, () => this.log);
	}

	/**
	 * Waits until a production webhook is registered. n8n answers /healthz before it has activated
	 * workflows; until then their URLs answer 404. An empty POST is refused by our trigger (400).
	 */
	async waitForWebhook(webhookId: string, timeoutMs = 120_000) {
		return await this.waitForWebhookAt(webhookId, this.baseUrl, timeoutMs);
	}

	protected async waitForWebhookAt(webhookId: string, via: string, timeoutMs: number) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const response = await this.post(
				webhookId,
				{ contentType: 'application/json', body: '{}' },
				via,
			);
			if (response.status !== 404) return response.status;
			await sleep(500);
		}
		throw new Error(
			`webhook ${webhookId} was never registered at ${via}:\n${this.log.slice(-4000)}`,
		);
	}

	/** Every answer body the webhooks gave, for secret scans. */
	readonly answers: string[] = [];

	async post(webhookId: string, request: WebhookRequest, via = this.nextWebhookBase()) {
		const { status, text } = await this.send(webhookId, request, via);
		return { status, text };
	}

	/** As `post`, with the answer's headers. */
	async send(webhookId: string, request: WebhookRequest, via = this.nextWebhookBase()) {
		const headers: Record<string, string> = request.contentType
			? { 'content-type': request.contentType }
			: {};
		const response = await fetch(this.webhookUrl(webhookId, via), {
			method: request.method ?? 'POST',
			headers,
			body: request.body,
		});
		const text = await response.text();
		this.answers.push(text);
		return { status: response.status, text, headers: response.headers };
	}

	/** POSTs a JSON body to a webhook path of n8n's own Webhook node (`/webhook/<path>`). */
	async postTo(path: string, body: string, headers: Record<string, string> = {}) {
		const response = await fetch(`${this.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});
		await response.arrayBuffer();
		return { status: response.status };
	}

	/** GET /healthz: n8n's own liveness answer. */
	async healthy() {
		try {
			const response = await fetch(`${this.baseUrl}/healthz`);
			return (
				response.status === 200 && ((await response.json()) as { status?: string }).status === 'ok'
			);
		} catch {
			return false;
		}
	}

	/** The resident memory of the n8n process (Linux), in bytes. */
	residentMemoryBytes(): number {
		return this.process!.residentMemoryBytes();
	}

	/** CPU seconds the n8n process and its task runner have used so far (Linux). */
	cpuSeconds(): number {
		return this.process!.cpuSeconds();
	}

	async stop() {
		await this.process?.stop();
		writeFileSync(join(this.userFolder, 'n8n.log'), this.output);
	}

	private cookie: string | undefined;

	/** Signs in to n8n's REST API as its owner, creating the owner first (as a user's first visit does). */
	private async signIn(): Promise<string> {
		if (this.cookie) return this.cookie;
		const setup = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email: 'owner@example.com',
				firstName: 'E2E',
				lastName: 'Owner',
				password: 'E2e-owner-password-1',
			}),
		});
		if (setup.status !== 200)
			throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
		this.cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
		return this.cookie;
	}

	/** Calls n8n's REST API (the editor's own backend) as the owner. */
	async rest(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
		const cookie = await this.signIn();
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (response.status !== 200)
			throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
		return await response.json();
	}

	/** The node and credential types n8n offers in its editor. */
	async editorTypes() {
		type Types = Array<{ name: string; displayName: string }>;
		return {
			nodes: (await this.rest('GET', '/types/nodes.json')) as Types,
			credentials: (await this.rest('GET', '/types/credentials.json')) as Types,
		};
	}

	/** Waits until n8n has printed `text` (n8n 2.x applies publications in the background). */
	async waitForLog(text: string, timeoutMs = 120_000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline && !this.output.includes(text)) await sleep(500);
		return this.output.includes(text);
	}

	/** Everything n8n printed, CLI commands included. */
	get log() {
		return this.output;
	}

	/** The size of a workflow's static data as n8n stores it (JSON text), in bytes. */
	staticDataBytes(workflowId: string): number {
		return Buffer.byteLength(this.database.staticDataText(workflowId));
	}

	/** A workflow's static data as n8n stores it. */
	staticData(workflowId: string): Record<string, unknown> {
		return JSON.parse(this.database.staticDataText(workflowId) || '{}') as Record<string, unknown>;
	}

	executions(workflowId: string): ExecutionRow[] {
		return this.database.executions(workflowId);
	}

	/**
	 * Waits until n8n holds at least `count` finished executions of a workflow, each with its final
	 * data saved (or times out with what it has), then returns them all.
	 */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		let rows = this.executions(workflowId);
		while (Date.now() < deadline) {
			rows = this.executions(workflowId);
			// The rows returned must say finished themselves; and n8n 1.x on SQLite writes a finished
			// execution's status, then its data, in two steps: in between, the row says "success" while the
			// data is still the empty start. Final data names the node that ran last (checked after the
			// rows were read, so it covers every one of them).
			const finished =
				rows.length >= count && rows.every((row) => !['new', 'running'].includes(row.status));
			if (finished && this.database.unfinished(workflowId) === 0) break;
			await sleep(250);
		}
		return rows;
	}

	private parseExecutionData(text: string | undefined) {
		if (text === undefined) return undefined;
		return flatted.parse(text) as {
			resultData: {
				lastNodeExecuted?: string;
				runData: Record<
					string,
					Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
				>;
			};
		};
	}

	private executionData(executionId: number) {
		return this.parseExecutionData(this.database.executionDataText(executionId));
	}

	private itemsOf(data: ReturnType<RealN8n['parseExecutionData']>, nodeName: string) {
		const runs = data?.resultData.runData[nodeName] ?? [];
		return runs.flatMap((run) => run.data?.main[0] ?? []).map((item) => item.json);
	}

	/** The items the trigger node emitted in an execution, read from execution_data. */
	triggerItems(executionId: number, nodeName: string): Array<Record<string, unknown>> {
		return this.itemsOf(this.executionData(executionId), nodeName);
	}

	/** The items the trigger node emitted in every execution of a workflow (one database query). */
	allTriggerItems(workflowId: string, nodeName: string): Array<Record<string, unknown>> {
		const texts = [...this.database.executionDataTexts(workflowId).values()];
		return texts.flatMap((text) => this.itemsOf(this.parseExecutionData(text), nodeName));
	}

	/** The node an execution ran last (where it stopped, for a failed one). */
	lastNodeExecuted(executionId: number) {
		return this.executionData(executionId)?.resultData.lastNodeExecuted;
	}

	/** Everything n8n's database holds, as text, for secret scans. */
	databaseBytes() {
		return Buffer.from(this.database.contents(), 'latin1');
	}

	cleanUp() {
		this.egress.close();
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

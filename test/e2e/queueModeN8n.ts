// n8n 2.x in queue mode, as a shop that outgrew one process runs it: Postgres and Redis, one main
// process that serves the editor but no production webhooks, two `n8n webhook` processes behind nginx,
// and one `n8n worker` that runs the executions. Every process has its own user folder with the packed
// package installed the way n8n's installer does. Callbacks go to the webhook processes in turn unless
// a test names one (or nginx); executions and static data are read from Postgres.
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import {
	LoopbackNginx,
	LoopbackPostgres,
	LoopbackRedis,
	POSTGRES_DATABASE,
	POSTGRES_USER,
} from './loopbackServices';
import { N8nProcess } from './n8nProcess';
import {
	RealN8n,
	freePort,
	type ExecutionRow,
	type N8nDatabase,
	type RuntimeTarget,
} from './realN8n';

const { installCommunityPackage } = require('../../scripts/install-community-package.js') as {
	installCommunityPackage: (
		tarball: string,
		userFolder: string,
	) => { name: string; packageDir: string };
};

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** n8n's Postgres database, read with psql. */
class PostgresN8nDatabase implements N8nDatabase {
	constructor(private readonly postgres: LoopbackPostgres) {}

	executions(workflowId: string): ExecutionRow[] {
		const rows = `SELECT id::int AS id, status, mode, "workflowId" FROM execution_entity WHERE "workflowId" = ${literal(workflowId)}`;
		return JSON.parse(
			this.postgres.query(`SELECT coalesce(json_agg(r ORDER BY r.id), '[]') FROM (${rows}) r`),
		) as ExecutionRow[];
	}

	unfinished(workflowId: string) {
		return Number(
			this.postgres
				.query(`SELECT count(*) FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
				WHERE e."workflowId" = ${literal(workflowId)} AND (e.status IN ('new', 'running') OR d.data IS NULL OR strpos(d.data, '"lastNodeExecuted"') = 0)`),
		);
	}

	executionDataTexts(workflowId: string) {
		const rows = `SELECT d."executionId" AS id, d.data FROM execution_data d JOIN execution_entity e ON e.id = d."executionId" WHERE e."workflowId" = ${literal(workflowId)}`;
		const all = JSON.parse(
			this.postgres.query(`SELECT coalesce(json_agg(r), '[]') FROM (${rows}) r`),
		) as Array<{ id: number; data: string }>;
		return new Map(all.map((row) => [row.id, row.data]));
	}

	executionDataText(executionId: number) {
		const text = this.postgres.query(
			`SELECT data FROM execution_data WHERE "executionId" = ${Number(executionId)}`,
		);
		return text === '' ? undefined : text;
	}

	staticDataText(workflowId: string) {
		return this.postgres.query(
			`SELECT coalesce("staticData"::text, '') FROM workflow_entity WHERE id = ${literal(workflowId)}`,
		);
	}

	contents() {
		return this.postgres.dump();
	}
}

interface Role {
	name: string;
	command: 'start' | 'webhook' | 'worker';
	userFolder: string;
	port: number;
	brokerPort: number;
	/** Where the process says it is ready. */
	readinessUrl: string;
}

export class QueueModeN8n extends RealN8n {
	readonly postgres: LoopbackPostgres;
	readonly redis: LoopbackRedis;
	readonly nginx: LoopbackNginx;
	/** The webhook processes, addressed directly (base URLs). */
	readonly webhookProcesses: string[];
	/** nginx in front of the webhook processes (base URL). */
	readonly balancer: string;
	private readonly roles: Role[];
	private readonly processes = new Map<string, N8nProcess>();
	private turn = 0;

	static async create(runtime: RuntimeTarget) {
		const ports = async (count: number) =>
			await Promise.all(Array.from({ length: count }, freePort));
		const [main, mainBroker, postgres, redis, nginx, worker, workerBroker] = await ports(7);
		const webhooks = await ports(2);
		const webhookBrokers = await ports(2);
		return new QueueModeN8n(runtime, {
			main,
			mainBroker,
			postgres,
			redis,
			nginx,
			worker,
			workerBroker,
			webhooks,
			webhookBrokers,
		});
	}

	private constructor(
		runtime: RuntimeTarget,
		ports: {
			main: number;
			mainBroker: number;
			postgres: number;
			redis: number;
			nginx: number;
			worker: number;
			workerBroker: number;
			webhooks: number[];
			webhookBrokers: number[];
		},
	) {
		super(runtime, ports.main, ports.mainBroker);
		this.postgres = new LoopbackPostgres(ports.postgres);
		this.redis = new LoopbackRedis(ports.redis);
		this.nginx = new LoopbackNginx(ports.nginx, ports.webhooks);
		this.database = new PostgresN8nDatabase(this.postgres);
		this.webhookProcesses = ports.webhooks.map((port) => `http://127.0.0.1:${port}`);
		this.balancer = `http://127.0.0.1:${ports.nginx}`;
		const folder = (name: string) => mkdtempSync(join(tmpdir(), `n8n-e2e-${name}-`));
		this.roles = [
			{
				name: 'main',
				command: 'start',
				userFolder: this.userFolder,
				port: ports.main,
				brokerPort: ports.mainBroker,
				readinessUrl: `${this.baseUrl}/healthz/readiness`,
			},
			...ports.webhooks.map((port, i) => ({
				name: `webhook-${i + 1}`,
				command: 'webhook' as const,
				userFolder: folder(`webhook-${i + 1}`),
				port,
				brokerPort: ports.webhookBrokers[i],
				readinessUrl: `http://127.0.0.1:${port}/healthz/readiness`,
			})),
			{
				name: 'worker',
				command: 'worker',
				userFolder: folder('worker'),
				port: ports.worker,
				brokerPort: ports.workerBroker,
				readinessUrl: `http://127.0.0.1:${ports.worker}/healthz/readiness`,
			},
		];
	}

	/** What every process and CLI command shares: the database, the queue, the encryption key. */
	protected get env(): NodeJS.ProcessEnv {
		return {
			...super.env,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_USER: POSTGRES_USER,
			DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// behind nginx, as the README's recipe says: the caller's address comes from X-Forwarded-For
			N8N_PROXY_HOPS: '1',
		};
	}

	private roleEnv(role: Role): NodeJS.ProcessEnv {
		return {
			...this.env,
			HOME: role.userFolder,
			N8N_USER_FOLDER: role.userFolder,
			N8N_PORT: String(role.port),
			N8N_RUNNERS_BROKER_PORT: String(role.brokerPort),
			...(role.command === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(role.port) }
				: {}),
		};
	}

	/** Installs the packed package into every process's user folder, as n8n's installer does. */
	installPackage() {
		const installed = this.roles.map((role) =>
			installCommunityPackage(this.runtime.tarball, role.userFolder),
		);
		this.packageDir = installed[0].packageDir;
		return installed[0];
	}

	/** Starts Postgres and Redis (the CLI imports need the database), once. */
	async startServices() {
		await this.egress.listen();
		await this.postgres.start();
		await this.redis.start();
		await this.nginx.start();
	}

	/** Starts main (it runs the database migrations), then the webhook processes and the worker. */
	async start() {
		const [main, ...others] = this.roles;
		await this.startRole(main);
		await Promise.all(others.map(async (role) => await this.startRole(role)));
	}

	private async startRole(role: Role) {
		const process = new N8nProcess(
			role.name,
			this.runtime,
			role.command,
			this.roleEnv(role),
			(text) => (this.output += text),
		);
		this.processes.set(role.name, process);
		await process.waitUntilReady(role.readinessUrl, () => this.log);
	}

	/** Callbacks go to the webhook processes in turn. */
	protected nextWebhookBase() {
		return this.webhookProcesses[this.turn++ % this.webhookProcesses.length];
	}

	/** Waits until every webhook process serves the webhook. */
	async waitForWebhook(webhookId: string, timeoutMs = 120_000) {
		let status = 0;
		for (const via of this.webhookProcesses)
			status = await this.waitForWebhookAt(webhookId, via, timeoutMs);
		return status;
	}

	/** Everything one process printed. */
	processLog(name: string) {
		const prefix = `[${name}] `;
		return this.log
			.split('\n')
			.filter((line) => line.startsWith(prefix))
			.join('\n');
	}

	/** The resident memory of the webhook processes together, in bytes. */
	residentMemoryBytes(): number {
		return this.roles
			.filter((role) => role.command === 'webhook')
			.reduce((sum, role) => sum + this.processes.get(role.name)!.residentMemoryBytes(), 0);
	}

	/** Stops the n8n processes (worker last, so executions in flight finish), then the services. */
	async stop() {
		const order = ['webhook-1', 'webhook-2', 'main', 'worker'];
		for (const name of order) await this.processes.get(name)?.stop();
		writeFileSync(join(this.userFolder, 'n8n.log'), this.output);
	}

	async stopServices() {
		await this.nginx.stop();
		await this.redis.stop();
		await this.postgres.stop();
	}

	cleanUp() {
		super.cleanUp();
		for (const role of this.roles.slice(1))
			rmSync(role.userFolder, { recursive: true, force: true });
		for (const service of [this.postgres, this.redis, this.nginx]) service.cleanUp();
	}
}

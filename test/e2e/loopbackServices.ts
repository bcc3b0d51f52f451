// The services n8n's queue mode needs, each started from its Debian package on loopback with its own
// data folder and port, and stopped by the PID this run started: Postgres (n8n's database), Redis
// (n8n's job queue) and nginx (the load balancer in front of the webhook processes).
// scripts/test-e2e.sh installs the packages when they are missing.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'fs';
import { connect } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(port: number, what: string, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => resolve(true));
			socket.once('error', () => resolve(false));
		}).catch(() => false);
		if (open) return;
		await sleep(200);
	}
	throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
}

/** Sends a signal to a PID and waits until it is gone. */
async function stopPid(pid: number, signal: NodeJS.Signals, timeoutMs = 30_000) {
	const alive = () => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	if (!alive()) return;
	process.kill(pid, signal);
	const deadline = Date.now() + timeoutMs;
	while (alive() && Date.now() < deadline) await sleep(100);
	if (alive()) process.kill(pid, 'SIGKILL');
}

/** A child process whose output is kept (for error messages) and that is stopped by its PID. */
class ServiceProcess {
	private output = '';
	private readonly child: ChildProcess;

	constructor(
		readonly name: string,
		command: string,
		args: string[],
	) {
		this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		this.child.stdout!.on('data', (chunk) => (this.output += chunk));
		this.child.stderr!.on('data', (chunk) => (this.output += chunk));
	}

	async waitForPort(port: number) {
		await Promise.race([
			waitForPort(port, this.name),
			new Promise((_, reject) =>
				this.child.once('exit', (code) =>
					reject(new Error(`${this.name} exited (${code}):\n${this.output}`)),
				),
			),
		]);
	}

	async stop(signal: NodeJS.Signals = 'SIGTERM') {
		if (this.child.exitCode === null && this.child.signalCode === null)
			await stopPid(this.child.pid!, signal);
	}
}

/** The newest Postgres server installed from Debian's packages. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
	if (versions.length === 0)
		throw new Error('Postgres is not installed (apt-get install postgresql)');
	return join(root, String(Math.max(...versions.map(Number))), 'bin');
}

export const POSTGRES_USER = 'n8n';
export const POSTGRES_DATABASE = 'n8n';

/**
 * A Postgres cluster of its own in a temporary folder, on 127.0.0.1 only, trusting local connections
 * (nothing but this machine's loopback can reach it). Postgres refuses to run as root: under root it
 * runs as Debian's `postgres` user.
 */
export class LoopbackPostgres {
	readonly folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-postgres-'));
	private readonly dataDir = join(this.folder, 'data');
	private readonly bin = postgresBin();

	constructor(readonly port: number) {}

	private run(command: string, args: string[]) {
		const asRoot = process.getuid?.() === 0;
		const [file, fullArgs] = asRoot
			? ['runuser', ['-u', 'postgres', '--', join(this.bin, command), ...args]]
			: [join(this.bin, command), args];
		return execFileSync(file, fullArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	}

	/** How the client tools reach the cluster: over TCP on loopback, as POSTGRES_USER. */
	private get clientArgs() {
		return ['-h', '127.0.0.1', '-p', String(this.port), '-U', POSTGRES_USER];
	}

	async start() {
		if (process.getuid?.() === 0) {
			const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
			const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
			chownSync(this.folder, uid, gid);
		}
		this.run('initdb', [
			'-D',
			this.dataDir,
			'-U',
			POSTGRES_USER,
			'--auth=trust',
			'--encoding=UTF8',
			'--no-sync',
		]);
		const settings = [
			`-c listen_addresses=127.0.0.1`,
			`-c port=${this.port}`,
			`-c unix_socket_directories=${this.dataDir}`,
			'-c fsync=off', // a throwaway test cluster: durability is not what is tested
			'-c max_connections=200',
		].join(' ');
		this.run('pg_ctl', [
			'-D',
			this.dataDir,
			'-o',
			settings,
			'-l',
			join(this.folder, 'postgres.log'),
			'-w',
			'start',
		]);
		this.run('createdb', [...this.clientArgs, POSTGRES_DATABASE]);
	}

	/** Runs SQL with psql and returns its unaligned output (one value per line). */
	query(sql: string): string {
		return execFileSync(
			join(this.bin, 'psql'),
			[
				'-X',
				'-q',
				'-A',
				'-t',
				'-v',
				'ON_ERROR_STOP=1',
				...this.clientArgs,
				'-d',
				POSTGRES_DATABASE,
				'-c',
				sql,
			],
			{ encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
		).replace(/\n$/, '');
	}

	/** Everything the database holds, as pg_dump writes it (for secret scans). */
	dump(): string {
		return execFileSync(
			join(this.bin, 'pg_dump'),
			[...this.clientArgs, '--data-only', POSTGRES_DATABASE],
			{ encoding: 'latin1', maxBuffer: 1024 * 1024 * 1024 },
		);
	}

	async stop() {
		const pidFile = join(this.dataDir, 'postmaster.pid');
		if (!existsSync(pidFile)) return;
		await stopPid(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT'); // "fast" shutdown
	}

	cleanUp() {
		rmSync(this.folder, { recursive: true, force: true });
	}
}

/** A Redis of its own on 127.0.0.1, in memory only. */
export class LoopbackRedis {
	readonly folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-redis-'));
	private process: ServiceProcess | undefined;

	constructor(readonly port: number) {}

	async start() {
		const args = [
			'--port',
			String(this.port),
			'--bind',
			'127.0.0.1',
			'--dir',
			this.folder,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		];
		this.process = new ServiceProcess('redis-server', 'redis-server', args);
		await this.process.waitForPort(this.port);
	}

	async stop() {
		await this.process?.stop();
	}

	cleanUp() {
		rmSync(this.folder, { recursive: true, force: true });
	}
}

/**
 * nginx in front of n8n's webhook processes, with the routing the README recommends: every request
 * for one URL goes to the same process (`hash $request_uri consistent`), so one trigger's callbacks,
 * retries included, meet one live duplicate store.
 */
export class LoopbackNginx {
	readonly folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-nginx-'));
	private process: ServiceProcess | undefined;

	constructor(
		readonly port: number,
		private readonly webhookPorts: number[],
	) {}

	/** The configuration, as a user would write it (paths and ports aside). */
	config() {
		const at = (name: string) => join(this.folder, name);
		return `daemon off;
worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('error.log')} warn;
events { worker_connections 1024; }
http {
	access_log ${at('access.log')};
	client_body_temp_path ${at('client_body')};
	proxy_temp_path ${at('proxy')};
	fastcgi_temp_path ${at('fastcgi')};
	uwsgi_temp_path ${at('uwsgi')};
	scgi_temp_path ${at('scgi')};
	client_max_body_size 16m;

	upstream n8n_webhooks {
		hash $request_uri consistent;
${this.webhookPorts.map((port) => `		server 127.0.0.1:${port};`).join('\n')}
	}

	server {
		listen 127.0.0.1:${this.port};
		location /webhook/ {
			proxy_pass http://n8n_webhooks;
			proxy_http_version 1.1;
			proxy_set_header Host $host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
		}
	}
}
`;
	}

	async start() {
		// nginx's workers run as an unprivileged user when started by root: let them use the temp folders
		chmodSync(this.folder, 0o755);
		for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
			mkdirSync(join(this.folder, name));
			chmodSync(join(this.folder, name), 0o777);
		}
		writeFileSync(join(this.folder, 'nginx.conf'), this.config());
		this.process = new ServiceProcess('nginx', 'nginx', [
			'-p',
			this.folder,
			'-e',
			join(this.folder, 'error.log'),
			'-c',
			join(this.folder, 'nginx.conf'),
		]);
		await this.process.waitForPort(this.port);
	}

	async stop() {
		await this.process?.stop('SIGQUIT'); // graceful: lets answers in flight finish
	}

	cleanUp() {
		rmSync(this.folder, { recursive: true, force: true });
	}
}

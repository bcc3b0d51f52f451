// One running n8n process (`n8n start`, `n8n webhook` or `n8n worker`) on the Node that runs n8n:
// started with its environment, its output handed to whoever keeps the log, stopped by its PID.
import { spawn, type ChildProcess } from 'child_process';
import { readFileSync, readdirSync } from 'fs';

import type { RuntimeTarget } from './realN8n';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class N8nProcess {
	private readonly child: ChildProcess;

	constructor(
		readonly name: string,
		runtime: RuntimeTarget,
		command: string,
		env: NodeJS.ProcessEnv,
		onOutput: (text: string) => void,
	) {
		this.child = spawn(runtime.nodeBin, [runtime.n8nBin, command], {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		// whole lines only, each marked with the process's name: several processes write into one log, and
		// a chunk can end in the middle of a line
		for (const stream of [this.child.stdout!, this.child.stderr!]) {
			let partial = '';
			stream.on('data', (chunk: Buffer) => {
				const lines = (partial + chunk.toString()).split('\n');
				partial = lines.pop() ?? '';
				if (lines.length > 0) onOutput(lines.map((line) => `[${name}] ${line}\n`).join(''));
			});
			stream.on('end', () => partial !== '' && onOutput(`[${name}] ${partial}\n`));
		}
	}

	get running() {
		// a process ended by a signal has no exit code, only a signal code: both mean it is gone
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Waits until `url` answers 200 (n8n's /healthz/readiness waits for database migrations). */
	async waitUntilReady(url: string, log: () => string, timeoutMs = 180_000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.running) throw new Error(`${this.name} exited early:\n${log().slice(-4000)}`);
			try {
				if ((await fetch(url)).status === 200) return;
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
		throw new Error(
			`${this.name} was not ready (${url}) within ${timeoutMs / 1000} s:\n${log().slice(-4000)}`,
		);
	}

	/** The resident memory of the process (Linux), in bytes. */
	residentMemoryBytes(): number {
		const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
		const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status);
		if (!kilobytes) throw new Error('no VmRSS in /proc/<pid>/status');
		return Number(kilobytes[1]) * 1024;
	}

	/**
	 * CPU seconds (user + system) used so far by the process and every process it started that is still
	 * running (n8n's task runner), from /proc (Linux).
	 */
	cpuSeconds(): number {
		const stats = new Map<number, { parent: number; ticks: number }>();
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			try {
				// the command name may hold spaces and parentheses: the fields start after the last ')'
				const fields = readFileSync(`/proc/${entry}/stat`, 'utf8')
					.replace(/^.*\)\s*/s, '')
					.split(' ');
				stats.set(Number(entry), {
					parent: Number(fields[1]),
					ticks: Number(fields[11]) + Number(fields[12]),
				});
			} catch {
				// the process ended while we looked
			}
		}
		const inTree = (pid: number): boolean => {
			for (
				let at: number | undefined = pid;
				at !== undefined && at > 1;
				at = stats.get(at)?.parent
			) {
				if (at === this.child.pid) return true;
			}
			return false;
		};
		let ticks = 0;
		for (const [pid, stat] of stats) if (inTree(pid)) ticks += stat.ticks;
		return ticks / CLOCK_TICKS_PER_SECOND;
	}

	async stop() {
		if (!this.running) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
		await exited;
		clearTimeout(timer);
	}
}

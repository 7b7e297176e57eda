/**
 * A background server the suite starts (Postgres, Redis): its own process group, output in a log
 * file, and taken down with Jest if Jest dies. Stopping sends the server's own "fast shutdown"
 * signal first, then SIGKILL for whatever is left of the group.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';

const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) signalGroup(child, 'SIGKILL');
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

export class ServerProcess {
	private child?: ChildProcess;
	private exited?: Promise<void>;

	constructor(
		readonly label: string,
		readonly logFile: string,
	) {}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	start(command: string, args: string[], options: Omit<SpawnOptions, 'stdio' | 'detached'> = {}): void {
		const out = fs.openSync(this.logFile, 'a');
		const child = spawn(command, args, { ...options, stdio: ['ignore', out, out], detached: true });
		fs.closeSync(out);
		this.child = child;
		running.add(child);
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	get alive(): boolean {
		return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Waits until `ready()` holds; fails early with the log's tail if the server exits. */
	async waitUntil(ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!(await ready())) {
			if (!this.alive) throw new Error(`${this.label} exited before it was ready:\n${this.logTail()}`);
			if (Date.now() > deadline) throw new Error(`${this.label} not ready after ${timeoutMs} ms:\n${this.logTail()}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	async stop(signal: NodeJS.Signals, timeoutMs = 20_000): Promise<void> {
		const child = this.child;
		if (!child) return;
		this.child = undefined;
		if (child.exitCode === null && child.signalCode === null) {
			signalGroup(child, signal);
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([this.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
			clearTimeout(timer);
		}
		signalGroup(child, 'SIGKILL');
		await this.exited;
		running.delete(child);
	}

	logTail(lines = 30): string {
		if (!fs.existsSync(this.logFile)) return '';
		return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
	}
}

/** The benchmark's handle on the fake Apollo running in its own process (fake-process.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import type { FakeApolloOptions } from '../fake-apollo';
import type { FakeCommand, LogEntry } from './fake-process';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

// Omit distributes over a union only with a conditional type.
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class RemoteFake {
	url = '';
	apiKey = '';
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
			const waiter = this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.error !== undefined) waiter.reject(new Error(message.error));
			else waiter.resolve(message.result);
		});
		child.on('exit', (code) => {
			for (const waiter of this.pending.values()) waiter.reject(new Error(`fake Apollo exited (${code})`));
			this.pending.clear();
		});
	}

	static async start(directorySize: number, options: FakeApolloOptions): Promise<RemoteFake> {
		const child = fork(path.join(__dirname, 'fake-process.ts'), [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const remote = new RemoteFake(child);
		await new Promise<void>((resolve, reject) => {
			remote.pending.set(0, { resolve: () => resolve(), reject });
		});
		const started = (await remote.call({ cmd: 'start', directorySize, options })) as { url: string; apiKey: string };
		remote.url = started.url;
		remote.apiKey = started.apiKey;
		return remote;
	}

	configure(options: FakeApolloOptions): Promise<unknown> {
		return this.call({ cmd: 'configure', options });
	}

	/** Clears the request log and every rate-limit window. */
	reset(): Promise<unknown> {
		return this.call({ cmd: 'reset' });
	}

	async log(): Promise<LogEntry[]> {
		return (await this.call({ cmd: 'log' })) as LogEntry[];
	}

	/** How many calls to `route` the fake has answered with 200 since the last reset. */
	async answered(route: string): Promise<number> {
		return (await this.call({ cmd: 'answered', route })) as number;
	}

	async close(): Promise<void> {
		await this.call({ cmd: 'close' }).catch(() => undefined);
	}

	private call(command: WithoutId<FakeCommand>): Promise<unknown> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.child.send({ ...command, id });
		});
	}
}

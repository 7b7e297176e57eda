/**
 * The V8 inspector of a running n8n, for finding where its time and memory go: CPU profiles of
 * one stretch of a run, heap usage, forced garbage collection, heap snapshots.
 *
 * n8n is started with `--inspect-port=<port>` in NODE_OPTIONS (inherited by the task runner, which
 * never opens it) and the inspector is opened in the main process only, with SIGUSR1, when the
 * bench needs it. Nothing is attached during the measured runs of `npm run bench:e2e`.
 */
import * as fs from 'node:fs';
import { request, WebSocket } from 'undici';

import { sleep } from '../../e2e/support/n8n-api';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { url: string; functionName: string; lineNumber: number }; children?: number[]; hitCount?: number }>;
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

export class Inspector {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private readonly chunks: string[] = [];

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as {
				id?: number;
				result?: unknown;
				error?: { message: string };
				method?: string;
				params?: { chunk?: string };
			};
			if (message.method === 'HeapProfiler.addHeapSnapshotChunk') this.chunks.push(message.params?.chunk ?? '');
			if (message.id === undefined) return;
			const waiter = this.pending.get(message.id);
			this.pending.delete(message.id);
			if (message.error) waiter?.reject(new Error(message.error.message));
			else waiter?.resolve(message.result);
		});
	}

	/** Opens the inspector of `pid` (SIGUSR1) on `port` and connects to it. */
	static async attach(pid: number, port: number): Promise<Inspector> {
		process.kill(pid, 'SIGUSR1');
		const deadline = Date.now() + 10_000;
		for (;;) {
			try {
				const response = await request(`http://127.0.0.1:${port}/json/list`);
				const targets = (await response.body.json()) as Array<{ webSocketDebuggerUrl: string }>;
				const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
				await new Promise((resolve, reject) => {
					socket.addEventListener('open', resolve, { once: true });
					socket.addEventListener('error', reject, { once: true });
				});
				return new Inspector(socket);
			} catch (error) {
				if (Date.now() > deadline) throw error;
				await sleep(200);
			}
		}
	}

	send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.socket.send(JSON.stringify({ id, method, params }));
		});
	}

	async startProfiling(intervalUs = 1000): Promise<void> {
		await this.send('Profiler.enable');
		await this.send('Profiler.setSamplingInterval', { interval: intervalUs });
		await this.send('Profiler.start');
	}

	async stopProfiling(): Promise<CpuProfile> {
		const { profile } = await this.send<{ profile: CpuProfile }>('Profiler.stop');
		return profile;
	}

	async collectGarbage(): Promise<void> {
		await this.send('HeapProfiler.collectGarbage');
	}

	/** process.memoryUsage() of the inspected process. */
	async memoryUsage(): Promise<NodeJS.MemoryUsage> {
		const { result } = await this.send<{ result: { value: string } }>('Runtime.evaluate', {
			expression: 'JSON.stringify(process.memoryUsage())',
			returnByValue: true,
		});
		return JSON.parse(result.value) as NodeJS.MemoryUsage;
	}

	/** Writes a heap snapshot (Chrome DevTools format) to `file`. */
	async heapSnapshot(file: string): Promise<void> {
		this.chunks.length = 0;
		await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
		fs.writeFileSync(file, this.chunks.join(''));
		this.chunks.length = 0;
	}

	close(): void {
		this.socket.close();
	}
}

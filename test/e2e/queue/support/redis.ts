/**
 * A throwaway Redis: loopback port, working folder in a temporary directory, no persistence
 * (the queue lives only as long as the test).
 */
import * as fs from 'node:fs';
import { createConnection } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { LOG_DIR } from '../../setup/run-command';
import { freePort } from '../../support/n8n-process';
import { ServerProcess } from './server-process';

/** One PING over RESP; true on +PONG. */
async function ping(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
	});
}

export class RedisServer {
	readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-queue-redis-'));
	port = 0;
	private readonly server = new ServerProcess('redis', path.join(this.root, 'redis.log'));

	constructor(private readonly redisServer: string) {}

	/** The server's process group (for memory figures). */
	get pid(): number | undefined {
		return this.server.pid;
	}

	async start(): Promise<void> {
		this.port = await freePort();
		const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.root, '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
		this.server.start(this.redisServer, args, { cwd: this.root });
		await this.server.waitUntil(async () => await ping(this.port));
	}

	/** The environment that points n8n's queue at this Redis (own key prefix per cluster). */
	n8nEnv(prefix: string): Record<string, string> {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port), QUEUE_BULL_PREFIX: prefix };
	}

	async dispose(name = 'redis'): Promise<void> {
		await this.server.stop('SIGTERM');
		if (fs.existsSync(this.server.logFile)) {
			fs.mkdirSync(LOG_DIR, { recursive: true });
			fs.copyFileSync(this.server.logFile, path.join(LOG_DIR, `${name}.log`));
		}
		fs.rmSync(this.root, { recursive: true, force: true });
	}
}

/**
 * n8n in queue mode as a team runs it: one Postgres database, one Redis, a main process (editor,
 * REST and public API, production webhooks too), workers that take executions from Redis, and
 * webhook processes. Every process installs the packed package into its own user folder, as each
 * container of a real deployment would, and all share the database's encryption key.
 */
import { randomBytes } from 'node:crypto';

import { N8N2, NODE24_BIN } from '../../setup/versions';
import { packedTarball } from '../../support/community-package';
import { N8nApi } from '../../support/n8n-api';
import { N8nProcess } from '../../support/n8n-process';
import { ensureServerBinaries } from '../setup/debian-packages';
import { PostgresServer } from './postgres';
import { RedisServer } from './redis';
import { sampleResources, type ResourceSample } from './resources';

export interface ClusterShape {
	/** Used in database, Redis prefix and log names. */
	name: string;
	workers: number;
	webhookProcesses: number;
	/** Extra environment for every process. */
	env?: Record<string, string>;
}

/**
 * Queue settings shared by all processes. The lock and stall checks are shortened so that a
 * killed worker's job is declared stalled in seconds instead of a minute or more.
 */
const QUEUE_ENV: Record<string, string> = {
	EXECUTIONS_MODE: 'queue',
	// n8n 2.x runs manual executions on main unless told to hand them to workers too.
	OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

/**
 * The set-up docs/queue-mode.md recommends on top of n8n's defaults. n8n deletes a finished job
 * from Redis at once (N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED=0), and a process that has not
 * started listening for the job's end by then waits for it forever: the execution stays
 * "running" in its memory (see left-running.ts and docs/queue-mode.md).
 */
export const RECOMMENDED_ENV: Record<string, string> = {
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
};

export class QueueCluster {
	main!: N8nProcess;
	api!: N8nApi;
	readonly workers: N8nProcess[] = [];
	readonly webhooks: N8nProcess[] = [];
	postgres?: PostgresServer;
	redis?: RedisServer;
	readonly database: string;
	private readonly encryptionKey = randomBytes(24).toString('hex');

	private constructor(readonly shape: ClusterShape) {
		this.database = `n8n_${shape.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
	}

	/** Postgres, Redis, then main (it runs the migrations), then workers and webhook processes. */
	static async start(shape: ClusterShape): Promise<QueueCluster> {
		const cluster = new QueueCluster(shape);
		try {
			await cluster.startAll();
			return cluster;
		} catch (error) {
			await cluster.dispose();
			throw error;
		}
	}

	private async startAll(): Promise<void> {
		const binaries = await ensureServerBinaries((message) => process.stdout.write(`[queue] ${message}\n`));
		this.postgres = new PostgresServer(binaries);
		this.redis = new RedisServer(binaries.redisServer);
		await Promise.all([this.postgres.start(), this.redis.start()]);
		await this.postgres.createDatabase(this.database);

		this.main = this.process('start', 'main');
		await this.main.setUp();
		this.api = new N8nApi(this.main.baseUrl);
		await this.api.setUpOwner();
		// Two at a time: five n8n start-ups at once on two cores take longer than in pairs.
		const others = [
			...Array.from({ length: this.shape.workers }, (_, i) => this.process('worker', `worker-${i + 1}`)),
			...Array.from({ length: this.shape.webhookProcesses }, (_, i) => this.process('webhook', `webhook-${i + 1}`)),
		];
		for (let i = 0; i < others.length; i += 2) {
			await Promise.all(others.slice(i, i + 2).map(async (n8n) => await n8n.setUp()));
		}
		for (const n8n of others) (n8n.command === 'worker' ? this.workers : this.webhooks).push(n8n);
	}

	private process(command: 'start' | 'worker' | 'webhook', role: string): N8nProcess {
		if (!this.postgres || !this.redis) throw new Error('Postgres and Redis first');
		const env = {
			...QUEUE_ENV,
			...this.postgres.n8nEnv(this.database),
			...this.redis.n8nEnv(`bull-${this.shape.name}`),
			...this.shape.env,
		};
		return new N8nProcess({
			target: N8N2,
			nodeBin: NODE24_BIN,
			tarball: packedTarball(),
			name: `queue-${this.shape.name}-${role}`,
			command,
			env,
			encryptionKey: this.encryptionKey,
		});
	}

	get processes(): N8nProcess[] {
		return [this.main, ...this.workers, ...this.webhooks].filter((n8n) => n8n !== undefined);
	}

	/** Every execution row of a workflow, straight from the database: id and status. */
	async executionRows(workflowId: string): Promise<Array<{ id: string; status: string }>> {
		const rows = await this.postgres!.query(
			this.database,
			`SELECT id, status FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' ORDER BY id`,
		);
		return rows.map(([id, status]) => ({ id, status }));
	}

	/** The worker that took an execution, from its log ("Worker started execution N (job J)"). */
	async workerOf(executionId: string, timeoutMs = 60_000): Promise<N8nProcess> {
		const started = new RegExp(`Worker started execution ${executionId} \\(`);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const worker = this.workers.find((n8n) => started.test(n8n.log()));
			if (worker) return worker;
			if (Date.now() > deadline) throw new Error(`No worker logged execution ${executionId} within ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	/** Memory of every process group and disk of every folder this cluster uses, right now. */
	async resources(): Promise<ResourceSample> {
		const groups: Record<string, number | undefined> = { postgres: this.postgres?.pid, redis: this.redis?.pid };
		const folders: Record<string, string> = {};
		if (this.postgres) folders.postgres = this.postgres.root;
		if (this.redis) folders.redis = this.redis.root;
		for (const n8n of this.processes) {
			const role = n8n.name.replace(`queue-${this.shape.name}-`, '');
			groups[role] = n8n.pid;
			folders[role] = n8n.userFolder;
		}
		return await sampleResources(groups, folders);
	}

	/** Stops everything this cluster started; safe to call twice and after a failed start. */
	async dispose(): Promise<void> {
		await this.api?.close();
		await Promise.all(this.processes.map(async (n8n) => await n8n.dispose()));
		await Promise.all([this.redis?.dispose(`queue-${this.shape.name}-redis`), this.postgres?.dispose(`queue-${this.shape.name}-postgres`)]);
	}
}

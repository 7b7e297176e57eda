/**
 * A throwaway Postgres cluster: initdb into a temporary folder, one server on a loopback port,
 * trust authentication for the `n8n` role over 127.0.0.1 only, durability off (the data dies with
 * the test). Postgres refuses to run as root, so initdb and the server run as the `postgres`
 * system user (spawn's uid/gid); psql connects over TCP as `n8n`.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { LOG_DIR } from '../../setup/run-command';
import { freePort } from '../../support/n8n-process';
import type { ServerBinaries } from '../setup/debian-packages';
import { ServerProcess } from './server-process';

export const DB_ROLE = 'n8n';

function idOf(flag: '-u' | '-g', user: string): number {
	const result = spawnSync('id', [flag, user], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`No system user ${user}`);
	return Number(result.stdout.trim());
}

export class PostgresServer {
	readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-queue-pg-'));
	readonly dataDir = path.join(this.root, 'data');
	port = 0;
	private readonly server = new ServerProcess('postgres', path.join(this.root, 'postgres.log'));
	private readonly uid: number;
	private readonly gid: number;

	constructor(private readonly binaries: ServerBinaries) {
		this.uid = idOf('-u', binaries.postgresUser);
		this.gid = idOf('-g', binaries.postgresUser);
		fs.chownSync(this.root, this.uid, this.gid);
	}

	private bin(program: string): string {
		return path.join(this.binaries.postgresBin, program);
	}

	/** The server's process group (for memory figures). */
	get pid(): number | undefined {
		return this.server.pid;
	}

	async start(): Promise<void> {
		const asPostgres = { uid: this.uid, gid: this.gid, env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' }, cwd: this.root };
		const initdb = await this.runAs(
			[this.bin('initdb'), '-D', this.dataDir, '-U', DB_ROLE, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
			asPostgres,
		);
		if (initdb.code !== 0) throw new Error(`initdb failed (${initdb.code}):\n${initdb.output}`);
		this.port = await freePort();
		// No Unix socket outside the folder, loopback TCP only, and no fsync: a test database.
		const settings = {
			listen_addresses: '127.0.0.1',
			unix_socket_directories: this.root,
			fsync: 'off',
			synchronous_commit: 'off',
			full_page_writes: 'off',
			max_connections: '200',
		};
		const args = ['-D', this.dataDir, '-p', String(this.port), ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])];
		this.server.start(this.bin('postgres'), args, asPostgres);
		await this.server.waitUntil(async () => (await this.psql('postgres', 'select 1')).code === 0);
	}

	private async runAs(command: string[], options: { uid: number; gid: number; env: NodeJS.ProcessEnv; cwd: string }) {
		return await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
			const child = spawn(command[0], command.slice(1), { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
			let output = '';
			child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.once('error', reject);
			child.once('exit', (code) => resolve({ code, output }));
		});
	}

	private async psql(database: string, sql: string): Promise<{ code: number | null; output: string }> {
		const args = ['-h', '127.0.0.1', '-p', String(this.port), '-U', DB_ROLE, '-d', database, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql];
		return await new Promise((resolve, reject) => {
			const child = spawn(this.bin('psql'), args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
			let output = '';
			child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.once('error', reject);
			child.once('exit', (code) => resolve({ code, output }));
		});
	}

	/** Rows of a query as arrays of text (psql's unaligned output). */
	async query(database: string, sql: string): Promise<string[][]> {
		const result = await this.psql(database, sql);
		if (result.code !== 0) throw new Error(`psql ${database}: ${sql}\n${result.output}`);
		return result.output
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('\t'));
	}

	async createDatabase(name: string): Promise<void> {
		await this.query('postgres', `CREATE DATABASE ${name}`);
	}

	/** The environment that points n8n at one database of this server. */
	n8nEnv(database: string): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: DB_ROLE,
			DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
		};
	}

	/** Stops the server (SIGINT: Postgres' fast shutdown), keeps its log, removes the folder. */
	async dispose(name = 'postgres'): Promise<void> {
		await this.server.stop('SIGINT');
		if (fs.existsSync(this.server.logFile)) {
			fs.mkdirSync(LOG_DIR, { recursive: true });
			fs.copyFileSync(this.server.logFile, path.join(LOG_DIR, `${name}.log`));
		}
		fs.rmSync(this.root, { recursive: true, force: true });
	}
}

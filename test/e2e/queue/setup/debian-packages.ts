/**
 * Postgres and Redis for the queue-mode suite, from Debian's packages: installed with apt-get
 * when missing (the machines run as root), never started as system services. The suite starts
 * its own servers on loopback ports with their data in a temporary folder (support/).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cleanEnv, run, seconds } from '../../setup/run-command';

const POSTGRES_ROOT = '/usr/lib/postgresql';
/** Debian's invoke-rc.d asks this script whether a package may start its service; 101 = no. */
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

export interface ServerBinaries {
	/** Postgres' own programs (initdb, postgres, psql, pg_isready) for the newest major installed. */
	postgresBin: string;
	redisServer: string;
	/** Postgres refuses to run as root: the servers run as this system user. */
	postgresUser: string;
}

function newestPostgresBin(): string | undefined {
	if (!fs.existsSync(POSTGRES_ROOT)) return undefined;
	const majors = fs
		.readdirSync(POSTGRES_ROOT)
		.filter((name) => fs.existsSync(path.join(POSTGRES_ROOT, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length > 0 ? path.join(POSTGRES_ROOT, majors[0], 'bin') : undefined;
}

function which(command: string): string | undefined {
	const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

function hasUser(name: string): boolean {
	return spawnSync('id', ['-u', name]).status === 0;
}

function found(): ServerBinaries | undefined {
	const postgresBin = newestPostgresBin();
	const redisServer = which('redis-server');
	if (!postgresBin || !redisServer || !hasUser('postgres')) return undefined;
	return { postgresBin, redisServer, postgresUser: 'postgres' };
}

/**
 * Installs what is missing. Package scripts must not start a system Postgres on 5432 or a Redis
 * on 6379 (nothing would stop them): without a policy-rc.d already in place, one that forbids
 * starting services is put there for the install and removed afterwards.
 */
export async function ensureServerBinaries(log: (message: string) => void): Promise<ServerBinaries> {
	const present = found();
	if (present) return present;
	if (process.getuid?.() !== 0) {
		throw new Error('Postgres or Redis is missing and this is not root: apt-get install postgresql redis-server, then run again');
	}
	const started = Date.now();
	const packages = [newestPostgresBin() ? undefined : 'postgresql', which('redis-server') ? undefined : 'redis-server'].filter(
		(name): name is string => name !== undefined,
	);
	log(`apt-get install ${packages.join(' ')} (about a minute) ...`);
	const ownPolicy = !fs.existsSync(POLICY_RC_D);
	if (ownPolicy) fs.writeFileSync(POLICY_RC_D, '#!/bin/sh\n# e2e queue suite: no services during the install\nexit 101\n', { mode: 0o755 });
	try {
		const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
		await run('apt-get', ['update'], { cwd: '/', env, log: 'queue-apt-get-update.log' });
		await run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { cwd: '/', env, log: 'queue-apt-get-install.log' });
	} finally {
		if (ownPolicy) fs.rmSync(POLICY_RC_D, { force: true });
	}
	const installed = found();
	if (!installed) throw new Error(`apt-get installed ${packages.join(' ')}, but initdb, redis-server or the postgres user is still missing`);
	log(`installed in ${seconds(started)} s`);
	return installed;
}

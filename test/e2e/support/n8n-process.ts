/**
 * One real n8n server for a test file: its own temporary user folder (SQLite inside), loopback
 * only, fixed ports so a restart keeps the webhook URLs, and nothing that talks to the outside.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { request } from 'undici';

import { cleanEnv, LOG_DIR } from '../setup/run-command';
import { n8nBin, type N8nTarget } from '../setup/versions';
import { installCommunityPackage } from './community-package';

const NO_EGRESS = path.join(__dirname, 'no-egress.cjs');
const EGRESS_MARKER = '[e2e no-egress] blocked';

export interface N8nProcessOptions {
	target: N8nTarget;
	/** The Node that runs n8n, its CLI and its task runner (first in PATH). */
	nodeBin: string;
	/** The `npm pack` tarball to install as a community package. */
	tarball: string;
	/** Name for the log kept in .cache/e2e/logs after the run. */
	name: string;
	/** `start` (the main process, default), or queue mode's `worker` and `webhook` processes. */
	command?: N8nCommand;
	/**
	 * Applied last, over the defaults: queue mode's database, Redis and execution mode; a bench's
	 * profiling. NODE_OPTIONS is added after the no-egress preload, never instead of it.
	 */
	env?: Record<string, string>;
	/** Processes that share one database must share the key that encrypts its credentials. */
	encryptionKey?: string;
}

export type N8nCommand = 'start' | 'worker' | 'webhook';

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

const started = new Set<ChildProcess>();
// If Jest dies mid-test, take the servers (and their task runners) down with it.
process.once('exit', () => {
	for (const child of started) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		// n8n was started as the leader of its own process group: this reaches its task runner too.
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

export class N8nProcess {
	readonly userFolder: string;
	readonly logFile: string;
	baseUrl = '';
	private child?: ChildProcess;
	private exited?: Promise<void>;
	private port = 0;
	private brokerPort = 0;
	private readonly encryptionKey: string;
	/** How long the last stop() took, from SIGTERM to exit (ms). */
	lastStopMs = 0;

	constructor(private readonly options: N8nProcessOptions) {
		this.userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${options.target.key}-`));
		this.logFile = path.join(this.userFolder, 'n8n.log');
		this.encryptionKey = options.encryptionKey ?? randomBytes(24).toString('hex');
	}

	get command(): N8nCommand {
		return this.options.command ?? 'start';
	}

	get name(): string {
		return this.options.name;
	}

	/** The process group's leader (n8n itself); undefined while stopped. */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	get isV2(): boolean {
		return this.options.target.version.startsWith('2.');
	}

	/** Installs the package the way n8n does, picks ports, starts n8n and waits until it is ready. */
	async setUp(): Promise<void> {
		await installCommunityPackage(this.options.tarball, path.join(this.userFolder, '.n8n', 'nodes'));
		fs.mkdirSync(path.join(this.userFolder, 'tmp'), { recursive: true });
		this.port = await freePort();
		this.brokerPort = await freePort();
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		await this.start();
	}

	private env(): NodeJS.ProcessEnv {
		const base = `${this.baseUrl}/`;
		const env: Record<string, string> = {
			HOME: this.userFolder,
			TMPDIR: path.join(this.userFolder, 'tmp'),
			NODE_ENV: 'production',
			NODE_OPTIONS: `--require ${NO_EGRESS}`,
			N8N_USER_FOLDER: this.userFolder,
			DB_TYPE: 'sqlite',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: base,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_MODE: 'internal',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '15',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			// Everything that would talk to n8n's servers or third parties, off.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
			N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
		};
		if (this.isV2) {
			env.N8N_WEBHOOK_URL = base;
			// Its registry lookups fail offline and only add noise; 1.x rejects the unknown name.
			env.N8N_DISABLED_MODULES = 'mcp-registry';
			// Publication (activation) is processed from an outbox; poll it often.
			env.N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS = '1000';
		} else {
			env.WEBHOOK_URL = base;
			// isolated-vm has no Node 20 prebuild; 1.123's default `vm` engine then fails at start.
			env.N8N_EXPRESSION_ENGINE = 'legacy';
		}
		if (this.command === 'worker') {
			// A worker serves no UI; its health endpoint on this process's port tells when it is ready.
			env.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
			env.QUEUE_HEALTH_CHECK_PORT = String(this.port);
			env.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
		}
		const { NODE_OPTIONS: extraNodeOptions, ...extra } = this.options.env ?? {};
		Object.assign(env, extra);
		if (extraNodeOptions) env.NODE_OPTIONS = `${env.NODE_OPTIONS} ${extraNodeOptions}`;
		// Only PATH is taken from the outside, with this n8n's Node first: the task runner is a
		// plain `node` from PATH and must be the Node sqlite3 was built for.
		return { PATH: cleanEnv({}, path.dirname(this.options.nodeBin)).PATH, ...env };
	}

	async start(): Promise<void> {
		const out = fs.openSync(this.logFile, 'a');
		const child = spawn(this.options.nodeBin, [n8nBin(this.options.target), this.command], {
			cwd: this.userFolder,
			env: this.env(),
			stdio: ['ignore', out, out],
			detached: true,
		});
		fs.closeSync(out);
		this.child = child;
		started.add(child);
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
		await this.waitUntilReady(child);
	}

	/**
	 * /healthz answers while migrations still run, and /healthz/readiness once the database is
	 * ready; 1.x mounts the REST API only after that, so wait for a REST answer too.
	 */
	private async waitUntilReady(child: ChildProcess, timeoutMs = 120_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		// Any answer but 404 means the REST routes are mounted; workers and webhook processes have none.
		const probes: Array<[string, (status: number) => boolean]> = [['/healthz/readiness', (status) => status === 200]];
		if (this.command === 'start') probes.push(['/rest/settings', (status) => status !== 404 && status < 500]);
		for (const [urlPath, ready] of probes) {
			while (!ready(await this.statusOf(urlPath))) {
				if (child.exitCode !== null || child.signalCode !== null) {
					throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${this.logTail()}`);
				}
				if (Date.now() > deadline) throw new Error(`n8n not ready after ${timeoutMs} ms:\n${this.logTail()}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	}

	private async statusOf(urlPath: string): Promise<number> {
		try {
			// No keep-alive: a pooled socket would outlive the test file and keep Jest waiting.
			const response = await request(`${this.baseUrl}${urlPath}`, { headersTimeout: 2_000, reset: true });
			await response.body.dump();
			return response.statusCode;
		} catch {
			return 0; // not listening yet
		}
	}

	/** SIGTERM (n8n's graceful shutdown), then SIGKILL for whatever is left of the group. */
	async stop(): Promise<void> {
		const child = this.child;
		if (!child) return;
		this.child = undefined;
		const stopping = Date.now();
		if (child.exitCode === null && child.signalCode === null) {
			killGroup(child, 'SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 30_000)));
			await Promise.race([this.exited, timeout]);
			clearTimeout(timer);
		}
		this.lastStopMs = Date.now() - stopping;
		killGroup(child, 'SIGKILL');
		await this.exited;
		started.delete(child);
	}

	/** SIGKILL to the whole group at once, as when a container or machine dies: no shutdown. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child) return;
		this.child = undefined;
		killGroup(child, 'SIGKILL');
		await this.exited;
		started.delete(child);
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	/** Stops n8n, keeps its log under .cache/e2e/logs and removes the user folder. */
	async dispose(): Promise<void> {
		await this.stop();
		if (fs.existsSync(this.logFile)) {
			fs.mkdirSync(LOG_DIR, { recursive: true });
			fs.copyFileSync(this.logFile, path.join(LOG_DIR, `${this.options.name}.n8n.log`));
		}
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	log(): string {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	logTail(lines = 40): string {
		return this.log().split('\n').slice(-lines).join('\n');
	}

	/** Connections the no-egress preload refused (each would have left the machine). */
	egressAttempts(): string[] {
		return this.log()
			.split('\n')
			.filter((line) => line.includes(EGRESS_MARKER));
	}
}

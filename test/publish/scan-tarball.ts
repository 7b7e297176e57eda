/**
 * Runs n8n's community-package scanner, `@n8n/scan-community-package` (pinned in
 * devDependencies), unmodified, against this package's `npm pack` tarball — without publishing
 * it and without any network but loopback.
 *
 * What the scanner does (scanner/scanner.mjs of the pinned version), and how each step is served:
 *
 * 1. It GETs the packument `https://registry.npmjs.org/<name>` with axios. That address is
 *    hard-coded (npm config and `npm_config_registry` do not change it), but axios honours
 *    `HTTPS_PROXY`, tunnelling with CONNECT. This script is that proxy: it accepts CONNECT only
 *    for registry.npmjs.org and codeload.github.com, and answers inside the tunnel itself with a
 *    throwaway certificate that only the scanner's process trusts (`NODE_EXTRA_CA_CERTS`).
 *    Nothing is forwarded anywhere; any other request is refused and fails the scan.
 * 2. It checks npm provenance: the version's `dist.attestations.provenance.predicateType` must
 *    be SLSA v1. The packument served here carries a synthetic attestation (an unpublished
 *    tarball has none; the release workflow publishes with `--provenance`).
 * 3. It reads the repository and commit from the attestation
 *    (`/-/npm/v1/attestations/<name>@<version>`) and downloads that source from
 *    `https://codeload.github.com/<owner>/<repo>/tar.gz/<commit>`. Served here: this working
 *    tree's files (git's tracked and untracked-but-not-ignored files, as a push would carry
 *    them), under package.json's repository and `git rev-parse HEAD`.
 * 4. It runs `npm pack <name>@<version>`, which does follow `npm_config_registry`: pointed at
 *    this server on 127.0.0.1, which serves the packument and our tarball (with its integrity).
 * 5. It lints the source's package.json and nodes/ and credentials/ (.ts, .js, .json), and the
 *    tarball's .js files and package.json, with ESLint: `@n8n/eslint-plugin-community-nodes`'
 *    recommended rules, `eslint-plugin-n8n-nodes-base`'s community, credentials and nodes
 *    rulesets, and `no-console`; inline `eslint-disable` comments are ignored. Any error fails.
 *
 * The scanner's exit code is 0 even when a check fails, so the verdict is read from its output.
 *
 * Usage: `npm run scan` (builds, then runs this). `npx tsx test/publish/scan-tarball.ts` scans
 * the dist/ already built; `--keep` keeps the temporary folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTRY_HOST = 'registry.npmjs.org';
const CODELOAD_HOST = 'codeload.github.com';
const TUNNEL_HOSTS = [REGISTRY_HOST, CODELOAD_HOST];
const SLSA_V1 = 'https://slsa.dev/provenance/v1';

export interface ServedRequest {
	/** `tunnel` for requests the scanner sent through the CONNECT proxy, `registry` for npm's. */
	via: 'tunnel' | 'registry' | 'connect';
	method: string;
	host: string;
	path: string;
	status: number;
}

export interface ScanResult {
	passed: boolean;
	/** The scanner's stdout and stderr, as printed. */
	output: string;
	exitCode: number | null;
	packageSpec: string;
	scannerVersion: string;
	/** The tarball's file list, as packed. */
	tarballFiles: string[];
	requests: ServedRequest[];
	/** Requests this script did not expect; any of them fails the scan. */
	unexpected: ServedRequest[];
	/** What is missing from the served requests, if the scanner skipped a step. */
	missingSteps: string[];
	commit: string;
	dirtyTree: boolean;
	seconds: number;
}

interface Manifest {
	name: string;
	version: string;
	repository?: { url?: string } | string;
}

function run(command: string, args: string[], cwd: string, input?: string): string {
	return execFileSync(command, args, { cwd, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/**
 * The environment without npm's per-run variables, proxies, NODE_OPTIONS and NODE_ENV. Jest sets
 * NODE_ENV=test, and eslint-plugin-n8n-nodes-base then treats every file as a node, credential
 * and trigger file at once (its own test mode), so the scan would report nonsense.
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || /^(https?|all|no)_proxy$/i.test(key) || ['NODE_OPTIONS', 'NODE_ENV', 'NODE_EXTRA_CA_CERTS'].includes(key)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

function scannerLocation(): { cli: string; version: string } {
	const manifestPath = require.resolve('@n8n/scan-community-package/package.json', { paths: [ROOT] });
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { version: string; bin: string };
	return { cli: path.join(path.dirname(manifestPath), manifest.bin), version: manifest.version };
}

function githubRepository(manifest: Manifest): { owner: string; repo: string } {
	const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url ?? '';
	const match = /github\.com[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?$/.exec(url);
	if (!match) throw new Error(`package.json's repository is not a GitHub repository: ${url || '(none)'}`);
	return { owner: match[1], repo: match[2] };
}

/** `npm pack` of the working tree (dist/ as built), as `npm publish` would upload it. */
function packTarball(workDir: string): { file: string; files: string[] } {
	if (!fs.existsSync(path.join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first (`npm run scan` does).');
	const out = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], ROOT);
	const packed = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
	return { file: path.join(workDir, packed[0].filename), files: packed[0].files.map((entry) => entry.path) };
}

/** The source the attestation points at: this working tree as `git push` would carry it. */
function sourceArchive(workDir: string, repo: string): { file: string; commit: string; dirty: boolean } {
	const commit = run('git', ['rev-parse', 'HEAD'], ROOT).trim();
	// codeload's archives hold one folder, <repo>-<commit>.
	const topFolder = `${repo}-${commit}`;
	const dirty = run('git', ['status', '--porcelain', '--untracked-files=normal'], ROOT).trim() !== '';
	const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).split('\0');
	const files = [...new Set(listed)].filter((file) => file !== '' && fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false })?.isFile());
	const stage = path.join(workDir, 'source');
	for (const file of files) {
		const target = path.join(stage, topFolder, file);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(path.join(ROOT, file), target);
	}
	const file = path.join(workDir, 'source.tar.gz');
	run('tar', ['-czf', file, '-C', stage, topFolder], ROOT);
	fs.rmSync(stage, { recursive: true, force: true });
	return { file, commit, dirty };
}

/** A throwaway self-signed certificate for the two hosts the scanner reaches over HTTPS. */
function certificate(workDir: string): { key: string; cert: string; certFile: string } {
	const keyFile = path.join(workDir, 'tls-key.pem');
	const certFile = path.join(workDir, 'tls-cert.pem');
	try {
		run(
			'openssl',
			[
				'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
				'-subj', '/CN=scan-tarball local registry', '-keyout', keyFile, '-out', certFile,
				'-addext', `subjectAltName=${TUNNEL_HOSTS.map((host) => `DNS:${host}`).join(',')}`,
				'-addext', 'basicConstraints=critical,CA:TRUE',
			],
			workDir,
		);
	} catch (error) {
		throw new Error(`openssl could not make the local certificate (is openssl installed?): ${(error as Error).message}`);
	}
	return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile };
}

function integrity(data: Buffer): { integrity: string; shasum: string } {
	return {
		integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
		shasum: createHash('sha1').update(data).digest('hex'),
	};
}

/** An in-toto statement shaped like the one npm's GitHub Actions provenance carries. */
function attestations(manifest: Manifest, repository: { owner: string; repo: string }, commit: string, tarballSha512Hex: string): object {
	const statement = {
		_type: 'https://in-toto.io/Statement/v1',
		subject: [{ name: `pkg:npm/${manifest.name}@${manifest.version}`, digest: { sha512: tarballSha512Hex } }],
		predicateType: SLSA_V1,
		predicate: {
			buildDefinition: {
				buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
				externalParameters: { workflow: { ref: 'refs/heads/main', repository: `https://github.com/${repository.owner}/${repository.repo}`, path: '.github/workflows/publish.yml' } },
				resolvedDependencies: [
					{ uri: `git+https://github.com/${repository.owner}/${repository.repo}@refs/heads/main`, digest: { gitCommit: commit } },
				],
			},
			runDetails: { builder: { id: 'local scan-tarball (synthetic attestation, not signed)' } },
		},
	};
	return {
		attestations: [
			{
				predicateType: SLSA_V1,
				bundle: {
					mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
					dsseEnvelope: {
						payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
						payloadType: 'application/vnd.in-toto+json',
						signatures: [],
					},
				},
			},
		],
	};
}

export async function scanTarball(options: { keep?: boolean; timeoutMs?: number } = {}): Promise<ScanResult> {
	const started = Date.now();
	const scanner = scannerLocation();
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
	const repository = githubRepository(manifest);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-tarball-'));
	const servers: Array<http.Server | https.Server> = [];
	const sockets = new Set<Socket>();
	try {
		const tarball = packTarball(workDir);
		const tarballData = fs.readFileSync(tarball.file);
		const source = sourceArchive(workDir, repository.repo);
		const sourceData = fs.readFileSync(source.file);
		const tls = certificate(workDir);

		const requests: ServedRequest[] = [];
		const tarballName = `${manifest.name}-${manifest.version}.tgz`;
		const tarballPath = `/${manifest.name}/-/${tarballName}`;
		const attestationsPath = `/-/npm/v1/attestations/${manifest.name}@${manifest.version}`;
		const sourcePath = `/${repository.owner}/${repository.repo}/tar.gz/${source.commit}`;
		const attestationsBody = JSON.stringify(attestations(manifest, repository, source.commit, createHash('sha512').update(tarballData).digest('hex')));
		let registryUrl = '';

		const packument = (): string => {
			const publishedManifest = JSON.parse(run('tar', ['-xzOf', tarball.file, 'package/package.json'], ROOT)) as Record<string, unknown>;
			const time = new Date().toISOString();
			return JSON.stringify({
				_id: manifest.name,
				name: manifest.name,
				'dist-tags': { latest: manifest.version },
				versions: {
					[manifest.version]: {
						...publishedManifest,
						_id: `${manifest.name}@${manifest.version}`,
						dist: {
							...integrity(tarballData),
							tarball: `${registryUrl}${manifest.name}/-/${tarballName}`,
							attestations: { url: `https://${REGISTRY_HOST}${attestationsPath}`, provenance: { predicateType: SLSA_V1 } },
						},
					},
				},
				time: { created: time, modified: time, [manifest.version]: time },
			});
		};

		const handler = (via: ServedRequest['via']) => (request: http.IncomingMessage, response: http.ServerResponse) => {
			// The request line may be absolute (a proxied plain-HTTP request) or origin-form, and the
			// scanner's own path starts with '//' (its registry address ends with a slash).
			const raw = request.url ?? '/';
			const url = /^https?:\/\//.test(raw) ? new URL(raw) : new URL(`http://${request.headers.host ?? 'unknown'}/${raw.replace(/^\/+/, '')}`);
			const host = url.hostname;
			const pathname = decodeURIComponent(url.pathname);
			const isRegistry = (via === 'tunnel' && host === REGISTRY_HOST) || (via === 'registry' && host === '127.0.0.1');
			let status = 404;
			let body: string | Buffer = JSON.stringify({ error: 'Not found' });
			let type = 'application/json';
			if (request.method === 'GET' && isRegistry && pathname === `/${manifest.name}`) {
				[status, body] = [200, packument()];
			} else if (request.method === 'GET' && isRegistry && pathname === tarballPath) {
				[status, body, type] = [200, tarballData, 'application/octet-stream'];
			} else if (request.method === 'GET' && isRegistry && pathname === attestationsPath) {
				[status, body] = [200, attestationsBody];
			} else if (request.method === 'GET' && via === 'tunnel' && host === CODELOAD_HOST && pathname === sourcePath) {
				[status, body, type] = [200, sourceData, 'application/x-gzip'];
			}
			requests.push({ via, method: request.method ?? '', host, path: pathname, status });
			response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
			response.end(body);
		};

		const tunnelServer = https.createServer({ key: tls.key, cert: tls.cert }, handler('tunnel'));
		const server = http.createServer(handler('registry'));
		servers.push(server, tunnelServer);
		server.on('connection', (socket: Socket) => {
			sockets.add(socket);
			socket.once('close', () => sockets.delete(socket));
		});
		server.on('connect', (request: http.IncomingMessage, socket: Socket, head: Buffer) => {
			const [host, port] = (request.url ?? '').split(':');
			const allowed = TUNNEL_HOSTS.includes(host) && port === '443';
			requests.push({ via: 'connect', method: 'CONNECT', host, path: request.url ?? '', status: allowed ? 200 : 403 });
			if (!allowed) {
				socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
				return;
			}
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) socket.unshift(head);
			tunnelServer.emit('connection', socket);
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		const { port } = server.address() as AddressInfo;
		registryUrl = `http://127.0.0.1:${port}/`;

		const scanTmp = path.join(workDir, 'scanner-tmp');
		fs.mkdirSync(scanTmp);
		const packageSpec = `${manifest.name}@${manifest.version}`;
		const env = cleanEnv({
			HTTPS_PROXY: `http://127.0.0.1:${port}`,
			https_proxy: `http://127.0.0.1:${port}`,
			NO_PROXY: '127.0.0.1,localhost',
			no_proxy: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: tls.certFile,
			npm_config_registry: registryUrl,
			npm_config_cache: path.join(workDir, 'npm-cache'),
			npm_config_update_notifier: 'false',
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_ignore_scripts: 'true',
			TMPDIR: scanTmp,
		});
		const timeoutMs = options.timeoutMs ?? 180_000;
		const { output, exitCode } = await new Promise<{ output: string; exitCode: number | null }>((resolve, reject) => {
			const child = spawn(process.execPath, [scanner.cli, packageSpec], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
			let text = '';
			child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`The scanner did not finish within ${timeoutMs / 1000} s. Output so far:\n${text}`));
			}, timeoutMs);
			child.once('error', reject);
			child.once('close', (code) => {
				clearTimeout(timer);
				resolve({ output: text, exitCode: code });
			});
		});

		const served = (via: ServedRequest['via'], host: string, wanted: string) =>
			requests.some((entry) => entry.via === via && entry.host === host && entry.path === wanted && entry.status === 200);
		const steps: Array<[string, boolean]> = [
			['packument from registry.npmjs.org (scanner, through the proxy)', served('tunnel', REGISTRY_HOST, `/${manifest.name}`)],
			['provenance attestations from registry.npmjs.org', served('tunnel', REGISTRY_HOST, attestationsPath)],
			['source archive from codeload.github.com', served('tunnel', CODELOAD_HOST, sourcePath)],
			['packument from the local registry (npm pack)', served('registry', '127.0.0.1', `/${manifest.name}`)],
			['tarball from the local registry (npm pack)', served('registry', '127.0.0.1', tarballPath)],
		];
		const missingSteps = steps.filter(([, done]) => !done).map(([step]) => step);
		const unexpected = requests.filter((entry) => entry.status !== 200);
		const verdict = `✅ Package ${packageSpec} has passed all security checks`;
		return {
			passed: exitCode === 0 && output.includes(verdict) && unexpected.length === 0 && missingSteps.length === 0,
			output,
			exitCode,
			packageSpec,
			scannerVersion: scanner.version,
			tarballFiles: tarball.files,
			requests,
			unexpected,
			missingSteps,
			commit: source.commit,
			dirtyTree: source.dirty,
			seconds: Math.round((Date.now() - started) / 100) / 10,
		};
	} finally {
		for (const socket of sockets) socket.destroy();
		await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
		if (options.keep) console.log(`Kept ${workDir}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const result = await scanTarball({ keep: process.argv.includes('--keep') });
	console.log(`@n8n/scan-community-package ${result.scannerVersion} on ${result.packageSpec} (npm pack, ${result.tarballFiles.length} files)`);
	console.log(`Source served as commit ${result.commit.slice(0, 7)}${result.dirtyTree ? ' plus the uncommitted changes in this working tree' : ''}\n`);
	console.log(result.output.trimEnd());
	console.log('\nRequests served (nothing left this machine):');
	for (const entry of result.requests) console.log(`  ${entry.status} ${entry.via.padEnd(8)} ${entry.method} ${entry.host}${entry.via === 'connect' ? '' : entry.path}`);
	for (const step of result.missingSteps) console.log(`Missing step: ${step}`);
	console.log(`\n${result.passed ? 'PASSED' : 'FAILED'} in ${result.seconds} s`);
	process.exitCode = result.passed ? 0 : 1;
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}

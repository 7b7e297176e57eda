import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Agent, request } from 'undici';

import { closedAfterEach } from '../../support/lifecycle';
import { startWebhookHost } from './host';
import { testNodeTypes, testTriggerNode } from './test-trigger';
import type { WebhookHost, WebhookHostOptions } from './types';

// Helpers for the host's own tests: hosts of the naive test trigger, an HTTP client with its own
// connection pool (closed in afterAll, so jest exits cleanly) and a launcher for the CLI in a
// child process.

/**
 * Starts a host of the naive test trigger, closed after the test. It is naive on purpose: it
 * shows n8n's own behaviour, in n8n 1.x's order (where it saves its keys) unless a test asks
 * for 2.x. Call it at the top of a test file: it registers the afterEach hook there.
 */
export function testHostPerTest(): (options?: Partial<WebhookHostOptions>) => Promise<WebhookHost> {
	return closedAfterEach(
		async (options: Partial<WebhookHostOptions> = {}) =>
			await startWebhookHost({ node: testTriggerNode(), extraNodeTypes: testNodeTypes, n8nMajor: 1, ...options }),
	);
}

export interface Reply {
	status: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

export interface TestClient {
	post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
	send(
		method: string,
		url: string,
		body?: string,
		headers?: Record<string, string>,
	): Promise<Reply>;
	close(): Promise<void>;
}

export function createClient(): TestClient {
	const agent = new Agent({ connections: 32, keepAliveTimeout: 1_000 });
	const send: TestClient['send'] = async (method, url, body, headers = {}) => {
		const response = await request(url, {
			method: method as 'POST',
			body,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			dispatcher: agent,
			headersTimeout: 15_000,
			bodyTimeout: 15_000,
		});
		const text = await response.body.text();
		let parsed: unknown = text === '' ? undefined : text;
		try {
			parsed = JSON.parse(text) as unknown;
		} catch {
			// Not JSON: keep the text.
		}
		return { status: response.statusCode, body: parsed, headers: response.headers };
	};
	return {
		send,
		post: async (url, body, headers) => {
			const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
			return await send('POST', url, text, headers);
		},
		close: async () => await agent.close(),
	};
}

const CLI_PATH = path.join(__dirname, 'cli.ts');
const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface CliHost {
	url: string;
	productionUrl: string;
	pid: number;
	/** Stops the process (SIGKILL imitates a crash) and waits for it to exit. */
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `cli.ts` under tsx in a new Node process and waits for its ready line. */
export async function spawnHostCli(args: string[], readyTimeoutMs = 60_000): Promise<CliHost> {
	const tsx = require.resolve('tsx/cjs');
	const child = spawn(process.execPath, ['--require', tsx, CLI_PATH, ...args], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: process.env,
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const ready = await new Promise<{ url: string; productionUrl: string }>((resolve, reject) => {
		let stdout = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`CLI not ready after ${readyTimeoutMs} ms: ${stderr}`));
		}, readyTimeoutMs);
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const match = /WEBHOOK_HOST_READY (\{.*\})/.exec(stdout);
			if (match) {
				clearTimeout(timer);
				resolve(JSON.parse(match[1]) as { url: string; productionUrl: string });
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`CLI exited with ${code} before it was ready: ${stderr}`));
		});
	});
	return {
		...ready,
		pid: child.pid as number,
		stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			await exited;
		},
	};
}

// Shared helpers for the fake's own tests: a tiny undici client and a local webhook receiver.

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';

import type { FakeApollo, FakePerson } from './types';

export interface CallOptions {
	/** A list is sent as repeated keys (`person_titles[]=a&person_titles[]=b`). */
	query?: Record<string, string | string[]>;
	/** An object is sent as JSON; a string is sent as is. */
	body?: unknown;
	/** The x-api-key value; null sends no key at all. Defaults to the fake's key. */
	key?: string | null;
	headers?: Record<string, string>;
}

export interface CallResult {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json: <T = Record<string, unknown>>() => T;
}

export async function call(
	fake: FakeApollo,
	method: 'GET' | 'POST',
	path: string,
	options: CallOptions = {},
): Promise<CallResult> {
	const url = new URL(fake.url + path);
	for (const [key, value] of Object.entries(options.query ?? {})) {
		for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, one);
	}
	const headers: Record<string, string> = {};
	const key = options.key === undefined ? fake.apiKey : options.key;
	if (key !== null) headers['x-api-key'] = key;
	let body: string | undefined;
	if (options.body !== undefined) {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	}
	const response = await request(url, {
		method,
		headers: { ...headers, ...options.headers },
		body,
	});
	const text = await response.body.text();
	return {
		status: response.statusCode,
		headers: response.headers,
		text,
		json: <T>() => JSON.parse(text) as T,
	};
}

/** Extracts the exact request_id digits from raw JSON text (what a bigint-safe client does). */
export function rawRequestId(text: string): string {
	const m = /"request_id"\s*:\s*"?(-?\d+)/.exec(text);
	if (!m) throw new Error(`no request_id in ${text.slice(0, 200)}`);
	return m[1];
}

export interface ReceivedWebhook {
	path: string;
	headers: IncomingHttpHeaders;
	text: string;
}

export interface Receiver {
	url: string;
	received: ReceivedWebhook[];
	/** Status the receiver answers with (default 200). */
	status: number;
	close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedWebhook[] = [];
	const state = { status: 200 };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			received.push({ path: req.url ?? '', headers: req.headers, text });
			res.writeHead(state.status, { 'content-type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook?token=secret`,
		received,
		get status() {
			return state.status;
		},
		set status(value: number) {
			state.status = value;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it is true; fails after `timeoutMs` (a safety net, not an assertion). */
export async function eventually(
	check: () => boolean | Promise<boolean>,
	timeoutMs = 5_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await sleep(10);
	}
}

/** A directory person by exact name, optionally narrowed by a part of the employer's domain. */
export function personIn(fake: FakeApollo, name: string, domainPart = ''): FakePerson {
	const found = fake.directory.find(
		(p) => p.name === name && p.organization.primary_domain.includes(domainPart),
	);
	if (!found) throw new Error(`no ${name} in the directory`);
	return found;
}

// HTTP plumbing for the server: route table, body reading, log redaction, writing replies.

import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Reply } from './handlers';
import { stringifyJson } from './int64-json';
import type { LoggedRequest, RouteName } from './types';

export const INVALID_KEY_TEXT =
	'Invalid API key. See https://docs.apollo.io/reference/authentication for how to authenticate.';
/** What Apollo says to `Authorization: Bearer <api key>` (that header is for OAuth tokens only). */
export const INVALID_TOKEN_TEXT = 'Invalid access credentials.';

/** What an 'invalidJson' fault sends: the start of a plausible body, cut mid-token. */
export const TRUNCATED_BODIES: Partial<Record<RouteName, string>> = {
	match: '{"person":{"id":"5f2a9c',
	bulk_match: '{"status":"success","error_code":null,"error_message":null,"matches":[{"id":"5f',
	webhook_result: '{"request_id":"-10399955',
	org_enrich: '{"organization":{"id":"5e6',
	org_bulk_enrich: '{"status":"success","organizations":[{"id":"5e6',
	people_search: '{"total_entries":72,"people":[{"id":"5f',
};

export interface ResolvedRoute {
	route: RouteName;
	param?: string;
}

/** Apollo's paths under /api/v1; the legacy /v1 prefix is deliberately not served. */
const ROUTES: [string, RegExp, RouteName][] = [
	['GET', /^\/api\/v1\/auth\/health\/?$/, 'auth_health'],
	['GET', /^\/api\/v1\/users\/api_profile\/?$/, 'api_profile'],
	['POST', /^\/api\/v1\/people\/match\/?$/, 'match'],
	['POST', /^\/api\/v1\/people\/bulk_match\/?$/, 'bulk_match'],
	['GET', /^\/api\/v1\/webhook_result\/([^/]+)\/?$/, 'webhook_result'],
	['POST', /^\/api\/v1\/usage_stats\/api_usage_stats\/?$/, 'usage_stats'],
	['GET', /^\/api\/v1\/organizations\/enrich\/?$/, 'org_enrich'],
	['POST', /^\/api\/v1\/organizations\/bulk_enrich\/?$/, 'org_bulk_enrich'],
	['POST', /^\/api\/v1\/mixed_people\/api_search\/?$/, 'people_search'],
];

export function resolveRoute(method: string, path: string): ResolvedRoute {
	for (const [verb, pattern, route] of ROUTES) {
		const m = pattern.exec(path);
		if (m && verb === method) return { route, param: m[1] };
	}
	return { route: 'unknown' };
}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export interface ParsedBody {
	/** Parsed JSON or form fields; the raw text when unparseable; undefined when empty. */
	body: unknown;
	/** False when the body could not be parsed (Rails answers 400). */
	ok: boolean;
}

/** JSON bodies, plus form-encoded ones since Rails would accept those too. */
export function parseBody(raw: string, contentType: string | undefined): ParsedBody {
	if (raw.trim() === '') return { body: undefined, ok: true };
	if (/application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
		return { body: Object.fromEntries(new URLSearchParams(raw)), ok: true };
	}
	try {
		return { body: JSON.parse(raw) as unknown, ok: true };
	} catch {
		// The log keeps the text; the request is answered 400 once auth has passed.
		return { body: raw, ok: false };
	}
}

/** Hides a legacy `api_key` parameter so the log never holds a key. */
export function redacted<T>(value: T): T {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
	if (!('api_key' in value)) return value;
	return { ...value, api_key: '[redacted]' };
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}


/** Writes a reply and records its status in the log entry (also when the socket is gone). */
export function sendReply(
	res: ServerResponse,
	entry: LoggedRequest,
	reply: Reply,
	contentType?: string,
): void {
	const text = reply.text ? String(reply.body) : stringifyJson(reply.body);
	const type =
		contentType ?? (reply.text ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8');
	entry.status = reply.status;
	entry.respondedAt = Date.now();
	if (res.destroyed) return;
	res.writeHead(reply.status, {
		...reply.headers,
		'content-type': type,
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

export function sendInternalError(res: ServerResponse, error: unknown): void {
	// A bug in the fake must be loud in test output, not look like a flaky Apollo.
	const message = error instanceof Error ? error.message : String(error);
	console.error('[fake-apollo] internal error:', error);
	if (res.headersSent || res.destroyed) return;
	res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify({ error: 'fake-apollo internal error', detail: message }));
}

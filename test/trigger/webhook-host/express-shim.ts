import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { IDataObject } from 'n8n-workflow';

// express is not installed (a community package must not depend on it), but n8n hands nodes
// express objects: `getRequestObject()` / `getResponseObject()` and `additionalData.httpRequest`.
// These shims add the express members a webhook node plausibly uses to the real node:http
// objects, the same way express itself extends IncomingMessage and ServerResponse.

/** n8n's default `N8N_PAYLOAD_SIZE_MAX` is 16 MiB. */
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

export interface ShimRequest extends IncomingMessage {
	method: string;
	originalUrl: string;
	path: string;
	params: Record<string, string>;
	query: Record<string, string | string[]>;
	/** Set by the body parser; stays undefined for an empty or unparsed body, as in n8n. */
	body?: unknown;
	ip?: string;
	get(name: string): string | undefined;
	header(name: string): string | undefined;
	// contentType, encoding, rawBody, readRawBody() and _body are declared on IncomingMessage by
	// n8n-workflow's global augmentation, which mirrors what n8n's rawBodyReader adds.
}

export interface ShimResponse extends ServerResponse {
	req: ShimRequest;
	status(code: number): ShimResponse;
	json(body: unknown): ShimResponse;
	send(body?: unknown): ShimResponse;
	sendStatus(code: number): ShimResponse;
	set(field: string | Record<string, string>, value?: string): ShimResponse;
	header(field: string | Record<string, string>, value?: string): ShimResponse;
	get(field: string): string | undefined;
	type(contentType: string): ShimResponse;
	/** The bytes written so far (kept so the host can log what the caller received). */
	readonly capturedBody: Buffer[];
}

/**
 * Parses the query string the way express 5's default "simple" parser (node:querystring) does:
 * repeated keys become arrays, no nested `a[b]` objects.
 */
function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of search) {
		const existing = query[key];
		if (existing === undefined) query[key] = value;
		else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return query;
}

export function shimRequest(req: IncomingMessage, pathname: string, search: URLSearchParams) {
	const shim = req as unknown as ShimRequest;
	shim.originalUrl = req.url ?? '/';
	shim.path = pathname;
	shim.params = {};
	shim.query = parseQuery(search);
	shim.ip = req.socket.remoteAddress;
	shim.encoding = 'utf-8';
	const contentTypeHeader = req.headers['content-type'];
	if (contentTypeHeader) {
		// n8n-core's parseContentType: type lower-cased, charset defaulting to utf-8.
		const [type, ...parameters] = contentTypeHeader.split(';');
		shim.contentType = type.trim().toLowerCase();
		for (const parameter of parameters) {
			const [name, value] = parameter.split('=').map((part) => part.trim());
			if (name?.toLowerCase() === 'charset' && value) {
				shim.encoding = value.replace(/^"|"$/g, '').toLowerCase() as BufferEncoding;
			}
		}
	}
	shim.get = shim.header = (name: string) => {
		const value = req.headers[name.toLowerCase()];
		return Array.isArray(value) ? value.join(', ') : value;
	};
	shim.readRawBody = async () => {
		if (!shim._body) {
			shim.rawBody = await readBody(req);
			shim._body = true;
		}
	};
	return shim;
}

/** Like n8n's rawBodyReader: inflates gzip/deflate and enforces the payload limit. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
	let stream: Readable = req;
	const encoding = req.headers['content-encoding'];
	if (encoding === 'gzip') stream = req.pipe(createGunzip());
	else if (encoding === 'deflate') stream = req.pipe(createInflate());
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
		size += buffer.length;
		if (size > PAYLOAD_SIZE_MAX) throw new Error('request entity too large');
		chunks.push(buffer);
	}
	return Buffer.concat(chunks);
}

function setHeaders(res: ServerResponse, field: string | Record<string, string>, value?: string) {
	if (typeof field === 'string') res.setHeader(field, value ?? '');
	else for (const [name, headerValue] of Object.entries(field)) res.setHeader(name, headerValue);
}

export function shimResponse(res: ServerResponse, req: ShimRequest): ShimResponse {
	const shim = res as unknown as ShimResponse;
	const captured: Buffer[] = [];
	Object.defineProperty(shim, 'capturedBody', { value: captured });
	shim.req = req;

	// Keep a copy of every byte written, whoever writes it (the host or the node itself).
	const write = res.write.bind(res) as (...args: unknown[]) => boolean;
	const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
	const capture = (chunk: unknown) => {
		if (typeof chunk === 'string') captured.push(Buffer.from(chunk));
		else if (chunk instanceof Uint8Array) captured.push(Buffer.from(chunk));
	};
	shim.write = ((chunk: unknown, ...rest: unknown[]) => {
		capture(chunk);
		return write(chunk, ...rest);
	}) as ServerResponse['write'];
	shim.end = ((chunk?: unknown, ...rest: unknown[]) => {
		if (typeof chunk !== 'function') capture(chunk);
		return end(chunk, ...rest);
	}) as ShimResponse['end'];

	shim.status = (code: number) => {
		shim.statusCode = code;
		return shim;
	};
	shim.set = shim.header = (field, value) => {
		setHeaders(shim, field, value);
		return shim;
	};
	shim.get = (field: string) => {
		const value = shim.getHeader(field);
		return value === undefined ? undefined : String(value);
	};
	shim.type = (contentType: string) => {
		shim.setHeader('Content-Type', contentType.includes('/') ? contentType : `text/${contentType}`);
		return shim;
	};
	shim.json = (body: unknown) => {
		if (!shim.hasHeader('content-type')) {
			shim.setHeader('Content-Type', 'application/json; charset=utf-8');
		}
		return shim.send(JSON.stringify(body) ?? '');
	};
	shim.send = (body?: unknown) => {
		let payload: Buffer | undefined;
		if (body === undefined || body === null) payload = undefined;
		else if (Buffer.isBuffer(body)) {
			if (!shim.hasHeader('content-type')) {
				shim.setHeader('Content-Type', 'application/octet-stream');
			}
			payload = body;
		} else if (typeof body === 'object' || typeof body === 'boolean' || typeof body === 'number') {
			return shim.json(body);
		} else {
			if (!shim.hasHeader('content-type')) {
				shim.setHeader('Content-Type', 'text/html; charset=utf-8');
			}
			payload = Buffer.from(String(body));
		}
		// Like express: no body for 204/304 or HEAD.
		if (shim.statusCode === 204 || shim.statusCode === 304 || req.method === 'HEAD') {
			payload = undefined;
		}
		if (payload) shim.setHeader('Content-Length', payload.length);
		shim.end(payload);
		return shim;
	};
	shim.sendStatus = (code: number) => {
		shim.statusCode = code;
		return shim.type('text/plain; charset=utf-8').send(String(code));
	};
	return shim;
}

/** The response body as the caller will see it: JSON when it parses, otherwise text. */
export function decodeBody(res: ShimResponse): unknown {
	const text = Buffer.concat(res.capturedBody).toString('utf8');
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as IDataObject;
	} catch {
		return text;
	}
}

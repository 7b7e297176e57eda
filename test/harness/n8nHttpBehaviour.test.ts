import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fixturesPerFile, runProbe } from './fixtures';

// Pins what n8n-core 2.41's `helpers.httpRequestWithAuthentication` really returns and throws,
// so node code (and its unit-test mocks) can rely on it. If an n8n upgrade changes any of this,
// these tests say exactly what changed.

const BIG_JSON = '{"id":12345678901234567891,"small":1}';
const TEXT_OPTIONS = {
	returnFullResponse: true,
	ignoreHttpStatusErrors: true,
	json: false,
	encoding: 'text',
} as const;

const fixtures = fixturesPerFile({
	'GET /big': (_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json', 'x-rate-limit-remaining': '5' });
		res.end(BIG_JSON);
	},
	'GET /destroy': (_req, res) => res.socket?.destroy(),
	'GET /hang': () => undefined, // never answers; closed by server.close()
	'GET /429': (_req, res) => {
		res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
		res.end('{"error":"rate limited"}');
	},
});

/** Calls httpRequestWithAuthentication inside a real workflow run; returns what it gave. */
async function request(
	make: (baseUrl: string) => IHttpRequestOptions,
): Promise<{ value?: unknown; error?: unknown }> {
	const outcome: { value?: unknown; error?: unknown } = {};
	const result = await runProbe(
		async (context) => {
			try {
				outcome.value = await context.helpers.httpRequestWithAuthentication.call(
					context,
					'fakeApi',
					make(fixtures.server().baseUrl),
				);
			} catch (error) {
				outcome.error = error;
			}
		},
		{ credentials: { fakeApi: { apiKey: 'k' } }, packageDir: fixtures.packageDir() },
	);
	expect(result.error).toBeUndefined();
	return outcome;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, string>;
	statusCode: number;
	statusMessage: string;
}

describe('response bodies above 2^53', () => {
	it('json: false + encoding: text returns the raw text, so no precision is lost', async () => {
		const { value } = await request((base) => ({ url: `${base}/big`, ...TEXT_OPTIONS }));
		const response = value as FullResponse;
		expect(response.body).toBe(BIG_JSON);
		expect(response.statusCode).toBe(200);
		expect(response.statusMessage).toBe('OK');
		// An AxiosHeaders instance; keys are lower-case.
		expect(response.headers['content-type']).toBe('application/json');
		expect(response.headers['x-rate-limit-remaining']).toBe('5');
	});

	it.each([
		['json: false without encoding', { json: false }],
		['json: true', { json: true }],
	])('%s parses the JSON, losing precision', async (_name, options) => {
		const { value } = await request((base) => ({
			url: `${base}/big`,
			returnFullResponse: true,
			...options,
		}));
		expect((value as FullResponse).body).toEqual({ id: 12345678901234567000, small: 1 });
	});

	it('without returnFullResponse the parsed body is returned', async () => {
		const { value } = await request((base) => ({ url: `${base}/big` }));
		expect(value).toEqual({ id: 12345678901234567000, small: 1 });
	});
});

describe('transport failures are NodeApiErrors with the socket code as httpCode', () => {
	it.each([
		[
			'connection refused',
			() => 'http://127.0.0.1:9/x',
			'ECONNREFUSED',
			'The service refused the connection - perhaps it is offline',
			'connect ECONNREFUSED 127.0.0.1:9',
			undefined,
		],
		[
			'socket destroyed before a response',
			(base: string) => `${base}/destroy`,
			'ECONNRESET',
			'The connection to the server was closed unexpectedly, perhaps it is offline. ' +
				'You can retry the request immediately or wait and retry later.',
			'socket hang up',
			undefined,
		],
		[
			'timeout option exceeded',
			(base: string) => `${base}/hang`,
			'ECONNABORTED',
			'The connection was aborted, perhaps the server is offline',
			'timeout of 200ms exceeded',
			200,
		],
	])('%s', async (_name, url, code, message, causeMessage, timeout) => {
		const { error } = await request((base) => ({ url: url(base), timeout, ...TEXT_OPTIONS }));
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.httpCode).toBe(code);
		expect(apiError.message).toBe(message);
		expect(apiError.description).toBeUndefined();
		// No itemIndex: the node has to add it (error.context.itemIndex = i).
		expect(apiError.context).toEqual({});
		const cause = apiError.cause as unknown as {
			isAxiosError: boolean;
			code: string;
			message: string;
		};
		expect(cause.isAxiosError).toBe(true);
		expect(cause.code).toBe(code);
		expect(cause.message).toBe(causeMessage);
	});
});

describe('HTTP 429', () => {
	it('with ignoreHttpStatusErrors the response is returned, not thrown', async () => {
		const { value } = await request((base) => ({ url: `${base}/429`, ...TEXT_OPTIONS }));
		const response = value as FullResponse;
		expect(response.statusCode).toBe(429);
		expect(response.headers['retry-after']).toBe('7');
		expect(response.body).toBe('{"error":"rate limited"}');
	});

	it('otherwise throws NodeApiError, httpCode "429", headers on cause.response', async () => {
		const { error } = await request((base) => ({
			url: `${base}/429`,
			...TEXT_OPTIONS,
			ignoreHttpStatusErrors: false,
		}));
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.httpCode).toBe('429');
		expect(apiError.message).toBe('The service is receiving too many requests from you');
		expect(apiError.description).toBe('Request failed with status code 429');
		const cause = apiError.cause as unknown as {
			code: string;
			response: { status: number; headers: Record<string, string>; data: unknown };
		};
		expect(cause.code).toBe('ERR_BAD_REQUEST');
		expect(cause.response.status).toBe(429);
		expect(cause.response.headers['retry-after']).toBe('7');
		expect(cause.response.data).toBe('{"error":"rate limited"}');
	});
});

describe('NodeApiError re-wrapping', () => {
	it('returns the original error and ignores the options, itemIndex included', async () => {
		const { error } = await request((base) => ({ url: `${base}/429`, json: true }));
		const original = error as NodeApiError;
		const node = original.node;
		const rewrapped = new NodeApiError(node, original as never, { itemIndex: 3, message: 'x' });
		expect(rewrapped).toBe(original);
		expect(rewrapped.context.itemIndex).toBeUndefined();
		expect(rewrapped.message).toBe('The service is receiving too many requests from you');
	});
});

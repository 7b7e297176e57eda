import { describeFailure, describeUnreadable, itemTag, isWebPage, neverConnected } from '../../nodes/ApolloEnrich/protocol/errorTexts';
import type { CallFailure } from '../../nodes/ApolloEnrich/protocol/rateLimit';

const CALL = { method: 'POST', path: '/api/v1/people/bulk_match', baseUrl: 'https://user:secret@gateway.example/apollo', timeoutMs: 30_000 };
const NOT_RETRYABLE = { reason: 'not_retryable' as const, retries: 0 };
const network = (code: string, reachedApollo = !neverConnected(code)): CallFailure => ({ kind: 'network', code, reachedApollo });
const http = (status: number): CallFailure => ({ kind: 'http', status, headers: {} });

/** The codes n8n-workflow's NodeError (COMMON_ERRORS) looks for in a message, case-insensitively. */
const N8N_COMMON_ERROR_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ERRADDRINUSE', 'EADDRNOTAVAIL', 'ECONNABORTED', 'EHOSTUNREACH', 'EAI_AGAIN', 'ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EEXIST', 'EPERM', 'GETADDRINFO'];

describe('describeFailure', () => {
	const cases: Array<[string, CallFailure, Parameters<typeof describeFailure>[2]]> = [
		['refused', network('ECONNREFUSED'), NOT_RETRYABLE],
		['refused, retried', network('ECONNREFUSED'), { reason: 'retries_exhausted', retries: 3 }],
		['host not found', network('ENOTFOUND'), NOT_RETRYABLE],
		['reset', network('ECONNRESET'), NOT_RETRYABLE],
		['timeout', network('ECONNABORTED'), NOT_RETRYABLE],
		['400', http(400), { ...NOT_RETRYABLE, apolloMessage: 'invalid request' }],
		['401', http(401), { ...NOT_RETRYABLE, apolloMessage: 'Invalid access credentials.' }],
		['403', http(403), { ...NOT_RETRYABLE, apolloMessage: 'not authorized' }],
		['404', http(404), NOT_RETRYABLE],
		['404 web page', http(404), { ...NOT_RETRYABLE, webPage: true }],
		['422', http(422), { ...NOT_RETRYABLE, apolloMessage: 'Unprocessable' }],
		['500', http(500), { ...NOT_RETRYABLE, apolloMessage: 'Internal Server Error' }],
		['429 retried', http(429), { reason: 'retries_exhausted', retries: 3, apolloMessage: 'Too many requests' }],
		['daily limit', http(429), { reason: 'daily_limit_exhausted', retries: 0, apolloMessage: 'Daily limit' }],
	];

	it.each(cases)('%s: a message n8n keeps as it is, and Apollo’s words once', (_name, failure, text) => {
		const { message, description } = describeFailure(failure, CALL, text);
		for (const code of N8N_COMMON_ERROR_CODES) expect(message.toUpperCase()).not.toContain(code);
		if (text.apolloMessage) {
			expect(message).not.toContain(text.apolloMessage);
			expect(description.split(text.apolloMessage)).toHaveLength(2);
		}
		expect(`${message} ${description}`).not.toContain('secret');
	});

	it('tells a call that never left from one Apollo may have billed', () => {
		expect(describeFailure(network('ECONNREFUSED'), CALL, NOT_RETRYABLE)).toEqual({
			message: 'Could not connect to https://gateway.example',
			description:
				"Nothing accepted the connection (ECONNREFUSED). Nothing reached Apollo, so nothing was billed. Check the Base URL in the Apollo Enrich API credential: Apollo's is https://api.apollo.io. Also check that this n8n can reach it (proxy, firewall).",
		});
		expect(describeFailure(network('ENOTFOUND'), CALL, NOT_RETRYABLE).description).toMatch(/^The host name was not found \(ENOTFOUND\)\. Nothing reached Apollo/);
		expect(describeFailure(network('ECONNREFUSED'), CALL, { reason: 'retries_exhausted', retries: 3 }).description).toMatch(/\(ECONNREFUSED\) \(tried 4 times\)\./);
		expect(describeFailure(network('ECONNRESET'), CALL, NOT_RETRYABLE)).toEqual({
			message: 'The connection to Apollo dropped before its answer arrived',
			description:
				'POST /api/v1/people/bulk_match had been sent (ECONNRESET), so Apollo may have done and billed the work; the call was not re-sent. Run the affected items again if needed.',
		});
		expect(describeFailure(network('ECONNABORTED'), CALL, NOT_RETRYABLE).message).toBe('Apollo did not answer within 30 s');
	});

	it('says a web page is not Apollo, for an error status and for a 200', () => {
		expect(describeFailure(http(404), CALL, { ...NOT_RETRYABLE, webPage: true }).message).toBe("The Base URL does not lead to Apollo's API (HTTP 404)");
		expect(describeUnreadable(CALL, 200, true).description).toMatch(/answered 200 with a web page, not Apollo's JSON\. Check the Base URL/);
		expect(describeUnreadable(CALL, 200, false).message).toBe('Apollo sent a response that is not valid JSON');
	});
});

describe('isWebPage', () => {
	it('is true for markup only', () => {
		expect(isWebPage('  <!DOCTYPE html><html></html>')).toBe(true);
		expect(isWebPage('Invalid access credentials.')).toBe(false);
		expect(isWebPage({ error: 'x' })).toBe(false);
	});
});

describe('itemTag', () => {
	it('names one item or a range', () => {
		expect(itemTag([3])).toBe('[item 3]');
		expect(itemTag([3, 3])).toBe('[item 3]');
		expect(itemTag([12, 10, 11, 3])).toBe('[items 3, 10–12]');
	});
});

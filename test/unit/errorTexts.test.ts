import {
	describeHttpFailure,
	describeItemRanges,
	describeStop,
	describeUnsentWait,
} from '../../nodes/ApolloEnrich/protocol/errorTexts';

const http = (status: number) => ({ kind: 'http' as const, status, headers: {} });
const network = (code: string | undefined, reachedApollo: boolean) => ({ kind: 'network' as const, code, reachedApollo });
const bulkMatch = { method: 'POST', path: '/api/v1/people/bulk_match' };

describe('describeStop', () => {
	it('says the daily limit stops the whole run, in Apollo\'s own words first', () => {
		expect(describeStop('daily_limit_exhausted', http(429), 0, 'Daily limit reached')).toEqual({
			message: "Apollo's daily API limit is used up",
			description:
				'Apollo said: "Daily limit reached". Calls work again when Apollo\'s 24-hour window resets. The call was not retried, and no later call was sent in this run.',
		});
	});

	it('gives a too-long wait in whole seconds, rounded up, and the option that allows it', () => {
		const text = describeStop('wait_too_long', http(429), 0, undefined, 30_001);
		expect(text?.message).toBe("Apollo's rate limit resets in 31 s, longer than this node waits");
		expect(text?.description).toMatch(/^Raise Options → Max Rate Limit Wait \(Seconds\).*Nothing was billed/);
	});

	it('names what was still failing after the retries', () => {
		expect(describeStop('retries_exhausted', http(429), 2)?.message).toBe("Apollo's rate limit was still reached after 2 retries");
		expect(describeStop('retries_exhausted', http(503), 3)?.message).toBe('Apollo still answered 503 after 3 retries');
		expect(describeStop('retries_exhausted', network('ECONNREFUSED', false), 1)?.message).toBe(
			'Apollo still could not be reached after 1 retries',
		);
		expect(describeStop('retries_exhausted', http(429), 2)?.description).toMatch(/Rate Limit Retries.*Nothing was billed/);
	});

	it('has no stop text for a plain failure (describeHttpFailure words it)', () => {
		expect(describeStop('not_retryable', http(500), 0)).toBeUndefined();
	});
});

describe('describeUnsentWait', () => {
	it('says the call was held back unsent, so nothing was billed', () => {
		expect(describeUnsentWait(1_500)).toEqual({
			message: "Apollo's rate limit resets in 2 s, longer than this node waits",
			description:
				'Raise Options → Max Rate Limit Wait (Seconds), or run the workflow again later. This call was not sent, so nothing was billed for it.',
		});
	});
});

describe('describeHttpFailure', () => {
	it('tells a connection that never reached Apollo (not billed) from one dropped after sending (maybe billed)', () => {
		expect(describeHttpFailure(network('ECONNREFUSED', false), bulkMatch, undefined)).toBe(
			"Could not connect for POST /api/v1/people/bulk_match (ECONNREFUSED). Nothing reached Apollo, so nothing was billed. Check the credential's Base URL and the network.",
		);
		const dropped = describeHttpFailure(network(undefined, true), bulkMatch, undefined);
		expect(dropped).toMatch(/^The connection failed after POST \/api\/v1\/people\/bulk_match was sent \(no response\)\./);
		expect(dropped).toMatch(/may have done and billed the work, so the call was not re-sent/);
	});

	it.each([
		[400, /^Apollo said: "bad"\. Apollo rejected POST \/api\/v1\/people\/bulk_match\. Check the identifiers/],
		[401, /^Apollo said: "bad"\. Check the API key in the Apollo Enrich API credential\.$/],
		[403, /may not call \/api\/v1\/people\/bulk_match\. Use a master key/],
		[404, /Check the credential's Base URL \(it should be https:\/\/api\.apollo\.io\)/],
		[422, /^Apollo said: "bad"\. Apollo could not process POST \/api\/v1\/people\/bulk_match\.$/],
		[502, /server error \(502\)\. It may still have done and billed the work, so the call was not retried/],
		[418, /^Apollo said: "bad"\. POST \/api\/v1\/people\/bulk_match failed with HTTP 418\.$/],
	])('words HTTP %i with what the user can do', (status, expected) => {
		expect(describeHttpFailure(http(status), bulkMatch, 'bad')).toMatch(expected);
	});

	it('leaves Apollo\'s words out when it sent none', () => {
		expect(describeHttpFailure(http(401), bulkMatch, undefined)).toBe('Check the API key in the Apollo Enrich API credential.');
	});
});

describe('describeItemRanges', () => {
	it('writes runs of items as ranges, in order, once each', () => {
		expect(describeItemRanges([12, 10, 11, 3, 40, 41, 3])).toBe('3, 10–12, 40–41');
		expect(describeItemRanges([])).toBe('');
	});

	it('shortens a long list', () => {
		const every2nd = Array.from({ length: 30 }, (_, index) => index * 2);
		expect(describeItemRanges(every2nd, 3)).toBe('0, 2, 4 and 27 more ranges');
	});
});

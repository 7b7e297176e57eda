import {
	decideRetry,
	isUnsentNetworkError,
	parseRetryAfter,
	readRateLimits,
	type RetryPolicy,
} from '../../nodes/ApolloEnrich/protocol/rateLimit';

const policy: RetryPolicy = { maxRetries: 3, maxWaitMs: 60_000, baseDelayMs: 1_000, random: () => 0.5 };
const NOW = Date.parse('2026-11-26T10:00:00Z');

describe('readRateLimits', () => {
	it('reads all three windows with the 24-hour spelling', () => {
		expect(
			readRateLimits({
				'x-rate-limit-minute': '50',
				'x-minute-usage': '10',
				'x-minute-requests-left': '40',
				'x-rate-limit-hourly': '200',
				'x-hourly-usage': '10',
				'x-hourly-requests-left': '190',
				'x-rate-limit-24-hour': '600',
				'x-24-hour-usage': '10',
				'x-24-hour-requests-left': '590',
			}),
		).toEqual({
			minute: { limit: 50, used: 10, left: 40 },
			hour: { limit: 200, used: 10, left: 190 },
			day: { limit: 600, used: 10, left: 590 },
		});
	});

	it('reads the daily spelling and treats empty headers as no limit', () => {
		const limits = readRateLimits({
			'x-rate-limit-minute': '1000',
			'x-rate-limit-hourly': '',
			'x-rate-limit-daily': '600',
			'x-daily-requests-left': '0',
		});
		expect(limits.hour).toEqual({ limit: null, used: null, left: null });
		expect(limits.day).toEqual({ limit: 600, used: null, left: 0 });
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter({ 'retry-after': '7' }, NOW)).toBe(7_000);
		expect(parseRetryAfter({ 'retry-after': ['2'] }, NOW)).toBe(2_000);
		expect(parseRetryAfter({ 'retry-after': new Date(NOW + 30_000).toUTCString() }, NOW)).toBe(30_000);
		expect(parseRetryAfter({}, NOW)).toBeUndefined();
		expect(parseRetryAfter({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
	});
});

describe('decideRetry', () => {
	const http = (status: number, headers: Record<string, string> = {}) => ({ kind: 'http' as const, status, headers });

	it('waits out retry-after on 429, a little past the reset', () => {
		const decision = decideRetry(http(429, { 'retry-after': '5' }), 0, policy, NOW);
		expect(decision.action).toBe('retry');
		if (decision.action === 'retry') {
			expect(decision.waitMs).toBeGreaterThanOrEqual(5_000);
			expect(decision.waitMs).toBeLessThanOrEqual(6_000);
		}
	});

	it('backs off exponentially, with jitter, without retry-after', () => {
		const waits = [0, 1, 2].map((retries) => {
			const decision = decideRetry(http(429), retries, policy, NOW);
			return decision.action === 'retry' ? decision.waitMs : -1;
		});
		expect(waits).toEqual([750, 1_500, 3_000]);
		const lowJitter = decideRetry(http(503), 0, { ...policy, random: () => 0 }, NOW);
		const highJitter = decideRetry(http(503), 0, { ...policy, random: () => 0.999 }, NOW);
		expect(lowJitter).toEqual({ action: 'retry', waitMs: 500 });
		expect(highJitter).toEqual({ action: 'retry', waitMs: 1_000 });
	});

	it('caps the exponential backoff at the maximum wait', () => {
		const decision = decideRetry(http(503), 10, { ...policy, maxRetries: 20, maxWaitMs: 4_000 }, NOW);
		expect(decision).toEqual({ action: 'retry', waitMs: 4_000 });
	});

	it('stops when the daily window is exhausted, in either spelling', () => {
		expect(decideRetry(http(429, { 'x-24-hour-requests-left': '0', 'retry-after': '1' }), 0, policy, NOW)).toEqual({
			action: 'fail',
			reason: 'daily_limit_exhausted',
		});
		expect(decideRetry(http(429, { 'x-daily-requests-left': '0' }), 0, policy, NOW)).toMatchObject({
			reason: 'daily_limit_exhausted',
		});
	});

	it('stops when the reset is further away than the node may wait', () => {
		expect(decideRetry(http(429, { 'retry-after': '3600' }), 0, policy, NOW)).toMatchObject({
			action: 'fail',
			reason: 'wait_too_long',
		});
	});

	it('stops after the allowed retries', () => {
		expect(decideRetry(http(429, { 'retry-after': '1' }), 3, policy, NOW)).toEqual({
			action: 'fail',
			reason: 'retries_exhausted',
		});
	});

	it.each([400, 401, 403, 404, 422, 500, 502, 504])('never retries %i (may be billed, or will not change)', (status) => {
		expect(decideRetry(http(status), 0, policy, NOW)).toEqual({ action: 'fail', reason: 'not_retryable' });
	});

	it('retries a connection that never reached Apollo, but not one dropped after sending', () => {
		expect(decideRetry({ kind: 'network', code: 'ECONNREFUSED', reachedApollo: false }, 0, policy, NOW).action).toBe('retry');
		expect(decideRetry({ kind: 'network', code: 'ECONNRESET', reachedApollo: true }, 0, policy, NOW)).toEqual({
			action: 'fail',
			reason: 'not_retryable',
		});
		expect(decideRetry({ kind: 'network', code: 'ETIMEDOUT', reachedApollo: true }, 0, policy, NOW).action).toBe('fail');
	});
});

describe('isUnsentNetworkError', () => {
	it('is true only for errors that mean nothing reached a server', () => {
		for (const code of ['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']) expect(isUnsentNetworkError(code)).toBe(true);
		// Sent, or maybe sent: Apollo may have done the work.
		for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', undefined]) expect(isUnsentNetworkError(code)).toBe(false);
	});
});

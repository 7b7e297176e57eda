/**
 * Apollo's rate-limit headers, and the decision whether a failed call is retried.
 *
 * The rule behind every decision: retry only when Apollo cannot have done (and billed) the work.
 * A 429 is rejected by the rate limiter before any enrichment, a 503 means the service turned the
 * request away, and a refused connection never reached Apollo. A 500, 502 or 504, a connection
 * dropped after the request was sent, or a timeout may each hide an enrichment Apollo finished and
 * billed, so those fail instead of being silently sent (and paid for) again.
 */

export type HeaderBag = Record<string, unknown>;

export interface RateLimitWindow {
	limit: number | null;
	used: number | null;
	left: number | null;
}

export interface RateLimitSnapshot {
	minute: RateLimitWindow;
	hour: RateLimitWindow;
	day: RateLimitWindow;
}

function header(headers: HeaderBag, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	const first = Array.isArray(value) ? value[0] : value;
	if (first === undefined || first === null) return undefined;
	const text = String(first).trim();
	return text === '' ? undefined : text;
}

function numberHeader(headers: HeaderBag, ...names: string[]): number | null {
	for (const name of names) {
		const text = header(headers, name);
		if (text === undefined) continue;
		const value = Number(text);
		if (Number.isFinite(value)) return value;
	}
	return null;
}

/** Reads the three windows; the daily one under both spellings Apollo has documented. */
export function readRateLimits(headers: HeaderBag): RateLimitSnapshot {
	return {
		minute: {
			limit: numberHeader(headers, 'x-rate-limit-minute'),
			used: numberHeader(headers, 'x-minute-usage'),
			left: numberHeader(headers, 'x-minute-requests-left'),
		},
		hour: {
			limit: numberHeader(headers, 'x-rate-limit-hourly'),
			used: numberHeader(headers, 'x-hourly-usage'),
			left: numberHeader(headers, 'x-hourly-requests-left'),
		},
		day: {
			limit: numberHeader(headers, 'x-rate-limit-24-hour', 'x-rate-limit-daily'),
			used: numberHeader(headers, 'x-24-hour-usage', 'x-daily-usage'),
			left: numberHeader(headers, 'x-24-hour-requests-left', 'x-daily-requests-left'),
		},
	};
}

/** `retry-after` in milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(headers: HeaderBag, nowMs: number): number | undefined {
	const text = header(headers, 'retry-after');
	if (text === undefined) return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** A wait longer than this is not worth blocking the workflow for; fail instead. */
	maxWaitMs: number;
	/** First backoff step when Apollo gives no `retry-after`. */
	baseDelayMs: number;
	/** Returns [0, 1); injectable so tests are deterministic. */
	random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 5,
	maxWaitMs: 60_000,
	baseDelayMs: 1_000,
	random: Math.random,
};

export type CallFailure =
	| { kind: 'http'; status: number; headers: HeaderBag }
	/** `code` is the socket error code; `reachedApollo` is false only when nothing was sent. */
	| { kind: 'network'; code: string | undefined; reachedApollo: boolean };

export type FailureReason =
	| 'daily_limit_exhausted'
	| 'wait_too_long'
	| 'retries_exhausted'
	| 'not_retryable';

export type RetryDecision =
	| { action: 'retry'; waitMs: number }
	| { action: 'fail'; reason: FailureReason; waitMs?: number };

/** Connection errors that mean the request never left this machine or never reached a server. */
const UNSENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function isUnsentNetworkError(code: string | undefined): boolean {
	return code !== undefined && UNSENT_NETWORK_CODES.has(code);
}

function backoffMs(retriesSoFar: number, policy: RetryPolicy): number {
	const exponential = policy.baseDelayMs * 2 ** retriesSoFar;
	// Full jitter on the upper half keeps parallel workflows from retrying in lockstep.
	const jittered = Math.round(exponential / 2 + (exponential / 2) * policy.random());
	return Math.min(jittered, policy.maxWaitMs);
}

function withJitter(waitMs: number, policy: RetryPolicy): number {
	// A little extra past `retry-after` so we land after the window reset, not on its edge.
	return Math.round(waitMs + Math.min(1_000, waitMs * 0.1 + 50) * policy.random());
}

export function decideRetry(
	failure: CallFailure,
	retriesSoFar: number,
	policy: RetryPolicy,
	nowMs: number,
): RetryDecision {
	let waitMs: number;
	if (failure.kind === 'network') {
		if (!failure.reachedApollo && isUnsentNetworkError(failure.code)) {
			waitMs = backoffMs(retriesSoFar, policy);
		} else {
			return { action: 'fail', reason: 'not_retryable' };
		}
	} else if (failure.status === 429) {
		const limits = readRateLimits(failure.headers);
		if (limits.day.left !== null && limits.day.left <= 0) {
			return { action: 'fail', reason: 'daily_limit_exhausted' };
		}
		const retryAfter = parseRetryAfter(failure.headers, nowMs);
		waitMs = retryAfter !== undefined ? withJitter(retryAfter, policy) : backoffMs(retriesSoFar, policy);
	} else if (failure.status === 503) {
		const retryAfter = parseRetryAfter(failure.headers, nowMs);
		waitMs = retryAfter !== undefined ? withJitter(retryAfter, policy) : backoffMs(retriesSoFar, policy);
	} else {
		return { action: 'fail', reason: 'not_retryable' };
	}
	if (retriesSoFar >= policy.maxRetries) return { action: 'fail', reason: 'retries_exhausted' };
	if (waitMs > policy.maxWaitMs) return { action: 'fail', reason: 'wait_too_long', waitMs };
	return { action: 'retry', waitMs };
}

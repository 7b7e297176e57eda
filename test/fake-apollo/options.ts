// Defaults and option merging. The defaults describe a paid Apollo plan: enrichment limited to
// 1,000 calls a minute and no hourly or daily cap, answered instantly.

import { DEFAULT_PEOPLE } from './directory';
import type { FakeApolloOptions, ResolvedFakeApolloOptions } from './types';

export const DEFAULT_API_KEY = 'test-api-key';

export function defaultOptions(): ResolvedFakeApolloOptions {
	return {
		port: 0,
		apiKeys: [DEFAULT_API_KEY],
		seed: 1,
		latencyMs: 0,
		jitterMs: 0,
		rateLimits: { minute: { limit: 1000 } },
		dailyHeaderSpelling: '24-hour',
		retryAfterHeader: true,
		webhook: { delayMs: 50, repeats: 2, repeatDelayMs: 20, concurrentRepeats: false, pollRetryAfterSeconds: 10, deliverAfterPolls: 0 },
		waterfallConfigured: true,
		authHealthInvalidKey: 'is_logged_in_false',
		skipConcurrentPhoneReveals: false,
		orgBulkResponse: 'compact',
		pollOnly: 'accepted',
	};
}

/**
 * Merges `partial` over `base`. Top-level keys are replaced whole (so `rateLimits: {}` removes
 * every limit), except `webhook`, which merges field by field. Keys explicitly set to undefined
 * are ignored rather than wiping a default.
 */
export function mergeOptions(
	base: ResolvedFakeApolloOptions,
	partial: FakeApolloOptions,
): ResolvedFakeApolloOptions {
	const { webhook, ...rest } = partial;
	const merged: ResolvedFakeApolloOptions = {
		...base,
		...definedOnly(rest),
		webhook: { ...base.webhook, ...definedOnly(webhook ?? {}) },
	};
	if (merged.apiKeys.length === 0) throw new Error('fake-apollo needs at least one API key');
	return merged;
}

function definedOnly<T extends object>(value: T): Partial<T> {
	// Object.entries loses the key types, hence the cast back.
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A private deep copy of the people, so one server's edits never leak into another's. */
export function initialPeople(options: FakeApolloOptions) {
	return structuredClone(options.people ?? [...DEFAULT_PEOPLE]);
}

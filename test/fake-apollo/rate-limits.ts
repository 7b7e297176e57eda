// Apollo's rate limiter as documented: per route, three fixed windows (minute, hour, day) that
// each start with the first request made in them; a request is admitted only if every window
// has room, and a rejected (429) request does not count as usage.

import type {
	LimitedRoute,
	RateLimitConfig,
	ResolvedFakeApolloOptions,
	WindowLimit,
} from './types';

export type WindowName = 'minute' | 'hour' | 'day';

const WINDOWS: WindowName[] = ['minute', 'hour', 'day'];

const DEFAULT_WINDOW_MS: Record<WindowName, number> = {
	minute: 60_000,
	hour: 3_600_000,
	day: 86_400_000,
};

/** Apollo's scope names, also used in 403 and 429 messages and as usage_stats keys. */
export const ROUTE_SCOPES: Record<LimitedRoute, string> = {
	api_profile: 'api/v1/users/api_profile',
	match: 'api/v1/people/match',
	bulk_match: 'api/v1/people/bulk_match',
	webhook_result: 'api/v1/webhook_result/show',
	usage_stats: 'api/v1/usage_stats/api_usage_stats',
	org_enrich: 'api/v1/organizations/enrich',
	org_bulk_enrich: 'api/v1/organizations/bulk_enrich',
	people_search: 'api/v1/mixed_people/api_search',
};

/**
 * Apollo's documented search limits on paid plans (per team and endpoint): 200 a minute, 6,000 an
 * hour, 50,000 a day. Not the fake's default; pass it in `rateLimitsByRoute.people_search`.
 */
export const PAID_SEARCH_LIMITS: RateLimitConfig = {
	minute: { limit: 200 },
	hour: { limit: 6_000 },
	day: { limit: 50_000 },
};

interface WindowState {
	start: number | null;
	count: number;
}

export interface LimitDecision {
	allowed: boolean;
	headers: Record<string, string>;
	/** Set when rejected. */
	retryAfterSeconds?: number;
	message?: string;
}

export interface WindowUsage {
	limit: number | null;
	consumed: number;
	left_over: number | null;
}

export class RateLimiter {
	private readonly state = new Map<LimitedRoute, Record<WindowName, WindowState>>();

	constructor(private readonly getOptions: () => ResolvedFakeApolloOptions) {}

	reset(): void {
		this.state.clear();
	}

	/** Checks every window and, when all have room, counts the request in each of them. */
	admit(route: LimitedRoute, now: number): LimitDecision {
		const windows = this.windowsFor(route, now);
		const config = this.configFor(route);
		let blocking: { name: WindowName; limit: number; waitMs: number } | undefined;
		for (const name of WINDOWS) {
			const limit = config[name];
			const state = windows[name];
			if (limit === undefined || state.count < limit.limit) continue;
			// A window that has never started cannot be full, so start is set here.
			const waitMs = Math.max(0, (state.start ?? now) + windowMs(name, limit) - now);
			// Report the window that keeps the caller out the longest: only then can it pass.
			if (!blocking || waitMs > blocking.waitMs) blocking = { name, limit: limit.limit, waitMs };
		}
		if (blocking) {
			return {
				allowed: false,
				headers: this.headers(route, windows),
				retryAfterSeconds: Math.ceil(blocking.waitMs / 1000),
				message:
					`The maximum number of api calls allowed for ${ROUTE_SCOPES[route]} is ` +
					`${blocking.limit} times per ${blocking.name}. Please upgrade your plan from ` +
					'https://app.apollo.io/#/settings/plans/upgrade.',
			};
		}
		for (const name of WINDOWS) {
			const state = windows[name];
			if (state.start === null) state.start = now;
			state.count += 1;
		}
		return { allowed: true, headers: this.headers(route, windows) };
	}

	/** Usage per window for the usage_stats endpoint. */
	usage(route: LimitedRoute, now: number): Record<WindowName, WindowUsage> {
		const windows = this.windowsFor(route, now);
		const config = this.configFor(route);
		const entry = (name: WindowName): WindowUsage => {
			const limit = config[name]?.limit;
			const consumed = windows[name].count;
			return limit === undefined
				? { limit: null, consumed, left_over: null }
				: { limit, consumed, left_over: Math.max(0, limit - consumed) };
		};
		return { day: entry('day'), hour: entry('hour'), minute: entry('minute') };
	}

	private configFor(route: LimitedRoute): RateLimitConfig {
		const options = this.getOptions();
		return options.rateLimitsByRoute?.[route] ?? options.rateLimits;
	}

	/** The route's windows; any that have run out restart lazily, on the next request. */
	private windowsFor(route: LimitedRoute, now: number): Record<WindowName, WindowState> {
		let windows = this.state.get(route);
		if (!windows) {
			windows = {
				minute: { start: null, count: 0 },
				hour: { start: null, count: 0 },
				day: { start: null, count: 0 },
			};
			this.state.set(route, windows);
		}
		const config = this.configFor(route);
		for (const name of WINDOWS) {
			const state = windows[name];
			if (state.start !== null && now >= state.start + windowMs(name, config[name])) {
				state.start = null;
				state.count = 0;
			}
		}
		return windows;
	}

	private headers(
		route: LimitedRoute,
		windows: Record<WindowName, WindowState>,
	): Record<string, string> {
		const config = this.configFor(route);
		const daily = this.getOptions().dailyHeaderSpelling === 'daily' ? 'daily' : '24-hour';
		const spellings: Record<WindowName, string> = { minute: 'minute', hour: 'hourly', day: daily };
		const headers: Record<string, string> = {};
		for (const name of WINDOWS) {
			const label = spellings[name];
			const limit = config[name];
			// An unlimited window still announces itself, with an empty value and no usage headers.
			headers[`x-rate-limit-${label}`] = limit === undefined ? '' : String(limit.limit);
			if (limit === undefined) continue;
			const used = windows[name].count;
			headers[`x-${label}-usage`] = String(used);
			headers[`x-${label}-requests-left`] = String(Math.max(0, limit.limit - used));
		}
		return headers;
	}
}

function windowMs(name: WindowName, limit: WindowLimit | undefined): number {
	return limit?.windowMs ?? DEFAULT_WINDOW_MS[name];
}

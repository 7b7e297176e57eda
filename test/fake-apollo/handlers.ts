// Endpoint logic, free of HTTP plumbing: each handler takes the merged parameters and returns a
// status and a body. Auth, scopes, rate limits and faults have been dealt with by the server.
// The two enrichment endpoints live in enrichment.ts.

import { parseInt64 } from './int64-json';
import type { Params } from './matching';
import { ROUTE_SCOPES, type RateLimiter } from './rate-limits';
import type { FakePerson, LimitedRoute, LoggedRequest, ResolvedFakeApolloOptions } from './types';
import type { WebhookCenter } from './webhooks';

export { handleBulkMatch, handleMatch } from './enrichment';
export { handleOrgBulkEnrich, handleOrgEnrich } from './organizations';
export { handlePeopleSearch } from './search';

export interface Reply {
	status: number;
	body: unknown;
	/** Defaults to JSON. */
	text?: boolean;
	headers?: Record<string, string>;
}

export interface HandlerContext {
	params: Params;
	/** The raw query, for repeated keys such as `domains[]` that `params` keeps only once. */
	searchParams: URLSearchParams;
	entry: LoggedRequest;
	options: ResolvedFakeApolloOptions;
	people: FakePerson[];
	webhooks: WebhookCenter;
	limiter: RateLimiter;
	nextRequestId: () => string;
	now: number;
}

export function handleWebhookResult(ctx: HandlerContext, rawId: string): Reply {
	let decoded = rawId;
	try {
		decoded = decodeURIComponent(rawId);
	} catch {
		// Keep the raw text: it will fail the int64 check below.
	}
	const parsed = parseInt64(decoded);
	if (parsed === undefined) return { status: 400, body: { error_code: 'invalid_request_id' } };
	const id = parsed.toString();
	ctx.entry.requestId = id;
	if (ctx.webhooks.isExpired(id)) {
		return { status: 410, body: { error_code: 'request_id_expired' } };
	}
	const stored = ctx.webhooks.lookup(id);
	if (!stored) return { status: 404, body: { error_code: 'request_id_unknown' } };
	if (!stored.delivered) {
		ctx.webhooks.notePoll(id);
		const retryAfter = ctx.options.webhook.pollRetryAfterSeconds;
		return { status: 404, body: { error_code: 'result_pending', retry_after_seconds: retryAfter } };
	}
	if (stored.pollOnly) {
		// Not documented: a poll-only result has no dispatch, so the fake reports it as a success
		// that was never dispatched.
		return {
			status: 200,
			body: {
				request_id: id,
				webhook_status: 'success',
				request_type: stored.requestType,
				last_dispatched_at: null,
				failure_reason: null,
				webhook_result: stored.payload ?? null,
			},
		};
	}
	return {
		status: 200,
		body: {
			request_id: id,
			webhook_status: stored.anySuccess ? 'success' : 'failed',
			request_type: stored.requestType,
			last_dispatched_at: stored.lastDispatchedAt,
			failure_reason: stored.anySuccess ? null : stored.failureReason,
			webhook_result: stored.payload ?? null,
		},
	};
}

export function handleUsageStats(ctx: HandlerContext): Reply {
	const body: Record<string, unknown> = {};
	for (const route of Object.keys(ROUTE_SCOPES) as LimitedRoute[]) {
		const scope = ROUTE_SCOPES[route];
		const cut = scope.lastIndexOf('/');
		// Apollo's keys are Python-style tuple reprs: ["api/v1/people", "match"] with a space.
		const key = `["${scope.slice(0, cut)}", "${scope.slice(cut + 1)}"]`;
		body[key] = ctx.limiter.usage(route, ctx.now);
	}
	return { status: 200, body };
}

export function handleApiProfile(): Reply {
	return {
		status: 200,
		body: {
			id: '64f0c0ffee0000000000a001',
			team_id: '64f0c0ffee0000000000b001',
			first_name: 'Fake',
			last_name: 'Operator',
			title: 'Revenue Operations',
			email: 'operator@fake-apollo.example',
		},
	};
}

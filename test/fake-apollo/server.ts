// The HTTP side of the fake: routing, the request log, latency, faults, auth, key scopes and
// rate limits, in that order. Faults sit in front of auth on purpose: they imitate a gateway or
// load balancer failing, which happens before Apollo's application ever sees the key.

import {
	createServer,
	STATUS_CODES,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { describeFault, FaultQueue } from './faults';
import * as handlers from './handlers';
import { parseInt64 } from './int64-json';
import { defaultOptions, initialPeople, mergeOptions } from './options';
import { Prng, RequestIdGenerator } from './random';
import { RateLimiter, ROUTE_SCOPES } from './rate-limits';
import {
	firstHeader,
	INVALID_KEY_TEXT,
	INVALID_TOKEN_TEXT,
	parseBody,
	readBody,
	redacted,
	resolveRoute,
	sendInternalError,
	sendReply,
	TRUNCATED_BODIES,
} from './routing';
import { TimerSet } from './timers';
import type {
	FakeApollo,
	FakeApolloOptions,
	FakePerson,
	FaultSpec,
	LimitedRoute,
	LoggedRequest,
	ResolvedFakeApolloOptions,
	WebhookDeliveryLog,
} from './types';
import { WebhookCenter } from './webhooks';

interface Waiter {
	check: () => void;
	cancel: () => void;
}

export class FakeApolloServer implements FakeApollo {
	url = '';
	readonly requestLog: LoggedRequest[] = [];
	readonly deliveries: WebhookDeliveryLog[] = [];
	readonly directory: FakePerson[];
	private options: ResolvedFakeApolloOptions;
	private readonly server: Server;
	private readonly timers = new TimerSet();
	private readonly faults = new FaultQueue();
	private readonly limiter: RateLimiter;
	private readonly webhooks: WebhookCenter;
	private readonly ids: RequestIdGenerator;
	private readonly jitter: Prng;
	private waiters: Waiter[] = [];
	private seq = 0;
	private closing?: Promise<void>;

	constructor(init: FakeApolloOptions = {}) {
		this.options = mergeOptions(defaultOptions(), init);
		this.directory = initialPeople(init);
		this.ids = new RequestIdGenerator(this.options.seed);
		// A separate stream, so turning jitter on does not change the request ids.
		this.jitter = new Prng(this.options.seed ^ 0x5bd1e995);
		this.limiter = new RateLimiter(() => this.options);
		this.webhooks = new WebhookCenter(this.timers, this.deliveries, () => this.notifyWaiters());
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((error: unknown) => sendInternalError(res, error));
		});
	}

	get apiKey(): string {
		return this.options.apiKeys[0];
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const { port } = this.server.address() as AddressInfo;
		this.url = `http://127.0.0.1:${port}`;
	}

	injectFaults(faults: FaultSpec[]): void {
		this.faults.add(faults);
	}

	/** Faults still queued; handy to assert that a fault was consumed. */
	get pendingFaults(): number {
		return this.faults.pending;
	}

	configure(partial: FakeApolloOptions): void {
		// port and seed only matter at start; the people list is replaced in place so that
		// references to `directory` stay valid.
		this.options = mergeOptions(this.options, partial);
		if (partial.people) {
			this.directory.splice(0, this.directory.length, ...structuredClone(partial.people));
		}
	}

	/** Every credit charged since the log was last cleared: synchronous matches plus async finds. */
	creditsCharged(): number {
		const sync = this.requestLog.reduce((sum, entry) => sum + (entry.credits ?? 0), 0);
		return sync + this.webhooks.asyncCredits();
	}

	resetWindows(): void {
		this.limiter.reset();
	}

	clearLog(): void {
		this.requestLog.length = 0;
		this.deliveries.length = 0;
		this.webhooks.forgetCharges();
	}

	expireRequest(requestId: string): void {
		this.webhooks.expire(parseInt64(requestId.trim())?.toString() ?? requestId);
	}

	waitForDeliveries(count: number, timeoutMs = 5_000): Promise<void> {
		if (this.deliveries.length >= count) return Promise.resolve();
		if (this.closing) return Promise.reject(new Error('fake-apollo is closed'));
		return new Promise((resolve, reject) => {
			const settle = (error?: Error): void => {
				clearTimeout(timer);
				this.waiters = this.waiters.filter((w) => w !== waiter);
				if (error) reject(error);
				else resolve();
			};
			const timer = setTimeout(() => {
				const got = this.deliveries.length;
				settle(new Error(`Timed out waiting for ${count} webhook deliveries (got ${got})`));
			}, timeoutMs);
			const waiter: Waiter = {
				check: () => {
					if (this.deliveries.length >= count) settle();
				},
				cancel: () => settle(new Error('fake-apollo was closed while waiting for deliveries')),
			};
			this.waiters.push(waiter);
		});
	}

	close(): Promise<void> {
		this.closing ??= (async () => {
			this.timers.clearAll();
			for (const waiter of [...this.waiters]) waiter.cancel();
			await this.webhooks.close();
			await new Promise<void>((resolve) => {
				this.server.close(() => resolve());
				this.server.closeAllConnections();
			});
		})();
		return this.closing;
	}

	private notifyWaiters(): void {
		for (const waiter of [...this.waiters]) waiter.check();
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const receivedAt = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const { route, param } = resolveRoute(method, url.pathname);
		const rawBody = await readBody(req);
		const query = Object.fromEntries(url.searchParams);
		const { body, ok: bodyParsed } = parseBody(rawBody, req.headers['content-type']);
		const apiKey = firstHeader(req.headers['x-api-key']);
		const keyValid = apiKey !== undefined && this.options.apiKeys.includes(apiKey);
		const entry: LoggedRequest = {
			seq: ++this.seq,
			method,
			path: url.pathname,
			route,
			query: redacted(query),
			body: redacted(body),
			apiKeyValid: keyValid,
			status: 0,
			receivedAt,
		};
		this.requestLog.push(entry);

		const { latencyMs, jitterMs } = this.options;
		const jitter = jitterMs > 0 ? Math.floor(this.jitter.next() * (jitterMs + 1)) : 0;
		await this.timers.sleep(latencyMs + jitter);
		if (route === 'unknown') {
			return sendReply(res, entry, { status: 404, body: { error: 'Not found' } });
		}

		const fault = this.faults.take(route);
		if (fault) {
			entry.fault = describeFault(fault);
			if (fault.kind === 'drop') {
				entry.respondedAt = Date.now();
				req.socket.destroy();
				return;
			}
			if (fault.kind === 'invalidJson') {
				const text = TRUNCATED_BODIES[route] ?? '{"status":"succ';
				const reply = { status: 200, body: text, text: true };
				return sendReply(res, entry, reply, 'application/json; charset=utf-8');
			}
			if (fault.kind === 'status') {
				const status = fault.status ?? 500;
				const faultBody = fault.body ?? { error: STATUS_CODES[status] ?? 'Internal Server Error' };
				return sendReply(res, entry, { status, body: faultBody, headers: fault.headers });
			}
			await this.timers.sleep(fault.delayMs ?? 0);
		}

		if (!keyValid) {
			if (route === 'auth_health' && this.options.authHealthInvalidKey === 'is_logged_in_false') {
				return sendReply(res, entry, { status: 200, body: { healthy: true, is_logged_in: false } });
			}
			const bearer = apiKey === undefined && /^bearer\s/i.test(req.headers.authorization ?? '');
			const text = bearer ? INVALID_TOKEN_TEXT : INVALID_KEY_TEXT;
			return sendReply(res, entry, { status: 401, body: text, text: true });
		}
		if (route === 'auth_health') {
			return sendReply(res, entry, { status: 200, body: { healthy: true, is_logged_in: true } });
		}
		const limited: LimitedRoute = route;
		const scopes = this.options.keyScopes?.[apiKey ?? ''];
		const scope = ROUTE_SCOPES[limited];
		if (scopes && !scopes.some((s) => s.replace(/^\//, '') === scope)) {
			return sendReply(res, entry, {
				status: 403,
				body: {
					error:
						`This API key is not authorized to access ${scope}. Request an API key from your ` +
						'administrator that includes this endpoint in its configured scope.',
					error_code: 'API_INACCESSIBLE',
				},
			});
		}

		const now = Date.now();
		const decision = this.limiter.admit(limited, now);
		if (!decision.allowed) {
			const headers = { ...decision.headers };
			if (this.options.retryAfterHeader) {
				headers['retry-after'] = String(decision.retryAfterSeconds ?? 0);
			}
			return sendReply(res, entry, { status: 429, body: { message: decision.message }, headers });
		}
		if (!bodyParsed) {
			const error = 'Error occurred while parsing request parameters';
			return sendReply(res, entry, { status: 400, body: { error }, headers: decision.headers });
		}
		const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
		const bodyParams = isObject ? (body as Record<string, unknown>) : {};
		const ctx: handlers.HandlerContext = {
			// Rails merges query and body parameters; the body wins on conflict.
			params: { ...query, ...bodyParams },
			searchParams: url.searchParams,
			entry,
			options: this.options,
			people: this.directory,
			webhooks: this.webhooks,
			limiter: this.limiter,
			nextRequestId: () => this.ids.next(),
			now,
		};
		const reply = this.dispatch(limited, ctx, param ?? '');
		return sendReply(res, entry, { ...reply, headers: { ...decision.headers, ...reply.headers } });
	}

	private dispatch(
		route: LimitedRoute,
		ctx: handlers.HandlerContext,
		param: string,
	): handlers.Reply {
		switch (route) {
			case 'match':
				return handlers.handleMatch(ctx);
			case 'bulk_match':
				return handlers.handleBulkMatch(ctx);
			case 'webhook_result':
				return handlers.handleWebhookResult(ctx, param);
			case 'usage_stats':
				return handlers.handleUsageStats(ctx);
			case 'api_profile':
				return handlers.handleApiProfile();
			case 'org_enrich':
				return handlers.handleOrgEnrich(ctx);
			case 'org_bulk_enrich':
				return handlers.handleOrgBulkEnrich(ctx);
			case 'people_search':
				return handlers.handlePeopleSearch(ctx);
		}
	}
}

export async function startFakeApollo(options: FakeApolloOptions = {}): Promise<FakeApolloServer> {
	const fake = new FakeApolloServer(options);
	await fake.listen();
	return fake;
}

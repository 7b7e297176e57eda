// Time- and side-effect-driven behaviour of the fake: rate limits, webhook deliveries, polling,
// fault injection and key scopes. No test asserts a duration; waits are bounded safety nets.

import { closedAfterEach } from '../support/lifecycle';
import { startFakeApollo, type FakeApollo, type FakePerson } from './index';
import { call, eventually, rawRequestId, startReceiver, type Receiver } from './test-helpers';

const MATCH = '/api/v1/people/match';
const BULK = '/api/v1/people/bulk_match';
const POLL = '/api/v1/webhook_result/';

type Json = Record<string, unknown>;

let receiver: Receiver;

/** A fake of its own for one test, closed after it. */
const fresh = closedAfterEach(startFakeApollo);

beforeAll(async () => {
	receiver = await startReceiver();
});
afterEach(async () => {
	receiver.received.length = 0;
	receiver.status = 200;
});
afterAll(async () => {
	await receiver.close();
});

function withMobile(fake: FakeApollo, index = 0): FakePerson {
	return fake.directory.filter((p) => p.mobile_phone !== null)[index];
}

function phoneReveal(fake: FakeApollo, url = receiver.url, p = withMobile(fake)) {
	return call(fake, 'POST', MATCH, {
		body: { email: p.email, reveal_phone_number: true, webhook_url: url },
	});
}

describe('rate limits', () => {
	it('sends minute headers and empty unlimited-window headers by default', async () => {
		const fake = await fresh();
		const res = await call(fake, 'POST', MATCH, { body: {} });
		expect(res.headers).toEqual(
			expect.objectContaining({
				'x-rate-limit-minute': '1000',
				'x-minute-usage': '1',
				'x-minute-requests-left': '999',
				'x-rate-limit-hourly': '',
				'x-rate-limit-24-hour': '',
			}),
		);
		expect(res.headers).not.toHaveProperty('x-hourly-usage');
		expect(res.headers).not.toHaveProperty('x-24-hour-usage');
		const health = await call(fake, 'GET', '/api/v1/auth/health');
		expect(health.headers).not.toHaveProperty('x-rate-limit-minute');
	});

	it('answers 429 + retry-after when a scaled window is full, then recovers', async () => {
		// A scaled window: wide enough that a slow machine still sees 3 calls fall into it.
		const fake = await fresh({ rateLimits: { minute: { limit: 2, windowMs: 1_000 } } });
		const first = await call(fake, 'POST', MATCH, { body: {} });
		const second = await call(fake, 'POST', MATCH, { body: {} });
		expect(first.headers['x-minute-usage']).toBe('1');
		expect(second.headers['x-minute-requests-left']).toBe('0');
		const limited = await call(fake, 'POST', MATCH, { body: {} });
		expect(limited.status).toBe(429);
		expect(limited.json()).toEqual({
			message:
				'The maximum number of api calls allowed for api/v1/people/match is 2 times per minute. ' +
				'Please upgrade your plan from https://app.apollo.io/#/settings/plans/upgrade.',
		});
		expect(limited.headers['retry-after']).toMatch(/^[01]$/);
		expect(limited.headers['x-minute-usage']).toBe('2');
		// Each route has its own windows.
		expect((await call(fake, 'POST', BULK, { body: { details: [{}] } })).status).toBe(200);
		expect(fake.requestLog.map((r) => r.status)).toEqual([200, 200, 429, 200]);
		expect(fake.requestLog[2].credits).toBeUndefined();
		await eventually(async () => (await call(fake, 'POST', MATCH, { body: {} })).status === 200);
		fake.resetWindows();
		const afterReset = await call(fake, 'POST', MATCH, { body: {} });
		expect(afterReset.headers['x-minute-usage']).toBe('1');
	});

	it('supports both daily header spellings and can omit retry-after', async () => {
		const day = { limit: 1, windowMs: 60_000 };
		const hyphen = await fresh({ rateLimits: { day } });
		const res = await call(hyphen, 'POST', MATCH, { body: {} });
		expect(res.headers).toEqual(
			expect.objectContaining({
				'x-rate-limit-24-hour': '1',
				'x-24-hour-usage': '1',
				'x-24-hour-requests-left': '0',
				'x-rate-limit-minute': '',
			}),
		);
		const blocked = await call(hyphen, 'POST', MATCH, { body: {} });
		expect(blocked.status).toBe(429);
		expect(blocked.json<{ message: string }>().message).toContain('is 1 times per day.');
		expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(1);
		const daily = await fresh({
			rateLimits: { day },
			dailyHeaderSpelling: 'daily',
			retryAfterHeader: false,
		});
		const ok = await call(daily, 'POST', MATCH, { body: {} });
		expect(ok.headers).toEqual(
			expect.objectContaining({
				'x-rate-limit-daily': '1',
				'x-daily-usage': '1',
				'x-daily-requests-left': '0',
			}),
		);
		expect(ok.headers).not.toHaveProperty('x-rate-limit-24-hour');
		const noRetry = await call(daily, 'POST', MATCH, { body: {} });
		expect(noRetry.status).toBe(429);
		expect(noRetry.headers).not.toHaveProperty('retry-after');
	});
});

describe('webhooks and polling', () => {
	it('delivers a phone reveal 1 + repeats times and serves it from the poll endpoint', async () => {
		const fake = await fresh({ webhook: { delayMs: 5, repeats: 2, repeatDelayMs: 5 } });
		const p = withMobile(fake);
		const res = await call(fake, 'POST', MATCH, {
			query: { reveal_phone_number: 'true', webhook_url: receiver.url },
			body: { email: p.email },
		});
		const id = rawRequestId(res.text);
		expect(res.json<{ phone_enrichment: Json }>().phone_enrichment).toEqual({
			status: 'pending',
			request_id: id,
			message: expect.stringContaining('webhook_result'),
		});
		await fake.waitForDeliveries(3);
		expect(fake.deliveries.map((d) => [d.requestId, d.attempt, d.status])).toEqual([
			[id, 1, 200],
			[id, 2, 200],
			[id, 3, 200],
		]);
		expect(receiver.received).toHaveLength(3);
		expect(new Set(receiver.received.map((r) => r.text)).size).toBe(1);
		expect(receiver.received[0].headers['content-type']).toBe('application/json');
		expect(receiver.received[0].path).toBe('/hook?token=secret');
		type PhonePayload = Json & { people: { id: string; phone_numbers: Json[] }[] };
		const payload = JSON.parse(receiver.received[0].text) as PhonePayload;
		expect(payload).toEqual(
			expect.objectContaining({
				status: 'success',
				unique_enriched_records: 1,
				missing_records: 0,
			}),
		);
		expect(payload.people[0].id).toBe(p.id);
		expect(payload.people[0].phone_numbers[0]).toEqual(
			expect.objectContaining({
				sanitized_number: p.mobile_phone?.sanitized_number,
				type_cd: 'mobile',
				status_cd: 'valid_number',
			}),
		);
		const poll = await call(fake, 'GET', POLL + id);
		expect(poll.status).toBe(200);
		expect(poll.json()).toEqual({
			request_id: id,
			webhook_status: 'success',
			request_type: 'phone',
			last_dispatched_at: expect.any(String),
			failure_reason: null,
			webhook_result: payload,
		});
	});

	it('reports pending, then every terminal poll code', async () => {
		const fake = await fresh({ webhook: { delayMs: 600_000 } });
		const res = await phoneReveal(fake);
		const id = rawRequestId(res.text);
		const pending = await call(fake, 'GET', POLL + id);
		expect(pending.status).toBe(404);
		expect(pending.json()).toEqual({ error_code: 'result_pending', retry_after_seconds: 10 });
		const rounded = String(JSON.parse(res.text).request_id as number);
		const cases: [string, number, string][] = [
			['not-a-number', 400, 'invalid_request_id'],
			['99999999999999999999', 400, 'invalid_request_id'],
			[rounded, 404, 'request_id_unknown'],
		];
		for (const [rid, status, code] of cases) {
			const r = await call(fake, 'GET', POLL + encodeURIComponent(rid));
			expect([r.status, r.json()]).toEqual([status, { error_code: code }]);
		}
		fake.expireRequest(id);
		const gone = await call(fake, 'GET', POLL + id);
		expect([gone.status, gone.json()]).toEqual([410, { error_code: 'request_id_expired' }]);
	});

	it('can hold a delivery until its result has been polled (deliverAfterPolls)', async () => {
		const fake = await fresh({ webhook: { delayMs: 0, repeats: 0, deliverAfterPolls: 2 } });
		const id = rawRequestId((await phoneReveal(fake)).text);
		expect((await call(fake, 'GET', POLL + id)).status).toBe(404);
		// Held: only the first poll has happened, so nothing went out.
		expect(fake.deliveries).toHaveLength(0);
		expect((await call(fake, 'GET', POLL + id)).status).toBe(404);
		await fake.waitForDeliveries(1, 5_000);
		expect((await call(fake, 'GET', POLL + id)).status).toBe(200);
	});

	it('runs a bulk waterfall: no counts, no emails, stub misses, waterfall payload', async () => {
		const fake = await fresh({ webhook: { delayMs: 5, repeats: 1, concurrentRepeats: true } });
		const p = withMobile(fake, 3);
		const res = await call(fake, 'POST', BULK, {
			query: {
				run_waterfall_email: 'true',
				run_waterfall_phone: 'true',
				webhook_url: receiver.url,
			},
			body: { details: [{ email: p.email }, { email: `ghost@${p.organization.primary_domain}` }] },
		});
		const id = rawRequestId(res.text);
		const body = res.json<Json & { matches: Json[] }>();
		const absent = ['unique_enriched_records', 'missing_records', 'credits_consumed'];
		for (const key of [...absent, 'phone_enrichment']) expect(body).not.toHaveProperty(key);
		expect(body.waterfall).toEqual({ status: 'accepted', message: expect.any(String) });
		expect(body.matches[0].id).toBe(p.id);
		expect(body.matches[0]).not.toHaveProperty('email');
		expect(body.matches[1]).toEqual({
			name: '',
			match_confidence: 'none',
			organization: p.organization,
		});
		await fake.waitForDeliveries(2);
		type WaterfallPayload = Json & {
			people: { id: string; emails: { email: string }[]; phone_numbers: unknown[] }[];
		};
		const payload = JSON.parse(receiver.received[0].text) as WaterfallPayload;
		expect(payload).toEqual(
			expect.objectContaining({
				request_id: id,
				total_requested_enrichments: 2,
				target_fields: ['emails', 'phone_numbers'],
			}),
		);
		expect(payload.people[0].emails[0].email).toBe(p.email);
		expect(payload.people[0].phone_numbers).toHaveLength(1);
		const poll = await call(fake, 'GET', POLL + id);
		expect(poll.json<{ request_type: string }>().request_type).toBe('waterfall');
	});

	it('sends no webhook when no waterfall is configured, or when nobody matched', async () => {
		const fake = await fresh({ waterfallConfigured: false });
		const res = await call(fake, 'POST', MATCH, {
			body: { email: withMobile(fake).email, run_waterfall_email: true, webhook_url: receiver.url },
		});
		expect(res.json<{ waterfall: unknown }>().waterfall).toEqual({
			status: 'failed',
			message: 'No waterfall template is configured for your team',
		});
		const miss = await call(fake, 'POST', MATCH, {
			body: {
				email: 'ghost@nowhere.example',
				reveal_phone_number: true,
				webhook_url: receiver.url,
			},
		});
		expect(miss.json()).not.toHaveProperty('phone_enrichment');
		for (const text of [res.text, miss.text]) {
			const poll = await call(fake, 'GET', POLL + rawRequestId(text));
			expect(poll.json()).toEqual({ error_code: 'request_id_unknown' });
		}
	});

	it('survives failing receivers and reports the failure when polled', async () => {
		const fake = await fresh({ webhook: { delayMs: 1, repeats: 1, repeatDelayMs: 1 } });
		receiver.status = 500;
		const dead = await startReceiver();
		await dead.close();
		const ids: string[] = [];
		for (const url of [receiver.url, dead.url]) {
			ids.push(rawRequestId((await phoneReveal(fake, url)).text));
		}
		await fake.waitForDeliveries(4);
		const attempts = (id: string) => fake.deliveries.filter((d) => d.requestId === id);
		expect(attempts(ids[0]).map((d) => d.status)).toEqual([500, 500]);
		expect(attempts(ids[1]).every((d) => d.error !== undefined)).toBe(true);
		const poll = await call(fake, 'GET', POLL + ids[1]);
		expect(poll.json()).toEqual(
			expect.objectContaining({
				webhook_status: 'failed',
				failure_reason: expect.any(String),
				webhook_result: expect.any(Object),
			}),
		);
		expect((await call(fake, 'GET', '/api/v1/auth/health')).status).toBe(200);
	});

	it('can skip a reveal already running for the same people', async () => {
		const fake = await fresh({ skipConcurrentPhoneReveals: true, webhook: { delayMs: 600_000 } });
		const first = await phoneReveal(fake);
		const second = await phoneReveal(fake);
		expect(first.json<{ phone_enrichment: Json }>().phone_enrichment.status).toBe('pending');
		expect(second.json<{ phone_enrichment: Json }>().phone_enrichment).toEqual({
			status: 'skipped',
			message: expect.any(String),
		});
	});
});

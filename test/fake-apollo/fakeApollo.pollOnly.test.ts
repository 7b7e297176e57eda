// poll_only=true without webhook_url, as only Apollo's Webhook Result page documents it. Two
// accounts: one that accepts it (the result is polled, nothing is POSTed) and one that refuses it
// (Apollo ignores the unknown parameter, so the missing webhook_url gets today's 400).

import { closedAfterEach } from '../support/lifecycle';
import { startFakeApollo, type FakeApollo, type FakeApolloOptions } from './index';
import { call, rawRequestId, startReceiver, type Receiver } from './test-helpers';

const MATCH = '/api/v1/people/match';
const BULK = '/api/v1/people/bulk_match';
const POLL = '/api/v1/webhook_result/';

let receiver: Receiver;

/** A fake of its own for one test, closed after it. */
const fresh = closedAfterEach(
	// Held until polled once, so the first poll is pending whatever the timing.
	async (options: FakeApolloOptions = {}) => await startFakeApollo({ webhook: { delayMs: 0, deliverAfterPolls: 1 }, ...options }),
);

beforeAll(async () => {
	receiver = await startReceiver();
});
afterEach(async () => {
	receiver.received.length = 0;
});
afterAll(async () => {
	await receiver.close();
});

const withMobile = (fake: FakeApollo) => fake.directory.filter((p) => p.mobile_phone !== null);

/** Polls until the result is ready; the first answer must be the pending one. */
async function pollUntilReady(fake: FakeApollo, requestId: string): Promise<Record<string, unknown>> {
	const first = await call(fake, 'GET', POLL + requestId);
	expect(first.status).toBe(404);
	expect(first.json()).toEqual({ error_code: 'result_pending', retry_after_seconds: 10 });
	for (let attempt = 0; attempt < 200; attempt++) {
		const res = await call(fake, 'GET', POLL + requestId);
		if (res.status === 200) return res.json();
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error('the poll-only result never became ready');
}

describe("an account that accepts poll_only (the fake's default)", () => {
	it('takes a phone reveal without webhook_url, POSTs nothing, and serves the result to polls', async () => {
		const fake = await fresh();
		const [person] = withMobile(fake);
		const res = await call(fake, 'POST', MATCH, {
			query: { email: person.email, reveal_phone_number: 'true', poll_only: 'true' },
		});
		expect(res.status).toBe(200);
		expect(res.json<{ phone_enrichment: unknown }>().phone_enrichment).toMatchObject({ status: 'pending' });
		const requestId = rawRequestId(res.text);

		const result = await pollUntilReady(fake, requestId);
		expect(result).toMatchObject({
			request_id: requestId,
			webhook_status: 'success',
			request_type: 'phone',
			last_dispatched_at: null,
			failure_reason: null,
		});
		const payload = result.webhook_result as { people: Array<{ id: string; phone_numbers: Array<{ sanitized_number: string }> }> };
		expect(payload.people.map((p) => p.id)).toEqual([person.id]);
		expect(payload.people[0].phone_numbers[0].sanitized_number).toBe(person.mobile_phone?.sanitized_number);
		expect(fake.deliveries).toEqual([]);
	});

	it('takes a bulk waterfall without webhook_url', async () => {
		const fake = await fresh();
		const people = withMobile(fake).slice(0, 3);
		const res = await call(fake, 'POST', BULK, {
			query: { run_waterfall_email: 'true', run_waterfall_phone: 'true', poll_only: 'true' },
			body: { details: people.map((p) => ({ email: p.email })) },
		});
		expect(res.status).toBe(200);
		expect(res.json<{ waterfall: { status: string } }>().waterfall.status).toBe('accepted');
		const result = await pollUntilReady(fake, rawRequestId(res.text));
		expect(result).toMatchObject({ webhook_status: 'success', request_type: 'waterfall' });
		expect((result.webhook_result as { people: unknown[] }).people).toHaveLength(3);
	});

	it('sends nothing to a webhook_url that comes with poll_only (poll_only wins; undocumented)', async () => {
		const fake = await fresh({ webhook: { deliverAfterPolls: 0, delayMs: 0 } });
		const [person] = withMobile(fake);
		const res = await call(fake, 'POST', MATCH, {
			body: { email: person.email, reveal_phone_number: true, poll_only: true, webhook_url: receiver.url },
		});
		const requestId = rawRequestId(res.text);
		let ready = await call(fake, 'GET', POLL + requestId);
		for (let attempt = 0; ready.status !== 200 && attempt < 200; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 10));
			ready = await call(fake, 'GET', POLL + requestId);
		}
		expect(ready.status).toBe(200);
		expect(receiver.received).toEqual([]);
	});

	it('still needs webhook_url when poll_only is false or missing', async () => {
		const fake = await fresh();
		const email = withMobile(fake)[0].email;
		for (const pollOnly of ['false', undefined]) {
			const query: Record<string, string> = { email, reveal_phone_number: 'true' };
			if (pollOnly !== undefined) query.poll_only = pollOnly;
			const res = await call(fake, 'POST', MATCH, { query });
			expect({ status: res.status, body: res.json() }).toEqual({
				status: 400,
				body: { error: "Please add a valid 'webhook_url' parameter when using 'reveal_phone_number'" },
			});
		}
	});
});

describe('an account that refuses poll_only', () => {
	it.each([
		['reveal_phone_number', MATCH, { reveal_phone_number: 'true' }],
		['run_waterfall_email', BULK, { run_waterfall_email: 'true' }],
		['run_waterfall_phone', BULK, { run_waterfall_phone: 'true' }],
	])('answers %s with poll_only the 400 that asks for webhook_url', async (flag, path, flags) => {
		const fake = await fresh({ pollOnly: 'refused' });
		const person = withMobile(fake)[0];
		const res = await call(fake, 'POST', path, {
			query: { ...flags, poll_only: 'true', ...(path === MATCH ? { email: person.email } : {}) },
			body: path === BULK ? { details: [{ email: person.email }] } : undefined,
		});
		expect({ status: res.status, body: res.json() }).toEqual({
			status: 400,
			body: { error: `Please add a valid 'webhook_url' parameter when using '${flag}'` },
		});
		// Refused before any matching: nothing billed, nothing scheduled.
		expect(fake.requestLog[0]).toMatchObject({ status: 400 });
		expect(fake.requestLog[0].credits).toBeUndefined();
	});

	it('works as before with a webhook_url', async () => {
		const fake = await fresh({ pollOnly: 'refused', webhook: { deliverAfterPolls: 0, delayMs: 0 } });
		const res = await call(fake, 'POST', MATCH, {
			body: { email: withMobile(fake)[0].email, reveal_phone_number: true, webhook_url: receiver.url },
		});
		expect(res.status).toBe(200);
		await fake.waitForDeliveries(1);
		expect(receiver.received.length).toBeGreaterThanOrEqual(1);
	});
});

// people/bulk_match and usage_stats.

import { oncePerFile } from '../support/lifecycle';
import { startFakeApollo, toApolloPerson } from './index';
import { call, personIn } from './test-helpers';

const MATCH = '/api/v1/people/match';
const BULK = '/api/v1/people/bulk_match';

type Person = Record<string, unknown> & { id?: string };

const fake = oncePerFile(async () => await startFakeApollo(), (started) => started.clearLog());

const person = (name: string) => personIn(fake(), name);

describe('people/bulk_match', () => {
	it('aligns matches with details, null for a miss, duplicates counted once', async () => {
		const a = person('Tom Whitaker');
		const b = person('Emily Chen');
		const details = [
			{ email: a.email },
			{ email: 'ghost@nowhere.example' },
			{ id: b.id },
			{ linkedin_url: a.linkedin_url },
		];
		const query = { reveal_personal_emails: 'false' };
		const res = await call(fake(), 'POST', BULK, { query, body: { details } });
		expect(res.status).toBe(200);
		const body = res.json<Record<string, unknown> & { matches: (Person | null)[] }>();
		expect(body).toEqual(
			expect.objectContaining({
				status: 'success',
				error_code: null,
				error_message: null,
				total_requested_enrichments: 4,
				unique_enriched_records: 2,
				missing_records: 1,
				credits_consumed: 2,
			}),
		);
		expect(body.matches.map((m) => m?.id ?? null)).toEqual([a.id, null, b.id, a.id]);
		expect(body.matches[0]).toEqual(toApolloPerson(a));
		expect(fake().requestLog[0]).toEqual(
			expect.objectContaining({ detailsCount: 4, matched: 3, credits: 2 }),
		);
	});

	it('takes the flags from the query or the body', async () => {
		const p = person('Samuel Ortiz');
		const details = [{ email: p.email }];
		const viaQuery = await call(fake(), 'POST', BULK, {
			query: { reveal_personal_emails: 'true' },
			body: { details },
		});
		const viaBody = await call(fake(), 'POST', BULK, {
			body: { reveal_personal_emails: true, details },
		});
		for (const res of [viaQuery, viaBody]) {
			const [first] = res.json<{ matches: Person[] }>().matches;
			expect(first.personal_emails).toEqual(p.personal_emails);
		}
	});

	it("enforces Apollo's details errors", async () => {
		const eleven = Array.from({ length: 11 }, (_, i) => ({ email: `p${i}@x.example` }));
		const failed = (code: string, message: string) => ({
			status: 'failed',
			error_code: code,
			error_message: message,
		});
		const cases: [unknown, number, Record<string, unknown>][] = [
			[{}, 400, failed('INVALID_REQUEST', 'invalid request, missing details')],
			[
				{ details: eleven },
				400,
				failed('RECORD_LIMIT_EXCEEDED', 'cannot enrich more than 10 in a single request'),
			],
			[
				{ details: { email: 'a@b.example' } },
				422,
				failed(
					'UNKNOWN_ERROR',
					"undefined method `length' for an instance of ActionController::Parameters",
				),
			],
		];
		for (const [body, status, expected] of cases) {
			const res = await call(fake(), 'POST', BULK, { body });
			expect([res.status, res.json()]).toEqual([status, expected]);
		}
		const ten = await call(fake(), 'POST', BULK, { body: { details: eleven.slice(0, 10) } });
		expect(ten.status).toBe(200);
	});
});

describe('usage_stats', () => {
	it('reports per-route windows keyed by JSON route tuples', async () => {
		await call(fake(), 'POST', MATCH, { body: {} });
		const res = await call(fake(), 'POST', '/api/v1/usage_stats/api_usage_stats');
		type Usage = { limit: number | null; consumed: number; left_over: number | null };
		const body = res.json<Record<string, Record<'minute' | 'hour' | 'day', Usage>>>();
		const stats = body['["api/v1/people", "match"]'];
		expect(stats.minute.limit).toBe(1000);
		expect(stats.minute.consumed).toBeGreaterThan(0);
		expect(stats.day).toEqual({ limit: null, consumed: expect.any(Number), left_over: null });
		expect(body).toHaveProperty(['["api/v1/people", "bulk_match"]']);
	});
});

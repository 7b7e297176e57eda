// organizations/enrich and organizations/bulk_enrich (reference §5), with their errors, key
// scopes, rate limits and request-log route names.

import { closedAfterEach } from '../support/lifecycle';
import {
	startFakeApollo,
	toApolloOrganization,
	type FakeApollo,
} from './index';
import { call } from './test-helpers';

const ENRICH = '/api/v1/organizations/enrich';
const BULK = '/api/v1/organizations/bulk_enrich';

type Org = Record<string, unknown> & { id: string; primary_domain: string; name: string };
type BulkBody = Record<string, unknown> & { organizations: Array<Org | null> };


/** A fake of its own for one test, closed after it. */
const fresh = closedAfterEach(startFakeApollo);


/** The directory's companies, as the fake's organizations. */
function orgs(fake: FakeApollo) {
	return [...new Map(fake.directory.map((p) => [p.organization.id, p.organization])).values()];
}

describe('organizations/enrich', () => {
	it('finds an organization by domain, LinkedIn URL, website or a loosely written name', async () => {
		const fake = await fresh();
		const [acme, blue] = orgs(fake);
		const queries: Array<Record<string, string>> = [
			{ domain: `https://www.${acme.primary_domain}/about` },
			{ linkedin_url: acme.linkedin_url.replace('http://www.', 'https://') },
			{ website: `https://${acme.primary_domain}` },
			{ name: 'ACME Robotics, Inc.' },
		];
		for (const query of queries) {
			const res = await call(fake, 'GET', ENRICH, { query });
			expect(res.status).toBe(200);
			expect(res.json<{ organization: Org }>().organization).toEqual(toApolloOrganization(acme));
		}
		const blueHarbor = await call(fake, 'GET', ENRICH, { query: { domain: blue.primary_domain } });
		const org = blueHarbor.json<{ organization: Org }>().organization;
		expect(org).toEqual(
			expect.objectContaining({
				id: blue.id,
				num_languages: 1,
				departmental_head_count: expect.objectContaining({ engineering: expect.any(Number) }),
			}),
		);
		expect(fake.requestLog.map((r) => [r.route, r.method, r.credits])).toEqual(
			Array.from({ length: 5 }, () => ['org_enrich', 'GET', 1]),
		);
	});

	it('answers a miss with an empty object, and no identifier with a 422', async () => {
		const fake = await fresh();
		const miss = await call(fake, 'GET', ENRICH, { query: { domain: 'nowhere.example' } });
		expect([miss.status, miss.text]).toEqual([200, '{}']);
		const none = await call(fake, 'GET', ENRICH, { query: { domain: ' ', other: 'x' } });
		expect([none.status, none.json()]).toEqual([
			422,
			{ error: "Required parameter 'domain' missing" },
		]);
		expect(fake.requestLog.map((r) => [r.status, r.credits ?? 0])).toEqual([
			[200, 0],
			[422, 0],
		]);
	});
});

describe('organizations/bulk_enrich', () => {
	const details = (fake: FakeApollo) => {
		const [acme, blue, cobalt] = orgs(fake);
		return [
			{ domain: cobalt.primary_domain },
			{ domain: 'nowhere.example' },
			{ name: acme.name },
			{ linkedin_url: cobalt.linkedin_url },
			{ website: `https://www.${blue.primary_domain}` },
		];
	};

	it('by default lists each organization found once, in the order first asked for', async () => {
		const fake = await fresh();
		const [acme, blue, cobalt] = orgs(fake);
		const res = await call(fake, 'POST', BULK, { body: { details: details(fake) } });
		expect(res.status).toBe(200);
		const body = res.json<BulkBody>();
		expect(body).toEqual(
			expect.objectContaining({
				status: 'success',
				error_code: null,
				total_requested_records: 5,
				total_requested_domains: 2,
				unique_domains: 2,
				unique_records: 5,
				unique_enriched_records: 3,
				missing_records: 1,
			}),
		);
		expect(body.organizations.map((org) => org?.id)).toEqual([cobalt.id, acme.id, blue.id]);
		expect(fake.requestLog[0]).toEqual(
			expect.objectContaining({
				route: 'org_bulk_enrich',
				detailsCount: 5,
				matched: 4,
				credits: 3,
			}),
		);
	});

	it('can answer by position (null for a miss) or in reverse order', async () => {
		const fake = await fresh({ orgBulkResponse: 'positional' });
		const [acme, blue, cobalt] = orgs(fake);
		const positional = await call(fake, 'POST', BULK, { body: { details: details(fake) } });
		expect(positional.json<BulkBody>().organizations.map((org) => org?.id ?? null)).toEqual([
			cobalt.id,
			null,
			acme.id,
			cobalt.id,
			blue.id,
		]);
		fake.configure({ orgBulkResponse: 'reversed' });
		const reversed = await call(fake, 'POST', BULK, { body: { details: details(fake) } });
		expect(reversed.json<BulkBody>().organizations.map((org) => org?.id)).toEqual([
			blue.id,
			acme.id,
			cobalt.id,
		]);
	});

	it('takes domains[] from the query when there are no details', async () => {
		const fake = await fresh();
		const [acme, blue] = orgs(fake);
		const url = `${BULK}?domains[]=${acme.primary_domain}&domains[]=${blue.primary_domain}`;
		const res = await call(fake, 'POST', url);
		expect(res.json<BulkBody>().organizations.map((org) => org?.id)).toEqual([acme.id, blue.id]);
	});

	it("enforces Apollo's request errors", async () => {
		const fake = await fresh();
		const eleven = Array.from({ length: 11 }, (_, i) => ({ domain: `d${i}.example` }));
		const failed = (code: string, message: string) => ({
			status: 'failed',
			error_code: code,
			error_message: message,
		});
		const cases: Array<[unknown, number, Record<string, unknown>]> = [
			[{}, 400, failed('INVALID_REQUEST', 'invalid request, missing domains')],
			[{ details: [] }, 400, failed('INVALID_REQUEST', 'invalid request, missing domains')],
			[
				{ details: eleven },
				400,
				failed('RECORD_LIMIT_EXCEEDED', 'domain count cannot be more than 10'),
			],
			[
				{ details: { domain: 'a.example' } },
				422,
				failed(
					'UNKNOWN_ERROR',
					"undefined method `length' for an instance of ActionController::Parameters",
				),
			],
		];
		for (const [body, status, expected] of cases) {
			const res = await call(fake, 'POST', BULK, { body });
			expect([res.status, res.json()]).toEqual([status, expected]);
		}
		const ten = await call(fake, 'POST', BULK, { body: { details: eleven.slice(0, 10) } });
		expect([ten.status, ten.json<BulkBody>().organizations]).toEqual([200, []]);
	});
});

describe('organization routes: scopes, rate limits, faults', () => {
	it('answers 403 API_INACCESSIBLE outside a scoped key', async () => {
		const fake = await fresh({
			apiKeys: ['scoped'],
			keyScopes: { scoped: ['api/v1/organizations/enrich'] },
		});
		const enrich = await call(fake, 'GET', ENRICH, { query: { domain: 'a.example' } });
		expect(enrich.status).toBe(200);
		const bulk = await call(fake, 'POST', BULK, { body: { details: [{ domain: 'a.example' }] } });
		expect(bulk.status).toBe(403);
		expect(bulk.json()).toEqual({
			error: expect.stringMatching(/not authorized to access api\/v1\/organizations\/bulk_enrich/),
			error_code: 'API_INACCESSIBLE',
		});
	});

	it('limits each route in its own windows, with 429 and retry-after', async () => {
		const fake = await fresh({
			rateLimits: { minute: { limit: 5 } },
			rateLimitsByRoute: { org_enrich: { minute: { limit: 1, windowMs: 60_000 } } },
		});
		const query = { domain: 'a.example' };
		expect((await call(fake, 'GET', ENRICH, { query })).status).toBe(200);
		const limited = await call(fake, 'GET', ENRICH, { query });
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('60');
		expect(limited.json<{ message: string }>().message).toMatch(
			/allowed for api\/v1\/organizations\/enrich is 1 times per minute/,
		);
		const bulk = await call(fake, 'POST', BULK, { body: { details: [query] } });
		expect(bulk.status).toBe(200);
		expect(bulk.headers['x-minute-requests-left']).toBe('4');
		const stats = await call(fake, 'POST', '/api/v1/usage_stats/api_usage_stats');
		const body = stats.json<Record<string, { minute: { consumed: number } }>>();
		expect(body['["api/v1/organizations", "enrich"]'].minute.consumed).toBe(1);
		expect(body['["api/v1/organizations", "bulk_enrich"]'].minute.consumed).toBe(1);
	});

	it('lets "any" faults hit the organization routes', async () => {
		const fake = await fresh();
		fake.injectFaults([{ kind: 'status', status: 500 }, { kind: 'invalidJson' }]);
		const faulted = await call(fake, 'GET', ENRICH, { query: { domain: 'a.example' } });
		expect(faulted.status).toBe(500);
		const garbled = await call(fake, 'POST', BULK, {
			body: { details: [{ domain: 'a.example' }] },
		});
		expect(() => garbled.json()).toThrow();
		expect(fake.requestLog.map((r) => [r.route, r.fault])).toEqual([
			['org_enrich', 'status:500'],
			['org_bulk_enrich', 'invalidJson'],
		]);
	});
});

// People API Search (POST /api/v1/mixed_people/api_search): Apollo's documented shape, the
// filters over the directory, pagination and its caps, refusals, and its own rate-limit windows.

import { oncePerFile } from '../support/lifecycle';
import {
	EXTENDED_PEOPLE,
	PAID_SEARCH_LIMITS,
	PROSPECTS_PER_COMPANY,
	startFakeApollo,
	type FakeApollo,
} from './index';
import { call } from './test-helpers';

const SEARCH = '/api/v1/mixed_people/api_search';

interface Page {
	total_entries: number;
	people: Array<Record<string, unknown> & { id: string; title: string | null; organization: { name: string } }>;
}

const fake = oncePerFile(
	async () => await startFakeApollo({ people: [...EXTENDED_PEOPLE] }),
	(started) => {
		started.clearLog();
		started.resetWindows();
	},
);

async function search(body: Record<string, unknown>, target: FakeApollo = fake()): Promise<Page> {
	const res = await call(target, 'POST', SEARCH, { body });
	expect(res.status).toBe(200);
	return res.json<Page>();
}

const byId = (id: string) => EXTENDED_PEOPLE.find((person) => person.id === id)!;

describe('the extended directory', () => {
	it('adds 40 enrichable prospects per company, all with distinct ids, names and emails', () => {
		expect(EXTENDED_PEOPLE).toHaveLength(72 + 12 * PROSPECTS_PER_COMPANY);
		for (const key of ['id', 'email', 'name'] as const) {
			expect(new Set(EXTENDED_PEOPLE.map((person) => person[key])).size).toBe(EXTENDED_PEOPLE.length - (key === 'name' ? 1 : 0));
		}
	});
});

describe('people api_search', () => {
	it("answers in Apollo's documented shape: total_entries and people, no contact data", async () => {
		const page = await search({ q_organization_domains_list: ['acme-robotics.example'], per_page: 3 });
		expect(Object.keys(page).sort()).toEqual(['people', 'total_entries']);
		expect(page.total_entries).toBe(6 + PROSPECTS_PER_COMPANY);
		expect(page.people).toHaveLength(3);
		const alex = byId(page.people[0].id);
		expect(page.people[0]).toEqual({
			id: alex.id,
			first_name: 'Alex',
			last_name_obfuscated: 'Mo***n',
			title: 'Chief Executive Officer',
			last_refreshed_at: expect.stringMatching(/^2026-11-\d\dT08:15:00\.000\+00:00$/),
			has_email: true,
			has_city: true,
			has_state: true,
			has_country: true,
			has_direct_phone: 'Yes',
			organization: {
				name: 'Acme Robotics',
				has_industry: true,
				has_phone: true,
				has_city: true,
				has_state: true,
				has_country: true,
				has_zip_code: true,
				has_revenue: true,
				has_employee_count: true,
			},
		});
		expect(fake().requestLog[0]).toMatchObject({ route: 'people_search', status: 200, searchResults: 3, totalEntries: 46 });
	});

	it('returns ids that People Enrichment and Bulk People Enrichment take as they are', async () => {
		const page = await search({ person_titles: ['Software Engineer'], person_locations: ['Berlin'], per_page: 2 });
		expect(page.people.length).toBe(2);
		const bulk = await call(fake(), 'POST', '/api/v1/people/bulk_match', { body: { details: page.people.map((p) => ({ id: p.id })) } });
		const matches = bulk.json<{ matches: Array<{ id: string; last_name: string }> }>().matches;
		expect(matches.map((m) => m.id)).toEqual(page.people.map((p) => p.id));
		expect(matches.map((m) => m.last_name)).toEqual(page.people.map((p) => byId(p.id).last_name));
	});

	it('reads the query form (person_titles[]=…) the same way as a JSON body', async () => {
		const fromBody = await search({ person_titles: ['VP of Sales', 'Founder'], person_seniorities: ['vp'], per_page: 100 });
		const res = await call(fake(), 'POST', SEARCH, {
			query: { 'person_titles[]': ['VP of Sales', 'Founder'], 'person_seniorities[]': 'vp', per_page: '100' },
		});
		expect(res.json<Page>()).toEqual(fromBody);
		expect(fromBody.total_entries).toBe(12);
	});

	it('matches titles by their terms unless include_similar_titles is false', async () => {
		const similar = await search({ person_titles: ['marketing manager'], per_page: 100 });
		const titles = new Set(similar.people.map((p) => p.title));
		expect(titles).toEqual(new Set(['Marketing Manager', 'Content Marketing Manager']));
		const strict = await search({ person_titles: ['marketing manager'], include_similar_titles: false, per_page: 100 });
		expect(new Set(strict.people.map((p) => p.title))).toEqual(new Set(['Marketing Manager']));
		expect(strict.total_entries).toBeLessThan(similar.total_entries);
	});

	it('combines filters with AND and the values of one filter with OR', async () => {
		const page = await search({
			person_seniorities: ['vp', 'c_suite'],
			person_locations: ['California, US', 'Berlin'],
			organization_num_employees_ranges: ['1,500', '501,1000'],
			per_page: 100,
		});
		expect(page.total_entries).toBeGreaterThan(0);
		for (const found of page.people.map((p) => byId(p.id))) {
			expect(['vp', 'c_suite']).toContain(found.seniority);
			expect(['California', 'Berlin']).toContain(found.state);
			expect(found.organization.estimated_num_employees).toBeLessThanOrEqual(1000);
		}
		const expected = EXTENDED_PEOPLE.filter(
			(p) => ['vp', 'c_suite'].includes(p.seniority) && ['California', 'Berlin'].includes(p.state),
		);
		expect(page.people.map((p) => p.id)).toEqual(expected.map((p) => p.id));
	});

	it('reads domains loosely, matches keywords on the person and employer, and knows employer ids', async () => {
		const domains = await search({ q_organization_domains_list: ['https://www.Cobaltpixel.example/team'], per_page: 100 });
		expect(new Set(domains.people.map((p) => p.organization.name))).toEqual(new Set(['Cobalt Pixel Studios']));
		const keywords = await search({ q_keywords: 'Robotics chief', per_page: 100 });
		const chiefs = EXTENDED_PEOPLE.filter((p) => p.organization.name === 'Acme Robotics' && p.title.startsWith('Chief'));
		expect(chiefs.length).toBeGreaterThan(1);
		expect(keywords.people.map((p) => p.id)).toEqual(chiefs.map((p) => p.id));
		const orgId = EXTENDED_PEOPLE[0].organization_id;
		const byOrg = await search({ organization_ids: [orgId], per_page: 1 });
		expect(byOrg.total_entries).toBe(6 + PROSPECTS_PER_COMPANY);
	});

	it('ignores parameter names it does not know, like Apollo', async () => {
		const page = await search({ titles: ['CEO'], q: 'nothing', per_page: 5 });
		expect(page.total_entries).toBe(EXTENDED_PEOPLE.length);
	});
});

describe('pagination and its caps', () => {
	it('pages through every match in a stable order, then returns empty pages', async () => {
		const sizes: number[] = [];
		const ids: string[] = [];
		for (let page = 1; page <= 7; page++) {
			const body = await search({ page, per_page: 100 });
			expect(body.total_entries).toBe(552);
			sizes.push(body.people.length);
			ids.push(...body.people.map((p) => p.id));
		}
		expect(sizes).toEqual([100, 100, 100, 100, 100, 52, 0]);
		expect(ids).toEqual(EXTENDED_PEOPLE.map((p) => p.id));
	});

	it('cuts per_page to 100, defaults it to 10 and page to 1, and serves page 500', async () => {
		expect((await search({ per_page: 250 })).people).toHaveLength(100);
		expect((await search({})).people).toHaveLength(10);
		expect((await search({ per_page: '5', page: '2' })).people.map((p) => p.id)).toEqual(EXTENDED_PEOPLE.slice(5, 10).map((p) => p.id));
		expect(await search({ page: 500, per_page: 100 })).toEqual({ total_entries: 552, people: [] });
	});

	it.each([
		['page 501', { page: 501 }],
		['page 0', { page: 0 }],
		['per_page 0', { per_page: 0 }],
		['a page that is not a number', { page: 'two' }],
		['a range written with a dash', { organization_num_employees_ranges: ['10-50'] }],
		['a filter that is an object', { person_titles: { a: 'CEO' } }],
	])('refuses %s with 422', async (_, body) => {
		const res = await call(fake(), 'POST', SEARCH, { body });
		expect({ status: res.status, body: res.json() }).toEqual({ status: 422, body: { error: 'Invalid parameters' } });
	});
});

describe('auth, scopes, rate limits and faults', () => {
	it('answers 401 without a key and 403 for a key scoped to enrichment only', async () => {
		const scoped = await startFakeApollo({
			apiKeys: ['master', 'enrich-only'],
			keyScopes: { 'enrich-only': ['api/v1/people/match', 'api/v1/people/bulk_match'] },
		});
		try {
			expect((await call(scoped, 'POST', SEARCH, { body: {}, key: null })).status).toBe(401);
			const refused = await call(scoped, 'POST', SEARCH, { body: {}, key: 'enrich-only' });
			expect(refused.status).toBe(403);
			expect(refused.json()).toEqual({
				error:
					'This API key is not authorized to access api/v1/mixed_people/api_search. Request an API key from your administrator that includes this endpoint in its configured scope.',
				error_code: 'API_INACCESSIBLE',
			});
			expect((await call(scoped, 'POST', SEARCH, { body: {}, key: 'master' })).status).toBe(200);
		} finally {
			await scoped.close();
		}
	});

	it('counts searches in windows of their own, apart from enrichment', async () => {
		fake().configure({ rateLimitsByRoute: { people_search: { minute: { limit: 2 }, hour: { limit: 6_000 } } } });
		try {
			const first = await call(fake(), 'POST', SEARCH, { body: {} });
			expect(first.headers).toMatchObject({ 'x-rate-limit-minute': '2', 'x-minute-requests-left': '1', 'x-hourly-requests-left': '5999' });
			await call(fake(), 'POST', SEARCH, { body: {} });
			const limited = await call(fake(), 'POST', SEARCH, { body: {} });
			expect(limited.status).toBe(429);
			expect(limited.json<{ message: string }>().message).toMatch(/^The maximum number of api calls allowed for api\/v1\/mixed_people\/api_search is 2 times per minute\./);
			expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
			const match = await call(fake(), 'POST', '/api/v1/people/match', { query: { email: EXTENDED_PEOPLE[0].email } });
			expect(match.status).toBe(200);
		} finally {
			fake().configure({ rateLimitsByRoute: {} });
		}
	});

	it("offers Apollo's paid search limits as PAID_SEARCH_LIMITS and reports them in usage_stats", async () => {
		const paid = await startFakeApollo({ rateLimitsByRoute: { people_search: PAID_SEARCH_LIMITS } });
		try {
			const res = await call(paid, 'POST', SEARCH, { body: {} });
			expect(res.headers).toMatchObject({ 'x-rate-limit-minute': '200', 'x-rate-limit-hourly': '6000', 'x-rate-limit-24-hour': '50000' });
			const usage = (await call(paid, 'POST', '/api/v1/usage_stats/api_usage_stats')).json<Record<string, unknown>>();
			expect(usage['["api/v1/mixed_people", "api_search"]']).toEqual({
				day: { limit: 50_000, consumed: 1, left_over: 49_999 },
				hour: { limit: 6_000, consumed: 1, left_over: 5_999 },
				minute: { limit: 200, consumed: 1, left_over: 199 },
			});
		} finally {
			await paid.close();
		}
	});

	it("is covered by route 'any' faults, with a truncated body of its own", async () => {
		fake().injectFaults([{ kind: 'status', status: 503 }, { kind: 'invalidJson' }]);
		expect((await call(fake(), 'POST', SEARCH, { body: {} })).status).toBe(503);
		const cut = await call(fake(), 'POST', SEARCH, { body: {} });
		expect(cut.status).toBe(200);
		expect(() => JSON.parse(cut.text)).toThrow();
		expect(cut.text.startsWith('{"total_entries":')).toBe(true);
	});
});

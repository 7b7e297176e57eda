/**
 * Person → Search through n8n-core against the fake Apollo (extended directory: 552 people, so a
 * search has six pages of 100): what is sent, one output item per person paired with its input
 * item, Return All and Limit, checks before any call, rate limits, and Apollo's refusals.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EXTENDED_PEOPLE, type LoggedRequest } from '../fake-apollo';
import { runEnrich, useFakeApollo, withScopedKey } from './support';

type Found = IDataObject & { id: string; apollo: { operation: string; page: number; position: number; totalEntries: number | null; pageCredits: unknown } };

const found = (items: INodeExecutionData[]) => items.map((item) => item.json as Found);
const byId = (id: string) => EXTENDED_PEOPLE.find((person) => person.id === id)!;
/** Every person: a headcount range that covers all twelve companies. */
const EVERYONE = { employeeRanges: ['1,10000000'] };

describe('Person → Search, through n8n-core against the fake Apollo', () => {
	const fake = useFakeApollo({ people: [...EXTENDED_PEOPLE], rateLimitsByRoute: {}, latencyMs: 0, jitterMs: 0 });

	const searches = (): LoggedRequest[] => fake().requestLog.filter((entry) => entry.route === 'people_search');
	const search = (parameters: IDataObject, inputs: IDataObject[] = [{}], continueOnFail = false) =>
		runEnrich(fake(), { operation: 'search', ...parameters }, inputs, { continueOnFail });

	it("sends Apollo's documented names in a JSON body and outputs each person with its Apollo id", async () => {
		const filters = {
			jobTitles: 'VP of Sales, Founder',
			seniorities: ['vp', 'founder'],
			personLocations: 'California, US; Washington',
			organizationDomains: 'https://www.acme-robotics.example, blueharbor-logistics.example',
			keywords: '',
		};
		const { items, error } = await search({ filters });
		expect(error).toBeUndefined();
		expect(searches().map((call) => call.body)).toEqual([
			{
				person_titles: ['VP of Sales', 'Founder'],
				include_similar_titles: true,
				person_seniorities: ['vp', 'founder'],
				person_locations: ['California, US', 'Washington'],
				q_organization_domains_list: ['acme-robotics.example', 'blueharbor-logistics.example'],
				page: 1,
				per_page: 50,
			},
		]);
		const expected = EXTENDED_PEOPLE.filter(
			(p) => ['acme-robotics.example', 'blueharbor-logistics.example'].includes(p.organization.primary_domain) && ['VP of Sales', 'Founder'].includes(p.title),
		);
		expect(expected.length).toBeGreaterThan(2);
		expect(found(items).map((person) => person.id)).toEqual(expected.map((p) => p.id));
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		expect(found(items)[0]).toMatchObject({
			id: expected[0].id,
			first_name: expected[0].first_name,
			last_name_obfuscated: expect.stringMatching(/\*\*\*/),
			title: expected[0].title,
			organization: { name: expected[0].organization.name },
			apollo: { operation: 'search', page: 1, position: 1, totalEntries: expected.length, pageCredits: null },
		});
		expect(found(items)[0]).not.toHaveProperty('email');
	});

	it('with Return All, pages through every match (6 pages of 100) and stops at the last', async () => {
		const { items } = await search({ returnAll: true, filters: EVERYONE });
		expect(searches().map((call) => [(call.body as IDataObject).page, (call.body as IDataObject).per_page, call.searchResults])).toEqual([
			[1, 100, 100],
			[2, 100, 100],
			[3, 100, 100],
			[4, 100, 100],
			[5, 100, 100],
			[6, 100, 52],
		]);
		expect(found(items).map((person) => person.id)).toEqual(EXTENDED_PEOPLE.map((p) => p.id));
		expect(found(items).map((person) => person.apollo.position)).toEqual(EXTENDED_PEOPLE.map((_, i) => i + 1));
		expect(found(items)[551].apollo.page).toBe(6);
	});

	it('with a Limit, never asks for a page past it, and stops at the last match', async () => {
		const limited = await search({ limit: 250, filters: EVERYONE });
		expect(limited.items).toHaveLength(250);
		expect(searches().map((call) => (call.body as IDataObject).page)).toEqual([1, 2, 3]);

		fake().clearLog();
		const small = await search({ limit: 30, filters: EVERYONE });
		expect(small.items).toHaveLength(30);
		expect(searches().map((call) => (call.body as IDataObject).per_page)).toEqual([30]);

		// 121 managers, a Limit well above: two pages, the second one short.
		fake().clearLog();
		const wide = await search({ limit: 1000, filters: { seniorities: ['manager'] } });
		const total = EXTENDED_PEOPLE.filter((p) => p.seniority === 'manager').length;
		expect(total).toBeGreaterThan(100);
		expect(total).toBeLessThan(200);
		expect(wide.items).toHaveLength(total);
		expect(searches().map((call) => call.searchResults)).toEqual([100, total - 100]);
	});

	it('runs one search per input item, each paired with its item, in input order', async () => {
		const inputs = [{ domain: 'cobaltpixel.example' }, { domain: 'nowhere.example' }, { domain: 'acme-robotics.example' }];
		const { items } = await search({ limit: 5, filters: { organizationDomains: '={{ $json.domain }}' } }, inputs);
		expect(items.map((item) => item.pairedItem)).toEqual([...Array(5).fill({ item: 0 }), ...Array(5).fill({ item: 2 })]);
		expect(found(items).slice(0, 5).every((p) => byId(p.id).organization.primary_domain === 'cobaltpixel.example')).toBe(true);
		expect(found(items).slice(5).every((p) => byId(p.id).organization.primary_domain === 'acme-robotics.example')).toBe(true);
		expect(searches()).toHaveLength(3);
	});

	it('checks every item before the first search, naming the item and the field', async () => {
		const inputs = [{ level: 'vp' }, { level: 'executive' }, { level: 'director' }];
		const parameters = { filters: { seniorities: '={{ $json.level }}' } };
		const failed = await search(parameters, inputs);
		expect(failed.error?.message).toBe('Seniority "executive" is not one Apollo knows [item 1]');
		expect(failed.error?.description).toMatch(/^Field: Seniorities\. Use owner, founder, c_suite/);
		expect(searches()).toEqual([]);

		const kept = await search(parameters, inputs, true);
		expect(kept.items.filter((item) => item.json.error).map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(new Set(kept.items.map((item) => JSON.stringify(item.pairedItem)))).toEqual(new Set(['{"item":0}', '{"item":1}', '{"item":2}']));
		expect(searches()).toHaveLength(2);

		const empty = await search({ filters: { jobTitles: '={{ $json.missing }}' } });
		expect(empty.error?.message).toBe('No search filter is set [item 0]');
		const badLimit = await search({ limit: 0, filters: EVERYONE });
		expect(badLimit.error?.message).toBe('Limit must be a whole number from 1 to 50,000 [item 0]');
	});

	it("keeps to the search route's own rate limit across pages: one 429 probe, then waits", async () => {
		const windowMs = 1_000;
		fake().configure({ rateLimitsByRoute: { people_search: { minute: { limit: 2, windowMs } } } });
		const { items, error } = await search({ returnAll: true, filters: EVERYONE });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(552);
		const statuses = searches().map((call) => call.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(6);
		expect(statuses.filter((status) => status === 429).length).toBeLessThanOrEqual(1);
		// Enrichment's windows were untouched by the search.
		expect(fake().requestLog.every((entry) => entry.route === 'people_search')).toBe(true);
	});

	it("stops on Apollo's daily limit; with Continue On Fail, the searches done are kept", async () => {
		fake().configure({ rateLimitsByRoute: { people_search: { day: { limit: 3 } } } });
		const tuning = { maxConcurrentRequests: 1 };
		const stopped = await search({ returnAll: true, filters: EVERYONE, tuning });
		expect(stopped.error?.message).toBe("Apollo's daily API limit is used up");
		expect(searches().map((call) => call.status)).toEqual([200, 200, 200, 429]);

		fake().clearLog();
		fake().resetWindows();
		const inputs = [
			{ domain: 'acme-robotics.example', ranges: '' },
			{ domain: 'cobaltpixel.example', ranges: '' },
			{ domain: '', ranges: '1,10000000' },
			{ domain: 'driftwood-analytics.example', ranges: '' },
		];
		const filters = { organizationDomains: '={{ $json.domain }}', employeeRanges: '={{ $json.ranges }}' };
		const kept = await search({ returnAll: true, filters, tuning }, inputs, true);
		// Items 0 and 1 take one page each, item 2 its first page; its second meets the daily limit.
		expect(searches().map((call) => call.status)).toEqual([200, 200, 200, 429]);
		const paired = kept.items.map((item) => (item.pairedItem as { item: number }).item);
		expect(paired.filter((item) => item === 0)).toHaveLength(46);
		expect(paired.filter((item) => item === 1)).toHaveLength(46);
		expect(kept.items.filter((item) => item.json.error).map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: 2 }, "Apollo's daily API limit is used up"],
			[{ item: 3 }, "Apollo's daily API limit is used up"],
		]);
	});

	it("reports Apollo's refusals against the item, and surfaces any credit field Apollo sends", async () => {
		await withScopedKey(['api/v1/people/bulk_match'], async (scoped) => {
			const refused = await runEnrich(scoped, { operation: 'search', filters: EVERYONE }, [{}]);
			expect(refused.error?.message).toBe('This API key may not call /api/v1/mixed_people/api_search');
			expect(refused.error?.description).toMatch(/^Apollo said: "This API key is not authorized to access api\/v1\/mixed_people\/api_search/);
			expect(refused.error?.description).toMatch(/Use a master key, or add this endpoint to the key's scope/);
		});

		fake().injectFaults([{ route: 'people_search', kind: 'status', status: 422, body: { error: 'Invalid parameters' } }]);
		const invalid = await search({ filters: EVERYONE }, [{}, {}], true);
		expect(invalid.items[0].json).toMatchObject({
			error: 'Apollo could not process the request',
			description: 'Apollo said: "Invalid parameters". Check the affected items.',
			httpCode: '422',
		});
		expect(invalid.items.slice(1).every((item) => item.pairedItem && !item.json.error)).toBe(true);

		const page = { total_entries: 1, people: [{ id: EXTENDED_PEOPLE[0].id, first_name: 'Alex' }], credits_consumed: 1 };
		fake().injectFaults([{ route: 'people_search', kind: 'status', status: 200, body: page }]);
		const charged = await search({ filters: EVERYONE });
		expect(found(charged.items)[0].apollo.pageCredits).toEqual({ credits_consumed: 1 });
	});
});

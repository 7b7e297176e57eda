import {
	buildSearchFilters,
	PEOPLE_SEARCH_PATH,
	SEARCH_DISPLAY_LIMIT,
	SEARCH_SENIORITIES,
	searchRequestBody,
	type SearchFilterInput,
} from '../../nodes/ApolloEnrich/protocol/peopleSearch';
import {
	nextPage,
	planSearch,
	readSearchPage,
	SearchCollector,
	searchHints,
	type SearchPlan,
} from '../../nodes/ApolloEnrich/protocol/peopleSearchPaging';

function filters(input: SearchFilterInput) {
	const result = buildSearchFilters(input);
	if (!result.ok) throw new Error(`unexpected problem: ${result.problem.message}`);
	return result.details;
}

function problem(input: SearchFilterInput) {
	const result = buildSearchFilters(input);
	if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.details)}`);
	return result.problem;
}

describe('search filters → Apollo request', () => {
	it("uses Apollo's documented names, in a JSON body with the page", () => {
		const details = filters({
			jobTitles: 'VP of Sales, Head of Marketing',
			seniorities: ['vp', 'c_suite'],
			personLocations: 'California, US; Berlin',
			organizationDomains: 'https://www.Acme.com/about\nbeta.io',
			employeeRanges: ['1,10', '250-500'],
			keywords: '  robotics ',
		});
		expect(searchRequestBody(details, 3, 100)).toEqual({
			person_titles: ['VP of Sales', 'Head of Marketing'],
			include_similar_titles: true,
			person_seniorities: ['vp', 'c_suite'],
			person_locations: ['California, US', 'Berlin'],
			q_organization_domains_list: ['acme.com', 'beta.io'],
			organization_num_employees_ranges: ['1,10', '250,500'],
			q_keywords: 'robotics',
			page: 3,
			per_page: 100,
		});
		expect(PEOPLE_SEARCH_PATH).toBe('/api/v1/mixed_people/api_search');
	});

	it('takes lists from expressions entry by entry, so a title may hold a comma', () => {
		const details = filters({ jobTitles: ['director, sales', 'CEO', 'CEO', ' '], personLocations: ['Paris, France'] });
		expect(details.person_titles).toEqual(['director, sales', 'CEO']);
		expect(details.person_locations).toEqual(['Paris, France']);
	});

	it('sends include_similar_titles only with titles, false when switched off', () => {
		expect(filters({ jobTitles: 'CEO', includeSimilarTitles: false }).include_similar_titles).toBe(false);
		expect(filters({ seniorities: ['vp'], includeSimilarTitles: false })).toEqual({ person_seniorities: ['vp'] });
	});

	it('reads seniorities loosely but only the values Apollo documents', () => {
		expect(filters({ seniorities: 'C-Suite, vp; Head' }).person_seniorities).toEqual(['c_suite', 'vp', 'head']);
		expect(SEARCH_SENIORITIES).toHaveLength(11);
		expect(problem({ seniorities: ['vp', 'executive'] })).toEqual({
			field: 'Seniorities',
			message: 'Seniority "executive" is not one Apollo knows',
			hint: `Use ${SEARCH_SENIORITIES.join(', ')}.`,
		});
	});

	it('names the field and the value of every problem', () => {
		expect(problem({ organizationDomains: 'acme.com, not a domain' })).toMatchObject({ field: 'Company Domains', message: 'Company Domain "not a domain" is not a domain' });
		expect(problem({ employeeRanges: '500,10' })).toMatchObject({ field: 'Company Employee Ranges', message: 'Employee range "500,10" is not a range' });
		expect(problem({ employeeRanges: ['10+'] })).toMatchObject({ field: 'Company Employee Ranges' });
		expect(problem({ keywords: ['a', 'b'] })).toMatchObject({ field: 'Keywords', message: 'Keywords must be text' });
		expect(problem({ jobTitles: [{ title: 'CEO' }] })).toMatchObject({ field: 'Job Titles', message: 'Job Titles must be text or a list of texts, but a value is an object' });
	});

	it('refuses a search without any filter, and more than 1,000 domains', () => {
		expect(problem({ jobTitles: '', keywords: ' ', seniorities: [] })).toMatchObject({ field: 'Job Titles', message: 'No search filter is set' });
		const domains = Array.from({ length: 1001 }, (_, i) => `d${i}.example`);
		expect(problem({ organizationDomains: domains })).toMatchObject({ message: 'Company Domains holds 1001 domains; Apollo accepts at most 1000 per search' });
		expect(filters({ organizationDomains: domains.slice(0, 1000) }).q_organization_domains_list).toHaveLength(1000);
	});
});

describe('search plan', () => {
	it('asks for pages of at most 100, and never more people than the limit', () => {
		expect(planSearch(false, 30)).toEqual({ ok: true, plan: { perPage: 30, maxPeople: 30 } });
		expect(planSearch(false, 250)).toEqual({ ok: true, plan: { perPage: 100, maxPeople: 250 } });
		expect(planSearch(true, 5)).toEqual({ ok: true, plan: { perPage: 100, maxPeople: SEARCH_DISPLAY_LIMIT } });
		for (const limit of [0, 1.5, -3, 50_001, 'ten', null]) expect(planSearch(false, limit).ok).toBe(false);
	});

	const plan: SearchPlan = { perPage: 100, maxPeople: 250 };

	it('stops at the limit, on a short page, at the last match and at page 500', () => {
		expect(nextPage(plan, 1, 100, 100, 1000)).toBe(2);
		expect(nextPage(plan, 2, 100, 200, 1000)).toBe(3);
		expect(nextPage(plan, 3, 100, 250, 1000)).toBeUndefined();
		expect(nextPage(plan, 1, 60, 60, null)).toBeUndefined();
		expect(nextPage(plan, 2, 100, 200, 200)).toBeUndefined();
		expect(nextPage(plan, 1, 100, 100, null)).toBe(2);
		const all: SearchPlan = { perPage: 100, maxPeople: SEARCH_DISPLAY_LIMIT };
		expect(nextPage(all, 499, 100, 49_900, 10_000_000)).toBe(500);
		expect(nextPage(all, 500, 100, 50_000, 10_000_000)).toBeUndefined();
	});

	it('asks for exactly the pages a Return All of 100 million matches needs: 500, no more', () => {
		const collector = new SearchCollector({ perPage: 100, maxPeople: SEARCH_DISPLAY_LIMIT });
		const pages: number[] = [];
		let page: number | undefined = 1;
		while (page !== undefined) {
			pages.push(page);
			const people = Array.from({ length: 100 }, (_, i) => ({ id: `p${page}-${i}` }));
			page = collector.add(page, { people, totalEntries: 100_000_000, credits: null });
		}
		expect(pages).toHaveLength(500);
		expect(pages[499]).toBe(500);
		expect(collector.records).toHaveLength(SEARCH_DISPLAY_LIMIT);
	});
});

describe("Apollo's answer → output records", () => {
	it("reads the documented shape and the legacy pagination object, and keeps credit fields", () => {
		expect(readSearchPage({ total_entries: 12, people: [{ id: 'a' }, 'junk'] })).toEqual({ people: [{ id: 'a' }], totalEntries: 12, credits: null });
		expect(readSearchPage({ pagination: { total_entries: '7' }, people: [] })?.totalEntries).toBe(7);
		expect(readSearchPage({ people: [], credits_consumed: 1, export_credit_used: '2' })?.credits).toEqual({ credits_consumed: 1, export_credit_used: 2 });
		expect(readSearchPage({ contacts: [] })).toBeUndefined();
		expect(readSearchPage('<html>')).toBeUndefined();
	});

	it("keeps Apollo's record, adds the page and position, cuts at the limit and drops repeats", () => {
		const collector = new SearchCollector({ perPage: 3, maxPeople: 6 });
		const person = (id: string) => ({ id, first_name: id.toUpperCase(), last_name_obfuscated: 'Do***e' });
		expect(collector.add(1, { people: ['a', 'b', 'c'].map(person), totalEntries: 40, credits: null })).toBe(2);
		// "c" moved to page 2 meanwhile: output once.
		expect(collector.add(2, { people: ['c', 'd', 'e'].map(person), totalEntries: 40, credits: { credits_consumed: 1 } })).toBe(3);
		expect(collector.add(3, { people: ['f', 'g', 'h'].map(person), totalEntries: 40, credits: null })).toBeUndefined();
		expect(collector.records.map((r) => [r.id, r.apollo.page, r.apollo.position])).toEqual([
			['a', 1, 1],
			['b', 1, 2],
			['c', 1, 3],
			['d', 2, 4],
			['e', 2, 5],
			['f', 3, 6],
		]);
		expect(collector.records[0]).toEqual({
			id: 'a',
			first_name: 'A',
			last_name_obfuscated: 'Do***e',
			apollo: { operation: 'search', page: 1, position: 1, totalEntries: 40, pageCredits: null },
		});
		expect(collector.records[3].apollo.pageCredits).toEqual({ credits_consumed: 1 });
		expect(collector.credits).toEqual({ credits_consumed: 1 });
		expect(collector.pages).toBe(3);
	});

	it('hints when a search was cut short, and when Apollo reported credits', () => {
		const summary = { searches: 2, pages: 3, people: 60, cutShort: [{ itemIndex: 1, totalEntries: 1234, output: 50 }], credits: {} };
		expect(searchHints(summary, false)).toEqual(["Item 1's search matched 1,234 people and output 50 (Limit). Raise Limit or turn on Return All for more."]);
		expect(searchHints({ ...summary, cutShort: [{ itemIndex: 0, totalEntries: 80_000, output: 50_000 }] }, true)[0]).toMatch(/Apollo shows at most 50,000 per search/);
		expect(searchHints({ ...summary, cutShort: [], credits: { credits_consumed: 2 } }, false)).toEqual([
			'Apollo reported credits for this search: credits_consumed 2. Its docs rate People API Search at 0 credits.',
		]);
		expect(searchHints({ ...summary, cutShort: [] }, false)).toEqual([]);
	});
});

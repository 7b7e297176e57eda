import { SEARCH_DISPLAY_LIMIT } from '../../nodes/ApolloEnrich/protocol/peopleSearch';
import {
	nextPage,
	planSearch,
	readSearchPage,
	SearchCollector,
	searchHints,
	type SearchPlan,
} from '../../nodes/ApolloEnrich/protocol/peopleSearchPaging';

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

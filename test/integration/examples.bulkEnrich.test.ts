import { apolloCalls, fakePerTest, loadExample, runExample } from './support';

describe('examples/bulk-enrich.workflow.json (what `npm run demo` runs)', () => {
	const startFake = fakePerTest();

	it('enriches the sample list in ceil(12/10) calls, one output item per input item', async () => {
		const fake = await startFake();
		const { items, error } = await runExample(fake, loadExample('bulk-enrich.workflow.json'));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(12);
		expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		// Simplify is on by default: flat rows, matched first.
		const matched = items.map((item) => item.json.matched);
		expect(matched).toEqual([true, true, true, true, true, false, true, true, true, false, true, true]);
		expect(items[5].json).toMatchObject({ matched: false, noMatchReason: 'no_person_returned', lookedUpBy: expect.stringContaining('email=') });
		expect(apolloCalls(fake, 'bulk_match').map((call) => call.detailsCount)).toEqual([10, 2]);
	});
});

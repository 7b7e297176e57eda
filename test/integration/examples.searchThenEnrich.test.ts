import { runWorkflow } from '../harness';
import { credentialsFor, fakePerTest, loadExample } from './support';

describe('examples/search-then-enrich.workflow.json', () => {
	const startFake = fakePerTest();

	it('finds the sales and marketing leads at two accounts, then enriches them by Apollo Person ID in one call', async () => {
		const fake = await startFake();
		const workflow = loadExample('search-then-enrich.workflow.json');
		const result = await runWorkflow({ workflow, credentials: credentialsFor(fake) });
		expect(result.error).toBeUndefined();

		const expected = ['acme-robotics.example', 'blueharbor-logistics.example'].flatMap((domain) =>
			fake.directory.filter((p) => p.organization.primary_domain === domain && ['VP of Sales', 'Head of Marketing'].includes(p.title)),
		);
		const found = result.output('Search Apollo People');
		expect(found.map((item) => item.json.id)).toEqual(expected.map((p) => p.id));
		expect(found.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
		expect(fake.requestLog.filter((entry) => entry.route === 'people_search')).toHaveLength(2);

		const enriched = result.output('Enrich by Apollo Person ID');
		expect(enriched.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		// Simplify: a flat record with the full name and email the search did not show.
		expect(enriched.map((item) => [item.json.name, item.json.email])).toEqual(expected.map((p) => [p.name, p.email]));
		expect(enriched.every((item) => item.json.matched === true)).toBe(true);
		const bulk = fake.requestLog.filter((entry) => entry.route === 'bulk_match');
		expect(bulk.map((call) => call.body)).toEqual([{ details: expected.map((p) => ({ id: p.id })) }]);
	});
});

import { fakePerTest, loadExample, runExample } from './support';

describe('examples/organization-enrich.workflow.json', () => {
	const startFake = fakePerTest();

	it('enriches the sample organizations in one call, a miss flagged in its place', async () => {
		const fake = await startFake();
		const { items, error } = await runExample(fake, loadExample('organization-enrich.workflow.json'));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		// Simplify is on by default: one flat record per organization.
		expect(items.slice(0, 3).map((item) => item.json.domain)).toEqual([
			'acme-robotics.example',
			'blueharbor-logistics.example',
			'cobaltpixel.example',
		]);
		expect(items[3].json).toMatchObject({ matched: false, noMatchReason: 'no_organization_returned' });
		expect(fake.requestLog.filter((entry) => entry.route === 'org_bulk_enrich')).toHaveLength(1);
	});
});

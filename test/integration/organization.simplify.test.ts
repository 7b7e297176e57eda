import { toApolloOrganization } from '../fake-apollo';
import { ORGANIZATION_COLUMNS, rowColumns } from '../support/simplify-columns';
import { MAPPED_ORGANIZATION, organizationsOf, orgJson, runOrganization } from './organizationSupport';
import { useFakeApollo } from './support';

const ROW = rowColumns(ORGANIZATION_COLUMNS);

describe('Organization → Simplify', () => {
	const fake = useFakeApollo();

	const acme = () => organizationsOf(fake())[0];
	const blue = () => organizationsOf(fake())[1];

	it('outputs one flat record per item: matched, unmatched, and error items left as they are', async () => {
		const run = await runOrganization(
			fake(),
			{ operation: 'enrich', ...MAPPED_ORGANIZATION, simplify: true },
			[{ domain: acme().primary_domain }, { domain: 'nowhere.example' }, { linkedin_url: 'https://example.com/company/acme' }],
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		const [matched, unmatched, failed] = run.items.map((item) => item.json);

		const full = toApolloOrganization(acme());
		expect(Object.keys(matched)).toEqual(ROW);
		expect(matched).toMatchObject({
			matched: true,
			lookedUpBy: `domain=${acme().primary_domain}`,
			apolloId: acme().id,
			name: acme().name,
			domain: acme().primary_domain,
			website: acme().website_url,
			linkedinUrl: acme().linkedin_url,
			phone: acme().primary_phone.sanitized_number,
			industry: acme().industry,
			keywords: acme().keywords,
			employeeCount: acme().estimated_num_employees,
			annualRevenue: acme().annual_revenue,
			annualRevenuePrinted: acme().annual_revenue_printed,
			foundedYear: acme().founded_year,
			city: acme().city,
			country: acme().country,
			technologies: full.technology_names,
			totalFunding: full.total_funding,
			latestFundingStage: full.latest_funding_stage,
			noMatchReason: null,
			credits: 1,
			requestId: null,
		});
		// Flat: nothing is an object.
		const nested = Object.values(matched).filter((value) => value !== null && typeof value === 'object' && !Array.isArray(value));
		expect(nested).toEqual([]);

		expect(Object.keys(unmatched)).toEqual(ROW);
		expect(unmatched).toMatchObject({ matched: false, noMatchReason: 'no_organization_returned', apolloId: null, name: null, domain: null, keywords: [], technologies: [] });

		expect(Object.keys(failed)).toEqual(['error', 'description', 'httpCode']);
	});

	it('keeps the call counters, dedupe and pairing of Bulk Enrich, repeats and misses included', async () => {
		const inputs = [
			{ domain: acme().primary_domain },
			{ domain: 'unknown.example' },
			{ website: `https://www.${blue().primary_domain}/` },
			{ domain: acme().primary_domain.toUpperCase() },
		];
		const parameters = { operation: 'bulkEnrich', ...MAPPED_ORGANIZATION, simplify: true, options: { includeApolloDetails: true } };
		const run = await runOrganization(fake(), parameters, inputs);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
		run.items.forEach((item) => expect(Object.keys(item.json)).toEqual(rowColumns(ORGANIZATION_COLUMNS, { apollo: true })));
		expect(run.items.map((item) => item.json.apolloId)).toEqual([acme().id, null, blue().id, acme().id]);
		expect(run.items.map((item) => item.json.credits)).toEqual([1, 0, 1, 0]);
		// Blue Harbor was founded before 2005: the fake gives it no funding, and the columns stay.
		expect(run.items[2].json).toMatchObject({ totalFunding: null, latestFundingStage: null, foundedYear: blue().founded_year });
		expect(run.items[1].json.apollo).toMatchObject({ operation: 'bulkEnrich', matched: false, noMatchReason: 'no_organization_returned' });
		expect(run.items[0].json.apollo).toMatchObject({
			operation: 'bulkEnrich',
			matched: true,
			call: { batchNumber: 1, batchSize: 3, alignedBy: 'identifiers', missingRecords: 1 },
			dedupe: { sharedWithItem: null, run: { repeatedItems: 1, callsSaved: 0, creditsSaved: 1 } },
		});
		expect(run.items[3].json.apollo).toMatchObject({ matched: true, dedupe: { sharedWithItem: 0 } });
		expect(fake().requestLog.filter((entry) => entry.route === 'org_bulk_enrich')).toHaveLength(1);
	});

	it('keeps the full Apollo record when off', async () => {
		const run = await runOrganization(fake(), { operation: 'bulkEnrich', ...MAPPED_ORGANIZATION, simplify: false }, [{ domain: acme().primary_domain }]);
		expect(Object.keys(run.items[0].json)).toEqual(['matched', 'noMatchReason', 'skipped', 'lookedUpBy', 'credits', 'organization', 'apollo']);
		expect(orgJson(run.items[0]).organization).toEqual(toApolloOrganization(acme()));
	});
});

/**
 * The credit protections apply to organizations as to people: the memory of earlier runs, the
 * credit cap (1 credit per organization found), and the summary line.
 */
import { harnessDeduplication } from '../harness';
import { organizationsOf, runOrganization } from './organizationSupport';
import { apolloCalls, useFakeApollo } from './support';

describe('Organization: memory of earlier runs and the credit cap', () => {
	const fake = useFakeApollo({ latencyMs: 5, rateLimits: { minute: { limit: 1000 } }, orgBulkResponse: 'compact' });
	beforeEach(() => {
		harnessDeduplication.clear();
	});

	it('skips organizations enriched in an earlier run', async () => {
		const inputs = organizationsOf(fake()).slice(0, 6).map((org) => ({ domain: org.primary_domain }));
		const parameters = { operation: 'bulkEnrich', domain: '={{ $json.domain }}', options: { skipEnrichedWithinDays: 7 } };
		await runOrganization(fake(), parameters, inputs);
		expect(apolloCalls(fake(), 'org_bulk_enrich')).toHaveLength(1);
		fake().clearLog();
		const second = await runOrganization(fake(), parameters, inputs);
		expect(apolloCalls(fake())).toEqual([]);
		expect(second.items.map((item) => item.json.skipped)).toEqual(inputs.map(() => 'enriched_before'));
	});

	it('keeps to the cap at 1 credit per organization', async () => {
		const inputs = organizationsOf(fake()).map((org) => ({ domain: org.primary_domain }));
		const run = await runOrganization(fake(), { operation: 'enrich', domain: '={{ $json.domain }}', options: { maxCreditsPerRun: 5 } }, inputs);
		expect(fake().creditsCharged()).toBe(5);
		expect(run.items.filter((item) => item.json.skipped === 'credit_cap')).toHaveLength(inputs.length - 5);
	});
});

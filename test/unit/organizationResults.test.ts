import type { ApolloOrganizationDetails } from '../../nodes/ApolloEnrich/protocol/organizationIdentifiers';
import {
	alignBulkOrganizations,
	classifyOrganization,
	organizationCallMetaOf,
	type BulkAlignment,
} from '../../nodes/ApolloEnrich/protocol/organizationResults';

describe('classifyOrganization', () => {
	it('treats a missing organization, a non-object and one without an id as no match', () => {
		expect(classifyOrganization(undefined)).toEqual({ matched: false, reason: 'no_organization_returned' });
		expect(classifyOrganization(null)).toEqual({ matched: false, reason: 'no_organization_returned' });
		expect(classifyOrganization('acme')).toEqual({ matched: false, reason: 'no_organization_returned' });
		expect(classifyOrganization({ name: 'Acme' })).toEqual({ matched: false, reason: 'no_organization_id' });
		expect(classifyOrganization({ id: 'o1' })).toEqual({ matched: true, record: { id: 'o1' } });
	});
});

describe('organizationCallMetaOf', () => {
	it('collects the bulk counters Apollo sends, null for the rest', () => {
		const meta = organizationCallMetaOf(
			{ total_requested_records: 3, unique_enriched_records: '2', missing_records: 1, organizations: [] },
			{ number: 2, size: 3, alignedBy: 'identifiers' },
		);
		expect(meta).toEqual({
			requestId: null,
			call: {
				batchNumber: 2,
				batchSize: 3,
				alignedBy: 'identifiers',
				creditsConsumed: null,
				totalRequestedRecords: 3,
				totalRequestedDomains: null,
				uniqueDomains: null,
				uniqueRecords: null,
				uniqueEnrichedRecords: 2,
				missingRecords: 1,
			},
		});
		const single = organizationCallMetaOf({});
		expect(Object.values(single.call).every((value) => value === null)).toBe(true);
	});
});

describe('alignBulkOrganizations', () => {
	const acme = { id: 'a', name: 'Acme Robotics', primary_domain: 'acme.com', website_url: 'http://www.acme.com', linkedin_url: 'http://www.linkedin.com/company/acme' };
	const blue = { id: 'b', name: 'Blue Harbor', primary_domain: 'blue.com', website_url: 'http://www.blue.com', linkedin_url: 'http://www.linkedin.com/company/blue' };
	const cobalt = { id: 'c', name: 'Cobalt Pixel', primary_domain: 'cobalt.com', website_url: null, linkedin_url: null };
	const ids = (result: BulkAlignment) =>
		result.ok ? result.classifications.map((c) => (c.matched ? c.record.id : c.reason)) : [result.message];
	const alignedBy = (result: BulkAlignment) => (result.ok ? result.alignedBy : undefined);

	it('pairs by position when there is one entry per entry sent and nothing contradicts it', () => {
		const sent: ApolloOrganizationDetails[] = [{ domain: 'acme.com' }, { domain: 'nowhere.example' }, { name: 'Blue' }];
		const result = alignBulkOrganizations({ organizations: [acme, null, blue] }, sent);
		expect(alignedBy(result)).toBe('position');
		// A loosely written name is trusted by position: Apollo matches names loosely.
		expect(ids(result)).toEqual(['a', 'no_organization_returned', 'b']);
	});

	it('pairs by identifiers when misses are left out and repeats merged', () => {
		const sent: ApolloOrganizationDetails[] = [
			{ website: 'https://www.blue.com/contact' },
			{ domain: 'nowhere.example' },
			{ linkedin_url: 'https://linkedin.com/company/acme/' },
			{ name: 'cobalt  PIXEL' },
			{ domain: 'acme.com', name: 'Acme' },
		];
		const result = alignBulkOrganizations(
			{ organizations: [blue, acme, cobalt], missing_records: 1 },
			sent,
		);
		expect(alignedBy(result)).toBe('identifiers');
		expect(ids(result)).toEqual(['b', 'no_organization_returned', 'a', 'c', 'a']);
		// The organization two entries share is copied, not shared between output items.
		const [, , third, , fifth] = result.ok ? result.classifications : [];
		expect(third.matched && fifth.matched && third.record !== fifth.record).toBe(true);
	});

	it('notices a reordered answer of the right length by its domains', () => {
		const sent: ApolloOrganizationDetails[] = [{ domain: 'acme.com' }, { domain: 'blue.com' }];
		const result = alignBulkOrganizations({ organizations: [blue, acme] }, sent);
		expect(alignedBy(result)).toBe('identifiers');
		expect(ids(result)).toEqual(['a', 'b']);
	});

	it('notices a reordered answer of the right length by exact names', () => {
		const sent: ApolloOrganizationDetails[] = [{ name: 'Acme Robotics' }, { name: 'blue harbor' }];
		const result = alignBulkOrganizations({ organizations: [blue, acme] }, sent);
		expect([alignedBy(result), ...ids(result)]).toEqual(['identifiers', 'a', 'b']);
	});

	it('flags an entry it cannot attribute instead of guessing', () => {
		const sent: ApolloOrganizationDetails[] = [{ name: 'Acme Robotics, Inc.' }, { domain: 'nowhere.example' }];
		// Apollo found Acme for the first entry under a differently written name.
		const unclaimed = alignBulkOrganizations({ organizations: [acme] }, sent);
		expect(ids(unclaimed)).toEqual(['ambiguous_response', 'ambiguous_response']);
		// Its counters say one entry missed, but two could not be paired.
		const merged = alignBulkOrganizations(
			{ organizations: [acme], missing_records: 0 },
			[{ domain: 'acme.com' }, { name: 'ACME Inc' }],
		);
		expect(ids(merged)).toEqual(['a', 'ambiguous_response']);
		// Without anything unclaimed and with matching counters, an unpaired entry is a plain miss.
		const missed = alignBulkOrganizations(
			{ organizations: [acme], missing_records: 1 },
			[{ domain: 'acme.com' }, { domain: 'nowhere.example' }],
		);
		expect(ids(missed)).toEqual(['a', 'no_organization_returned']);
	});

	it('never pairs on an identifier two organizations share', () => {
		const twin = { ...blue, id: 'b2', primary_domain: 'blue2.com', website_url: null, name: 'Blue Harbor' };
		const result = alignBulkOrganizations({ organizations: [blue, twin] }, [{ name: 'Blue Harbor' }]);
		expect(ids(result)).toEqual(['ambiguous_response']);
	});

	it('refuses an answer without an organizations list', () => {
		expect(alignBulkOrganizations({ status: 'success' }, [{ domain: 'acme.com' }])).toEqual({
			ok: false,
			message: 'Apollo answered bulk_enrich without an `organizations` list',
		});
	});
});

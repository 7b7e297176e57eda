import { enrichOutput } from '../../nodes/ApolloEnrich/protocol/enrichOutput';
import { organizationCallMetaOf } from '../../nodes/ApolloEnrich/protocol/organizationResults';
import { callMetaOf } from '../../nodes/ApolloEnrich/protocol/personResults';

describe('enrichOutput', () => {
	it('puts the person and a flagged no-match into one shape', () => {
		const meta = callMetaOf({ request_id: '1' });
		expect(enrichOutput('person', 'enrich', { matched: false, reason: 'no_person_id' }, meta)).toMatchObject({
			person: null,
			apollo: { operation: 'enrich', matched: false, noMatchReason: 'no_person_id', requestId: '1' },
		});
	});
	it('gives organizations the same shape under their own key', () => {
		const single = organizationCallMetaOf({});
		expect(enrichOutput('organization', 'enrich', { matched: false, reason: 'no_organization_returned' }, single)).toEqual({
			organization: null,
			apollo: { operation: 'enrich', matched: false, noMatchReason: 'no_organization_returned', ...single, dedupe: null },
		});
	});
	it('carries a match as the record itself, with the dedupe facts', () => {
		const record = { id: 'p1', name: 'Jane' };
		const dedupe = { sharedWithItem: 3, run: null };
		const output = enrichOutput('person', 'bulkEnrich', { matched: true, record }, callMetaOf({}), dedupe);
		expect(output.person).toBe(record);
		expect(output.apollo).toMatchObject({ operation: 'bulkEnrich', matched: true, noMatchReason: null, dedupe });
	});
});

import { enrichOutput, skippedOutput } from '../../nodes/ApolloEnrich/protocol/enrichOutput';
import { organizationCallMetaOf } from '../../nodes/ApolloEnrich/protocol/organizationResults';
import { callMetaOf } from '../../nodes/ApolloEnrich/protocol/personResults';

describe('enrichOutput', () => {
	it('puts the person and a flagged no-match into one shape', () => {
		const meta = callMetaOf({ request_id: '1' });
		expect(enrichOutput('person', 'enrich', { matched: false, reason: 'no_person_id' }, { details: { email: 'a@b.co' }, meta })).toMatchObject({
			matched: false,
			noMatchReason: 'no_person_id',
			lookedUpBy: 'email=a@b.co',
			credits: 0,
			person: null,
			apollo: { operation: 'enrich', matched: false, noMatchReason: 'no_person_id', requestId: '1' },
		});
	});
	it('gives organizations the same shape under their own key', () => {
		const single = organizationCallMetaOf({});
		expect(enrichOutput('organization', 'enrich', { matched: false, reason: 'no_organization_returned' }, { details: { domain: 'acme.com' }, meta: single })).toEqual({
			matched: false,
			noMatchReason: 'no_organization_returned',
			skipped: null,
			lookedUpBy: 'domain=acme.com',
			credits: 0,
			organization: null,
			apollo: { operation: 'enrich', matched: false, noMatchReason: 'no_organization_returned', skipped: null, ...single, dedupe: null },
		});
	});
	it('carries a match as the record itself, with the dedupe facts', () => {
		const record = { id: 'p1', name: 'Jane' };
		const dedupe = { sharedWithItem: 3, run: null };
		const output = enrichOutput('person', 'bulkEnrich', { matched: true, record }, { details: { id: 'p1' }, meta: callMetaOf({}), dedupe, credits: 1 });
		expect(output.person).toBe(record);
		expect(output).toMatchObject({ matched: true, credits: 1, lookedUpBy: 'id=p1' });
		expect(output.apollo).toMatchObject({ operation: 'bulkEnrich', matched: true, noMatchReason: null, dedupe });
	});
	it('flags an item the run did not send, with no record and no credit', () => {
		expect(skippedOutput('person', 'bulkEnrich', 'credit_cap', { email: 'a@b.co', domain: 'b.co' })).toEqual({
			matched: false,
			noMatchReason: null,
			skipped: 'credit_cap',
			lookedUpBy: 'email=a@b.co, domain=b.co',
			credits: 0,
			person: null,
			apollo: { operation: 'bulkEnrich', matched: false, noMatchReason: null, skipped: 'credit_cap', requestId: null, dedupe: null },
		});
	});
});

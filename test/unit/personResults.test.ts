import {
	alignBulkMatches,
	BulkResponseError,
	callMetaOf,
	classifyPerson,
	creditsPerMatch,
	type CallMeta,
} from '../../nodes/ApolloEnrich/protocol/personResults';

describe('classifyPerson', () => {
	it('recognises the three no-match forms', () => {
		expect(classifyPerson(null)).toEqual({ matched: false, reason: 'no_person_returned' });
		expect(classifyPerson(undefined)).toEqual({ matched: false, reason: 'no_person_returned' });
		expect(classifyPerson({ id: 'x', match_confidence: 'none' })).toEqual({ matched: false, reason: 'match_confidence_none' });
		expect(
			classifyPerson({ name: '', match_confidence: 'none', organization: { name: 'Acme' } }),
		).toEqual({ matched: false, reason: 'match_confidence_none' });
		expect(classifyPerson({ name: '', organization: { name: 'Acme' } })).toEqual({ matched: false, reason: 'no_person_id' });
	});
	it('accepts a person with an id', () => {
		expect(classifyPerson({ id: 'p1', name: 'Jane' })).toEqual({ matched: true, record: { id: 'p1', name: 'Jane' } });
	});
});

describe('callMetaOf', () => {
	it('collects request id, async statuses and counters', () => {
		const meta = callMetaOf(
			{
				request_id: '-1039995589705121901',
				waterfall: { status: 'accepted', message: 'queued' },
				phone_enrichment: { status: 'pending', message: 'later', request_id: '-1039995589705121901' },
				credits_consumed: 2.5,
				total_requested_enrichments: 3,
				unique_enriched_records: 2,
				missing_records: 1,
			},
			{ number: 2, size: 3 },
		);
		expect(meta).toEqual({
			requestId: '-1039995589705121901',
			waterfall: { status: 'accepted', message: 'queued', unprocessedAttributes: null },
			phoneEnrichment: { status: 'pending', message: 'later', requestId: '-1039995589705121901' },
			call: {
				batchNumber: 2,
				batchSize: 3,
				creditsConsumed: 2.5,
				totalRequestedEnrichments: 3,
				uniqueEnrichedRecords: 2,
				missingRecords: 1,
			},
		});
	});
	it('uses null for what Apollo left out (single match, waterfall bulk)', () => {
		const meta = callMetaOf({ request_id: '1' });
		expect(meta.waterfall).toBeNull();
		expect(meta.phoneEnrichment).toBeNull();
		expect(Object.values(meta.call).every((value) => value === null)).toBe(true);
	});
});

describe('alignBulkMatches', () => {
	it('keeps positions, nulls included', () => {
		const matches = alignBulkMatches({ matches: [{ id: 'a' }, null, { id: 'c' }] }, [{}, {}, { id: 'c' }]);
		expect(matches).toEqual([{ id: 'a' }, null, { id: 'c' }]);
	});
	it('refuses what cannot be paired safely', () => {
		expect(() => alignBulkMatches({}, [{}])).toThrow(BulkResponseError);
		expect(() => alignBulkMatches({ matches: [null] }, [{}, {}])).toThrow(/1 matches for 2 people/);
		expect(() => alignBulkMatches({ matches: [{ id: 'b' }] }, [{ id: 'a' }])).toThrow(/person a was asked for/);
	});
});

describe('creditsPerMatch', () => {
	const meta = (creditsConsumed: number | null, uniqueEnrichedRecords: number | null): CallMeta => ({
		requestId: null,
		waterfall: null,
		phoneEnrichment: null,
		call: { batchNumber: 1, batchSize: 10, creditsConsumed, totalRequestedEnrichments: 10, uniqueEnrichedRecords, missingRecords: null },
	});

	it("uses the call's own credits per unique matched person, or 1 without counters", () => {
		expect(creditsPerMatch(meta(16, 8))).toBe(2);
		expect(creditsPerMatch(meta(null, null))).toBe(1);
		expect(creditsPerMatch(meta(0, 0))).toBe(1);
	});
});

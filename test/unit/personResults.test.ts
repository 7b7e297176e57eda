import {
	alignBulkMatches,
	BulkResponseError,
	callMetaOf,
	classifyPerson,
	personOutput,
} from '../../nodes/ApolloEnrich/protocol/personResults';
import { chunk } from '../../nodes/ApolloEnrich/protocol/batching';
import { buildFlagsQuery } from '../../nodes/ApolloEnrich/protocol/enrichOptions';
import { readWebhookResult } from '../../nodes/ApolloEnrich/protocol/webhookResult';

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
		expect(classifyPerson({ id: 'p1', name: 'Jane' })).toEqual({ matched: true, person: { id: 'p1', name: 'Jane' } });
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
	it('puts the person and a flagged no-match into one shape', () => {
		const meta = callMetaOf({ request_id: '1' });
		expect(personOutput('enrich', { matched: false, reason: 'no_person_id' }, meta)).toMatchObject({
			person: null,
			apollo: { operation: 'enrich', matched: false, noMatchReason: 'no_person_id', requestId: '1' },
		});
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

describe('chunk', () => {
	it('makes ceil(n / size) groups in order', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunk(Array.from({ length: 101 }, (_, i) => i), 10)).toHaveLength(11);
		expect(chunk([], 10)).toEqual([]);
		expect(() => chunk([1], 0)).toThrow(RangeError);
	});
});

describe('buildFlagsQuery', () => {
	const none = { revealPersonalEmails: false, revealPhoneNumber: false, runWaterfallEmail: false, runWaterfallPhone: false, webhookUrl: '' };
	it('sends only the flags that are on, and the webhook only when needed', () => {
		expect(buildFlagsQuery({ ...none, revealPersonalEmails: true, webhookUrl: 'https://x.test/h' })).toEqual({
			ok: true,
			query: { reveal_personal_emails: true },
		});
		expect(buildFlagsQuery({ ...none, revealPhoneNumber: true, webhookUrl: ' https://x.test/h?secret=a&b=c ' })).toEqual({
			ok: true,
			query: { reveal_phone_number: true, webhook_url: 'https://x.test/h?secret=a&b=c' },
		});
	});
	it('requires a webhook URL for phone reveal and waterfalls', () => {
		expect(buildFlagsQuery({ ...none, revealPhoneNumber: true, runWaterfallEmail: true })).toMatchObject({
			ok: false,
			message: 'Reveal Phone Number and Run Waterfall Email needs a Webhook URL',
		});
		expect(buildFlagsQuery({ ...none, runWaterfallPhone: true, webhookUrl: 'ftp://x' })).toMatchObject({
			ok: false,
			message: expect.stringMatching(/not an http\(s\) URL/),
		});
	});
});

describe('readWebhookResult', () => {
	it('turns result_pending into a pending record', () => {
		expect(readWebhookResult('-5', { error_code: 'result_pending', retry_after_seconds: 10 })).toMatchObject({
			requestId: '-5',
			status: 'pending',
			pending: true,
			retryAfterSeconds: 10,
			result: null,
		});
	});
	it('reads a delivered result', () => {
		expect(
			readWebhookResult('-5', {
				request_id: '-5',
				webhook_status: 'success',
				request_type: 'phone',
				last_dispatched_at: '2026-11-26T10:00:00Z',
				failure_reason: null,
				webhook_result: { people: [] },
			}),
		).toEqual({
			requestId: '-5',
			status: 'success',
			pending: false,
			retryAfterSeconds: null,
			requestType: 'phone',
			lastDispatchedAt: '2026-11-26T10:00:00Z',
			failureReason: null,
			result: { people: [] },
		});
	});
});

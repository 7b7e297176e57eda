import { readWebhookResult } from '../../nodes/ApolloEnrich/protocol/webhookResult';
import { apolloIdOf, nothingPending, nothingPendingItem, resultItem } from '../../nodes/ApolloEnrich/protocol/webhookResultItems';

const ID = '-3497021965086181833';

/** An Apollo Enrich output item (full output) for person `id`. */
const enriched = (id: string | null, apollo: Record<string, unknown> = {}) => ({
	person: id === null ? null : { id, name: 'x' },
	apollo: { matched: id !== null, requestId: ID, waterfall: null, phoneEnrichment: null, ...apollo },
});

const delivered = readWebhookResult(ID, {
	request_id: ID,
	webhook_status: 'success',
	request_type: 'phone',
	webhook_result: {
		status: 'success',
		people: [
			{ id: 'p1', phone_numbers: [{ sanitized_number: '+14155550101', type_cd: 'mobile' }] },
			{ id: 'p2', phone_numbers: [{ sanitized_number: '+14155550102', type_cd: 'mobile' }] },
		],
	},
});

describe('apolloIdOf', () => {
	it('reads person.id, then apolloId, then id', () => {
		expect(apolloIdOf(enriched('p1'))).toBe('p1');
		expect(apolloIdOf(enriched(null))).toBeNull();
		expect(apolloIdOf({ apolloId: 'p2', id: 'other' })).toBe('p2');
		expect(apolloIdOf({ id: 'p3' })).toBe('p3');
		expect(apolloIdOf({})).toBeNull();
		expect(apolloIdOf('text')).toBeNull();
	});
});

describe('nothingPending', () => {
	it('flags a miss, in the full and the simplified output', () => {
		expect(nothingPending(enriched(null), ID)?.reason).toBe('no_match');
		expect(nothingPending({ apolloId: null, matched: false }, ID)?.reason).toBe('no_match');
	});

	it('flags what Wait for Results settled, with its own reason', () => {
		expect(nothingPending(enriched('p1', { asyncResult: { status: 'delivered' } }), ID)?.reason).toBe('already_delivered');
		expect(nothingPending(enriched('p1', { asyncResult: { status: 'none', reason: 'phone_enrichment_skipped', message: 'm' } }), ID)).toEqual({
			reason: 'phone_enrichment_skipped',
			message: 'm',
		});
		expect(nothingPending(enriched('p1', { asyncResult: { status: 'pending' } }), ID)).toBeUndefined();
		expect(nothingPending(enriched('p1', { asyncResult: { status: 'error' } }), ID)).toBeUndefined();
	});

	it('flags what Apollo’s immediate answer said will not come', () => {
		const skipped = enriched('p1', { phoneEnrichment: { status: 'skipped', message: 'already running' } });
		expect(nothingPending(skipped, ID)?.reason).toBe('phone_enrichment_skipped');
		const failed = enriched('p1', { waterfall: { status: 'failed', message: 'no waterfall configured' } });
		expect(nothingPending(failed, ID)).toEqual({
			reason: 'waterfall_not_accepted',
			message: 'Apollo answered waterfall.status "failed": no waterfall configured',
		});
		expect(nothingPending(enriched('p1', { phoneEnrichment: { status: 'pending' } }), ID)).toBeUndefined();
		expect(nothingPending(enriched('p1', { waterfall: { status: 'accepted' } }), ID)).toBeUndefined();
	});

	it('flags an empty Request ID only where Apollo sent none', () => {
		expect(nothingPending(enriched('p1', { requestId: null }), null)?.reason).toBe('no_request_id');
		expect(nothingPending(enriched('p1'), null)).toBeUndefined();
		expect(nothingPending({}, null)).toBeUndefined();
	});

	it('polls anything else: a pasted id, an unrelated item', () => {
		expect(nothingPending(enriched('p1'), ID)).toBeUndefined();
		expect(nothingPending({ email: 'a@b.example' }, ID)).toBeUndefined();
		expect(nothingPending(undefined, ID)).toBeUndefined();
	});
});

describe('resultItem', () => {
	it('gives an item its own person only, with the normalised numbers', () => {
		const own = resultItem(delivered, 'p2');
		expect(own).toMatchObject({ requestId: ID, status: 'success', apolloId: 'p2', personInResult: true, emails: [] });
		expect(own.phoneNumbers.map((phone) => phone.number)).toEqual(['+14155550102']);
		expect(own.result).toEqual({ status: 'success', people: [{ id: 'p2', phone_numbers: [{ sanitized_number: '+14155550102', type_cd: 'mobile' }] }] });
	});

	it('says when the result does not mention the person', () => {
		expect(resultItem(delivered, 'p9')).toMatchObject({ personInResult: false, phoneNumbers: [], result: { status: 'success', people: [] } });
	});

	it('gives the whole result to an item naming nobody, and a pending answer as it is', () => {
		expect(resultItem(delivered, null)).toMatchObject({ personInResult: null, result: { people: [{ id: 'p1' }, { id: 'p2' }] } });
		const pending = resultItem(readWebhookResult(ID, { error_code: 'result_pending', retry_after_seconds: 10 }), 'p1');
		expect(pending).toMatchObject({ status: 'pending', pending: true, retryAfterSeconds: 10, personInResult: null, result: null });
	});

	it('hands out copies, never the shared delivery', () => {
		const first = resultItem(delivered, 'p1');
		const second = resultItem(delivered, null);
		(first.result as { people: Array<{ id: string }> }).people[0].id = 'changed';
		expect((second.result as { people: Array<{ id: string }> }).people[0].id).toBe('p1');
		expect((delivered.result as { people: Array<{ id: string }> }).people[0].id).toBe('p1');
	});
});

describe('nothingPendingItem', () => {
	it('has every key of a fetched item', () => {
		const flagged = nothingPendingItem(ID, 'p1', { reason: 'no_match', message: 'm' });
		expect(Object.keys(flagged).sort()).toEqual(Object.keys(resultItem(delivered, 'p1')).sort());
		expect(flagged).toMatchObject({ requestId: ID, status: 'none', pending: false, reason: 'no_match', result: null });
	});
});

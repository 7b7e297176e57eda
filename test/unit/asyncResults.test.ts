import {
	asyncResultMeta,
	bestEmail,
	deliveredPeople,
	expectAsyncResult,
	findDelivered,
	groupByRequestId,
	mergeDelivered,
	toSeconds,
	type AsyncFlags,
	type PersonItemView,
} from '../../nodes/ApolloEnrich/protocol/asyncResults';
import { phonePayload, waterfallPayload } from '../fake-apollo';
import { DEFAULT_PEOPLE, toApolloPerson } from '../fake-apollo/directory';

const NONE: AsyncFlags = { revealPhoneNumber: false, runWaterfallEmail: false, runWaterfallPhone: false };
const PHONE: AsyncFlags = { ...NONE, revealPhoneNumber: true };
const WATERFALL_EMAIL: AsyncFlags = { ...NONE, runWaterfallEmail: true };

function view(apollo: Partial<PersonItemView['apollo']> = {}, person: PersonItemView['person'] = { id: 'p1' }): PersonItemView {
	return {
		person,
		apollo: { matched: person !== null, requestId: '-42', waterfall: null, phoneEnrichment: null, ...apollo },
	};
}

const status = (value: string | null, message: string | null = null) => ({ status: value, message });

describe('expectAsyncResult', () => {
	it('expects nothing when no async option was on', () => {
		expect(expectAsyncResult(view(), NONE)).toEqual({ kind: 'notRequested' });
	});

	it('polls the top-level request id when the phone reveal is pending or the waterfall accepted', () => {
		const pending = view({ phoneEnrichment: { ...status('pending'), requestId: '-42' } });
		expect(expectAsyncResult(pending, PHONE)).toEqual({ kind: 'poll', requestId: '-42' });
		const accepted = view({ waterfall: { ...status('accepted'), unprocessedAttributes: null } });
		expect(expectAsyncResult(accepted, WATERFALL_EMAIL)).toEqual({ kind: 'poll', requestId: '-42' });
	});

	it('polls when Apollo left the status out (single match may not report phone_enrichment)', () => {
		expect(expectAsyncResult(view(), PHONE)).toEqual({ kind: 'poll', requestId: '-42' });
		expect(expectAsyncResult(view(), WATERFALL_EMAIL)).toEqual({ kind: 'poll', requestId: '-42' });
	});

	it('does not poll a skipped phone reveal or a waterfall that was not accepted, and says why', () => {
		const skipped = view({ phoneEnrichment: { ...status('skipped', 'already running'), requestId: null } });
		expect(expectAsyncResult(skipped, PHONE)).toEqual({
			kind: 'none',
			requestId: '-42',
			reason: 'phone_enrichment_skipped',
			message: 'Apollo answered phone_enrichment.status "skipped": already running',
		});
		const odd = view({ phoneEnrichment: { ...status('done'), requestId: null } });
		expect(expectAsyncResult(odd, PHONE)).toMatchObject({ kind: 'none', reason: 'phone_enrichment_not_pending' });
		const failed = view({ waterfall: { ...status('failed', 'No waterfall template'), unprocessedAttributes: null } });
		expect(expectAsyncResult(failed, WATERFALL_EMAIL)).toMatchObject({
			kind: 'none',
			reason: 'waterfall_not_accepted',
			message: 'Apollo answered waterfall.status "failed": No waterfall template',
		});
	});

	it('polls when any one of the requested kinds is coming', () => {
		const mixed = view({
			waterfall: { ...status('failed'), unprocessedAttributes: null },
			phoneEnrichment: { ...status('pending'), requestId: '-42' },
		});
		expect(expectAsyncResult(mixed, { ...PHONE, runWaterfallEmail: true })).toEqual({ kind: 'poll', requestId: '-42' });
	});

	it('ignores phone_enrichment when the phone waterfall carries the phones', () => {
		const flags = { ...PHONE, runWaterfallPhone: true };
		const item = view({
			waterfall: { ...status('accepted'), unprocessedAttributes: null },
			phoneEnrichment: { ...status('skipped'), requestId: null },
		});
		expect(expectAsyncResult(item, flags)).toEqual({ kind: 'poll', requestId: '-42' });
	});

	it('expects nothing for a no-match or a call without request id', () => {
		expect(expectAsyncResult(view({}, null), PHONE)).toMatchObject({ kind: 'none', reason: 'no_match' });
		expect(expectAsyncResult(view({ requestId: null }), PHONE)).toMatchObject({ kind: 'none', reason: 'no_request_id' });
	});
});

describe('groupByRequestId', () => {
	it('groups the polled positions by request id, in first-seen order', () => {
		const groups = groupByRequestId([
			{ position: 0, expectation: { kind: 'poll', requestId: 'b' } },
			{ position: 1, expectation: { kind: 'none', requestId: 'b', reason: 'no_match', message: null } },
			{ position: 2, expectation: { kind: 'poll', requestId: 'a' } },
			{ position: 3, expectation: { kind: 'poll', requestId: 'b' } },
			{ position: 4, expectation: { kind: 'notRequested' } },
		]);
		expect([...groups]).toEqual([
			['b', [0, 3]],
			['a', [2]],
		]);
	});
});

describe('merging a delivered result', () => {
	const [jane, omar] = DEFAULT_PEOPLE.filter((person) => person.mobile_phone !== null);

	it('adds the delivered phones to the person matched by Apollo id, without repeats', () => {
		const people = deliveredPeople(phonePayload([jane, omar]));
		const sync = toApolloPerson(omar);
		const delivered = findDelivered(sync, people);
		expect(delivered?.apolloPersonId).toBe(omar.id);
		const merged = mergeDelivered(sync, delivered);
		expect(merged).not.toBe(sync);
		expect(merged.phone_numbers).toEqual([
			expect.objectContaining({ sanitized_number: omar.mobile_phone?.sanitized_number, type_cd: 'mobile' }),
		]);
		// Merging the same delivery again adds nothing.
		expect(mergeDelivered(merged, delivered).phone_numbers).toHaveLength(1);
		// The merged entries are copies, not the delivery's own objects.
		expect((merged.phone_numbers as unknown[])[0]).not.toBe(delivered?.raw.phone_numbers && (delivered.raw.phone_numbers as unknown[])[0]);
	});

	it('fills the email the email waterfall left out, and keeps an email Apollo already gave', () => {
		const payload = waterfallPayload('-7', 1, [jane], { emails: true, phones: false }, new Date(0));
		const people = deliveredPeople(payload);
		const withoutEmail = toApolloPerson(jane, { omitEmail: true });
		const merged = mergeDelivered(withoutEmail, findDelivered(withoutEmail, people));
		expect(merged).toMatchObject({ email: jane.email, email_status: 'verified' });
		const withEmail = { ...toApolloPerson(jane), email: 'other@x.example', email_status: 'guessed' };
		expect(mergeDelivered(withEmail, findDelivered(withEmail, people))).toMatchObject({
			email: 'other@x.example',
			email_status: 'guessed',
		});
	});

	it('leaves a person the result does not mention as it was', () => {
		const people = deliveredPeople(phonePayload([jane]));
		const other = { id: 'someone-else', name: 'X' };
		expect(findDelivered(other, people)).toBeUndefined();
		expect(mergeDelivered(other, undefined)).toBe(other);
		expect(deliveredPeople(null).size).toBe(0);
		expect(deliveredPeople({ people: 'nope' }).size).toBe(0);
	});

	it('picks a verified email first, then by position', () => {
		const email = (address: string, state: string | null, position: number | null) => ({
			email: address,
			status: state,
			source: null,
			position,
		});
		expect(bestEmail([email('a@x', 'Unverified', 0), email('b@x', 'Verified', 2), email('c@x', 'verified', 1)])?.email).toBe('c@x');
		expect(bestEmail([email('a@x', null, null), email('b@x', null, 0)])?.email).toBe('b@x');
		expect(bestEmail([])).toBeUndefined();
	});
});

describe('asyncResultMeta', () => {
	it('always has every key', () => {
		expect(asyncResultMeta({ status: 'pending', requestId: '-1', waitedSeconds: toSeconds(2_345) })).toEqual({
			status: 'pending',
			requestId: '-1',
			reason: null,
			message: null,
			waitedSeconds: 2.3,
			polls: 0,
			webhookStatus: null,
			requestType: null,
			personInResult: false,
			emails: [],
			phoneNumbers: [],
		});
	});
});

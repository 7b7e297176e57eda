/**
 * Wait for Results, the pure part: which person items expect an asynchronous result and under
 * which request id, and how a delivered result is merged into a person record. Pure.
 *
 * Apollo answers the synchronous call with one top-level `request_id` per call, and says in
 * `waterfall.status` and `phone_enrichment.status` whether a result will follow (§1.4 of the
 * reference): `accepted` / `pending` mean it will; `skipped` or any other status mean nothing
 * comes for this request. A delivered result's `people[].id` is the sync `person.id`.
 *
 * Emails and phone numbers are normalised by the Apollo Webhook Trigger's reader, so both ways of
 * receiving results describe them alike.
 */
import {
	readDelivery,
	type NormalisedEmail,
	type NormalisedPerson,
	type NormalisedPhone,
} from '../../shared/apollo/deliveries';
import { isJsonObject, type JsonObject } from '../../shared/apollo/json';
import { asyncRequested, type EnrichFlags } from './personFlags';
import type { CallMeta } from './personResults';

export type AsyncFlags = Pick<
	EnrichFlags,
	'revealPhoneNumber' | 'runWaterfallEmail' | 'runWaterfallPhone'
>;

/** Why no result will come for an item. */
export type NoResultReason =
	| 'no_match'
	| 'no_request_id'
	| 'phone_enrichment_skipped'
	| 'phone_enrichment_not_pending'
	| 'waterfall_not_accepted';

export type AsyncExpectation =
	| { kind: 'notRequested' }
	| { kind: 'poll'; requestId: string }
	| { kind: 'none'; requestId: string | null; reason: NoResultReason; message: string | null };

/** The parts of a person output item this module reads. */
export interface PersonItemView {
	person: JsonObject | null;
	apollo: Pick<CallMeta, 'requestId' | 'waterfall' | 'phoneEnrichment'> & { matched: boolean };
}

type SourceVerdict =
	| { coming: true }
	| { coming: false; reason: NoResultReason; message: string | null };

/**
 * What Apollo said about each kind of async work the flags asked for. A status object Apollo
 * left out counts as coming: the reference leaves open whether single people/match reports
 * `phone_enrichment` at all, and polling an id once is cheaper than losing its numbers.
 */
function verdicts(view: PersonItemView, flags: AsyncFlags): SourceVerdict[] {
	const found: SourceVerdict[] = [];
	if (flags.runWaterfallEmail || flags.runWaterfallPhone) {
		const waterfall = view.apollo.waterfall;
		if (waterfall === null || waterfall.status === 'accepted') found.push({ coming: true });
		else
			found.push({
				coming: false,
				reason: 'waterfall_not_accepted',
				message: statusText('waterfall', waterfall),
			});
	}
	// With the phone waterfall on, Apollo sends no phone_enrichment: phones come with the waterfall.
	if (flags.revealPhoneNumber && !flags.runWaterfallPhone) {
		const phone = view.apollo.phoneEnrichment;
		if (phone === null || phone.status === 'pending') found.push({ coming: true });
		else
			found.push({
				coming: false,
				reason:
					phone.status === 'skipped' ? 'phone_enrichment_skipped' : 'phone_enrichment_not_pending',
				message: statusText('phone_enrichment', phone),
			});
	}
	return found;
}

function statusText(
	what: string,
	status: { status: string | null; message: string | null },
): string {
	const said = status.message ? `: ${status.message}` : '';
	return `Apollo answered ${what}.status "${status.status ?? 'none'}"${said}`;
}

export function expectAsyncResult(view: PersonItemView, flags: AsyncFlags): AsyncExpectation {
	if (!asyncRequested(flags)) return { kind: 'notRequested' };
	const requestId = view.apollo.requestId;
	if (!view.apollo.matched || view.person === null) {
		return {
			kind: 'none',
			requestId,
			reason: 'no_match',
			message: 'Apollo matched nobody, so no result comes for this item',
		};
	}
	if (requestId === null) {
		return {
			kind: 'none',
			requestId,
			reason: 'no_request_id',
			message: 'Apollo sent no request_id to poll with',
		};
	}
	const found = verdicts(view, flags);
	if (found.some((verdict) => verdict.coming)) return { kind: 'poll', requestId };
	const first = found[0] as Extract<SourceVerdict, { coming: false }>;
	return { kind: 'none', requestId, reason: first.reason, message: first.message };
}

/** Request ids in first-seen order, each with the output positions that wait for it. */
export function groupByRequestId(
	expectations: ReadonlyArray<{ position: number; expectation: AsyncExpectation }>,
): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	for (const { position, expectation } of expectations) {
		if (expectation.kind !== 'poll') continue;
		const group = groups.get(expectation.requestId);
		if (group) group.push(position);
		else groups.set(expectation.requestId, [position]);
	}
	return groups;
}

/** What `apollo.asyncResult` says on an item. Every key is always present. */
export interface AsyncResultMeta {
	/** `delivered`, `pending` (still not there at the timeout), `none` (none will come) or `error`. */
	status: 'delivered' | 'pending' | 'none' | 'error';
	requestId: string | null;
	/** A code for `none` and `error`, e.g. `phone_enrichment_skipped` or `request_id_unknown`. */
	reason: string | null;
	message: string | null;
	waitedSeconds: number;
	polls: number;
	/** Apollo's `webhook_status` and `request_type` of a delivered result. */
	webhookStatus: string | null;
	requestType: string | null;
	/** Whether the delivered result held an entry for this person. */
	personInResult: boolean;
	emails: NormalisedEmail[];
	phoneNumbers: NormalisedPhone[];
}

export function asyncResultMeta(
	fields: Partial<AsyncResultMeta> & Pick<AsyncResultMeta, 'status'>,
): AsyncResultMeta {
	return {
		requestId: null,
		reason: null,
		message: null,
		waitedSeconds: 0,
		polls: 0,
		webhookStatus: null,
		requestType: null,
		personInResult: false,
		emails: [],
		phoneNumbers: [],
		...fields,
	};
}

/** Seconds to one decimal: enough to read, without pretending to millisecond precision. */
export function toSeconds(ms: number): number {
	return Math.round(ms / 100) / 10;
}

/** The delivered people by Apollo person id (the sync `person.id`). */
export function deliveredPeople(result: unknown): Map<string, NormalisedPerson> {
	const byId = new Map<string, NormalisedPerson>();
	if (!isJsonObject(result)) return byId;
	for (const person of readDelivery(result).people) {
		if (person.apolloPersonId !== null && !byId.has(person.apolloPersonId)) {
			byId.set(person.apolloPersonId, person);
		}
	}
	return byId;
}

function personIdOf(person: JsonObject): string | null {
	const id = person.id;
	if (typeof id === 'string' && id !== '') return id;
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	return null;
}

export function findDelivered(
	person: JsonObject,
	people: ReadonlyMap<string, NormalisedPerson>,
): NormalisedPerson | undefined {
	const id = personIdOf(person);
	return id === null ? undefined : people.get(id);
}

/** The address to use when the sync record has none: verified first, then Apollo's order. */
export function bestEmail(emails: readonly NormalisedEmail[]): NormalisedEmail | undefined {
	const rank = (email: NormalisedEmail) => (email.status?.toLowerCase() === 'verified' ? 0 : 1);
	return [...emails].sort(
		(a, b) => rank(a) - rank(b) || (a.position ?? Infinity) - (b.position ?? Infinity),
	)[0];
}

function phoneKey(phone: unknown): string | null {
	if (!isJsonObject(phone)) return null;
	const number = phone.sanitized_number ?? phone.raw_number;
	return typeof number === 'string' ? number.replace(/[^\d+]/g, '') : null;
}

/**
 * The person record with a delivered result merged in, as a new object:
 * - `phone_numbers` gains the delivered entries (Apollo's own shape) not already on it;
 * - `email` and `email_status` are filled from the best delivered email only when the sync
 *   record has no email (Apollo leaves it out while the email waterfall runs). Apollo's sync
 *   `email_status` is lower case (`verified`), the waterfall's `Verified`; the merged value
 *   follows the sync field.
 */
export function mergeDelivered(
	person: JsonObject,
	delivered: NormalisedPerson | undefined,
): JsonObject {
	if (delivered === undefined) return person;
	const merged: JsonObject = { ...person };
	const incoming = Array.isArray(delivered.raw.phone_numbers) ? delivered.raw.phone_numbers : [];
	if (incoming.length > 0) {
		const existing = Array.isArray(person.phone_numbers) ? person.phone_numbers : [];
		const seen = new Set(existing.map(phoneKey).filter((key) => key !== null));
		const added = incoming.filter((phone) => {
			const key = phoneKey(phone);
			if (key === null || seen.has(key)) return false;
			seen.add(key);
			return true;
		});
		// Copies: items sharing one delivered person must not share its objects.
		merged.phone_numbers = [...existing, ...added.map((phone) => structuredClone(phone))];
	}
	const hasEmail = typeof person.email === 'string' && person.email.trim() !== '';
	const email = bestEmail(delivered.emails);
	if (!hasEmail && email !== undefined) {
		merged.email = email.email;
		merged.email_status = email.status === null ? null : email.status.toLowerCase();
	}
	return merged;
}

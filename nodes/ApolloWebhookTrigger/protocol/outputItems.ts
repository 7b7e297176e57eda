/** The items a delivery becomes. Pure. */
import type { Delivery, NormalisedPerson } from '../../shared/apollo/deliveries';
import { bestEmail, bestMobile, personName } from '../../shared/apollo/people';

export type OutputMode = 'perPerson' | 'wholeDelivery';

export interface DeliveryMeta {
	/** The readable dedupe key: use it to make downstream writes idempotent upserts. */
	dedupeKey: string;
	receivedAt: string;
	/** True only when duplicates are run flagged, or for test events already seen. */
	duplicate: boolean;
	type: Delivery['type'];
	requestId: string | null;
	peopleCount: number;
}

/**
 * A person's flat fields, picked as Apollo Enrich's Simplify picks them, so a sheet or CRM step
 * can map them directly; null when the delivery has none (phone reveals carry no email, and
 * Apollo's deliveries usually carry no name: join on apolloPersonId for it).
 */
function flatFields(person: NormalisedPerson): { name: string | null; email: string | null; mobilePhone: string | null } {
	return { name: personName(person.raw), email: bestEmail(person.emails), mobilePhone: bestMobile(person.phoneNumbers) };
}

export function buildOutputItems(
	delivery: Delivery,
	body: Record<string, unknown>,
	mode: OutputMode,
	meta: DeliveryMeta,
): Array<Record<string, unknown>> {
	// An unfamiliar shape, or a delivery without people, still becomes one whole item: dropping it
	// would lose data someone sent on purpose.
	if (mode === 'wholeDelivery' || delivery.type === 'unknown' || delivery.people.length === 0) {
		return [
			{
				requestId: delivery.requestId,
				type: delivery.type,
				status: delivery.status,
				people: delivery.people.map((person) => ({
					apolloPersonId: person.apolloPersonId,
					...flatFields(person),
					emails: person.emails,
					phoneNumbers: person.phoneNumbers,
				})),
				payload: body,
				delivery: meta,
			},
		];
	}
	return delivery.people.map((person) => ({
		apolloPersonId: person.apolloPersonId,
		...flatFields(person),
		requestId: delivery.requestId,
		type: delivery.type,
		emails: person.emails,
		phoneNumbers: person.phoneNumbers,
		person: person.raw,
		delivery: meta,
	}));
}

/** The items a delivery becomes. Pure. */
import type { Delivery } from '../../shared/apollo/deliveries';

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
				people: delivery.people.map(({ apolloPersonId, emails, phoneNumbers }) => ({
					apolloPersonId,
					emails,
					phoneNumbers,
				})),
				payload: body,
				delivery: meta,
			},
		];
	}
	return delivery.people.map((person) => ({
		apolloPersonId: person.apolloPersonId,
		requestId: delivery.requestId,
		type: delivery.type,
		emails: person.emails,
		phoneNumbers: person.phoneNumbers,
		person: person.raw,
		delivery: meta,
	}));
}

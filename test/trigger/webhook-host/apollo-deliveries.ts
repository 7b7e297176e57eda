import { DEFAULT_PEOPLE, phonePayload, waterfallPayload } from '../../fake-apollo';
import type { FakePerson } from '../../fake-apollo';
import { Prng, RequestIdGenerator } from '../../fake-apollo/random';

// Bodies of Apollo's two documented webhook deliveries (reference §3a phone reveal, §3b
// waterfall), built with the fake Apollo's own payload builders so the host tests and the fake
// agree on the shape. Only the selection of people, the request ids and the timestamps are
// decided here, all from the seed.

export type ApolloDeliveryKind = 'phone' | 'waterfall';

export interface ApolloDelivery {
	kind: ApolloDeliveryKind;
	/**
	 * The Apollo request that caused the delivery. Waterfall bodies carry it as `request_id`;
	 * phone-reveal bodies do not (Apollo documents none), so a receiver must key those otherwise.
	 */
	requestId: string;
	body: Record<string, unknown>;
}

export interface ApolloDeliveriesOptions {
	count: number;
	seed?: number;
	/** Kinds to cycle through, in order. Default: both. */
	kinds?: ApolloDeliveryKind[];
	/** People per delivery (1..n, drawn from the fake's directory). Default 1. */
	peoplePerDelivery?: number;
}

const EPOCH = Date.UTC(2025, 0, 15, 9, 0, 0);

export function apolloDeliveries(options: ApolloDeliveriesOptions): ApolloDelivery[] {
	const seed = options.seed ?? 1;
	const rng = new Prng(seed);
	const ids = new RequestIdGenerator(seed);
	const kinds = options.kinds?.length ? options.kinds : (['phone', 'waterfall'] as const);
	const perDelivery = Math.max(1, Math.min(options.peoplePerDelivery ?? 1, DEFAULT_PEOPLE.length));
	const deliveries: ApolloDelivery[] = [];
	for (let i = 0; i < options.count; i++) {
		const kind = kinds[i % kinds.length];
		const people: FakePerson[] = [];
		while (people.length < perDelivery) {
			const person = DEFAULT_PEOPLE[Math.floor(rng.next() * DEFAULT_PEOPLE.length)];
			if (!people.includes(person)) people.push(person);
		}
		const requestId = ids.next();
		if (kind === 'phone') {
			deliveries.push({ kind, requestId, body: phonePayload(people) });
			continue;
		}
		const initiated = new Date(EPOCH + i * 60_000);
		const targets = { emails: true, phones: true };
		const body = waterfallPayload(requestId, people.length, people, targets, initiated);
		deliveries.push({ kind, requestId, body: withFixedCompletion(body, initiated) });
	}
	return deliveries;
}

/**
 * waterfallPayload stamps "now" as the completion time (in several places); replace it with
 * initiation + 5 minutes, the gap in Apollo's own example, so bodies depend on the seed only.
 */
function withFixedCompletion(body: Record<string, unknown>, initiated: Date) {
	const completedAt = body.request_completed as string;
	const fixed = new Date(initiated.getTime() + 5 * 60_000).toISOString();
	return JSON.parse(JSON.stringify(body).split(completedAt).join(fixed)) as Record<string, unknown>;
}

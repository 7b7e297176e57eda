import { readDelivery } from '../../../nodes/shared/apollo/deliveries';
import { buildOutputItems } from '../../../nodes/ApolloWebhookTrigger/protocol/outputItems';
import { phonePayload } from '../../fake-apollo';
import { DEFAULT_PEOPLE } from '../../fake-apollo/directory';

const meta = { dedupeKey: 'k', receivedAt: '2026-11-26T10:00:00.000Z', duplicate: false, type: 'phone' as const, requestId: null, peopleCount: 1 };

describe('buildOutputItems', () => {
	const body = phonePayload([DEFAULT_PEOPLE[0], DEFAULT_PEOPLE[1]]) as Record<string, unknown>;
	const delivery = readDelivery(body);
	it('makes one item per person by default, each with the delivery meta', () => {
		const items = buildOutputItems(delivery, body, 'perPerson', meta);
		expect(items).toHaveLength(2);
		expect(items[1]).toMatchObject({ apolloPersonId: DEFAULT_PEOPLE[1].id, type: 'phone', delivery: meta });
	});
	it('or the whole delivery as one item', () => {
		const items = buildOutputItems(delivery, body, 'wholeDelivery', meta);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ payload: body, people: [expect.any(Object), expect.any(Object)] });
	});
	it('passes an unfamiliar shape through whole', () => {
		const unknownBody = { event: 'something.else', data: { x: 1 } };
		expect(buildOutputItems(readDelivery(unknownBody), unknownBody, 'perPerson', meta)).toEqual([
			expect.objectContaining({ type: 'unknown', payload: unknownBody, delivery: meta }),
		]);
	});
});

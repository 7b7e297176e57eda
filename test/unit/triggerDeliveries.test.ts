import { checkDeliveryBody, readDelivery } from '../../nodes/ApolloWebhookTrigger/protocol/deliveries';
import { buildOutputItems } from '../../nodes/ApolloWebhookTrigger/protocol/outputItems';
import { phonePayload, waterfallPayload } from '../fake-apollo';
import { DEFAULT_PEOPLE } from '../fake-apollo/directory';

const meta = { dedupeKey: 'k', receivedAt: '2026-11-26T10:00:00.000Z', duplicate: false, type: 'phone' as const, requestId: null, peopleCount: 1 };

describe('checkDeliveryBody', () => {
	it.each([
		[undefined, /Empty body/],
		['', /Empty body/],
		[{}, /Empty body/],
		['{"people": [', /not a JSON object/],
		[[1, 2], /not a JSON object/],
		[42, /not a JSON object/],
		[{ people: 'x' }, /`people` must be a list/],
	])('refuses %p', (body, reason) => {
		expect(checkDeliveryBody(body)).toEqual({ ok: false, status: 400, reason: expect.stringMatching(reason) });
	});
	it('accepts any JSON object', () => {
		expect(checkDeliveryBody({ hello: 'world' }).ok).toBe(true);
	});
});

describe('readDelivery', () => {
	it('reads the phone reveal shape', () => {
		const body = phonePayload([DEFAULT_PEOPLE[0]]) as Record<string, unknown>;
		const delivery = readDelivery(body);
		expect(delivery.type).toBe('phone');
		expect(delivery.requestId).toBeNull();
		expect(delivery.people[0].apolloPersonId).toBe(DEFAULT_PEOPLE[0].id);
		expect(delivery.people[0].phoneNumbers[0]).toMatchObject({ number: expect.stringMatching(/^\+\d+/), type: 'mobile' });
	});
	it('reads the waterfall shape', () => {
		const body = waterfallPayload('-77', 1, [DEFAULT_PEOPLE[1]], { emails: true, phones: true }, new Date()) as Record<string, unknown>;
		const delivery = readDelivery(body);
		expect(delivery.type).toBe('waterfall');
		expect(delivery.requestId).toBe('-77');
		expect(delivery.people[0].emails[0]).toMatchObject({ email: expect.stringContaining('@') });
		expect(delivery.people[0].raw.waterfall).toBeDefined();
	});
	it('passes an unfamiliar shape through whole', () => {
		const body = { event: 'something.else', data: { x: 1 } };
		const delivery = readDelivery(body);
		expect(delivery.type).toBe('unknown');
		expect(buildOutputItems(delivery, body, 'perPerson', meta)).toEqual([
			expect.objectContaining({ type: 'unknown', payload: body, delivery: meta }),
		]);
	});
});

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
});

import { readDelivery } from '../../nodes/shared/apollo/deliveries';
import { phonePayload, waterfallPayload } from '../fake-apollo';
import { DEFAULT_PEOPLE } from '../fake-apollo/directory';

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
		expect(delivery.people).toEqual([]);
	});
});

import { normalisePhones, readDelivery } from '../../nodes/shared/apollo/deliveries';
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

describe('normalisePhones', () => {
	it('reads both spellings of each field, preferring the dialable number', () => {
		const phones = normalisePhones({
			phone_numbers: [
				{ raw_number: '+1 212-555-0100', sanitized_number: '+12125550100', type_cd: 'mobile', status_cd: 'valid_number', confidence_cd: 'high', dnc_status_cd: 'not_on_list', position: 0 },
				{ raw_number: '(212) 555-0142', type: 'work_hq', status: 'no_status', dnc_status: 'unknown', position: '1' },
			],
		});
		expect(phones).toEqual([
			{ number: '+12125550100', raw: '+1 212-555-0100', type: 'mobile', status: 'valid_number', confidence: 'high', dncStatus: 'not_on_list', position: 0 },
			// A position that is not a whole number is dropped, not guessed.
			{ number: '(212) 555-0142', raw: '(212) 555-0142', type: 'work_hq', status: 'no_status', confidence: null, dncStatus: 'unknown', position: null },
		]);
	});

	it('skips entries without a number and anything that is not a list of objects', () => {
		expect(normalisePhones({ phone_numbers: [null, 'x', { type_cd: 'mobile' }] })).toEqual([]);
		expect(normalisePhones({ phone_numbers: 'none' })).toEqual([]);
		expect(normalisePhones({})).toEqual([]);
	});
});

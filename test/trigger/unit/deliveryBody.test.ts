import { checkDeliveryBody } from '../../../nodes/ApolloWebhookTrigger/protocol/deliveryBody';

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

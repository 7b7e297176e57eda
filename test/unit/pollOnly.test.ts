import { POLL_ONLY_QUERY, pollOnlyRefusal } from '../../nodes/ApolloEnrich/protocol/pollOnly';

describe('poll only', () => {
	it('sends poll_only=true, and no webhook_url', () => {
		expect(POLL_ONLY_QUERY).toEqual({ poll_only: true });
		expect(POLL_ONLY_QUERY).not.toHaveProperty('webhook_url');
	});

	it.each(['reveal_phone_number', 'run_waterfall_email', 'run_waterfall_phone'])(
		"recognises Apollo's webhook_url 400 for %s as a refusal, in plain words",
		(flag) => {
			const said = `Please add a valid 'webhook_url' parameter when using '${flag}'`;
			const refusal = pollOnlyRefusal(400, { error: said });
			expect(refusal?.message).toBe('Apollo refused Poll Only: it still asks for a webhook_url');
			expect(refusal?.description).toContain(`Apollo said: "${said}"`);
			expect(refusal?.description).toMatch(/Deliver Async Results to "To a Webhook URL"/);
			expect(refusal?.description).toMatch(/Nothing was billed/);
		},
	);

	it('leaves every other answer alone', () => {
		expect(pollOnlyRefusal(200, { error: 'webhook_url' })).toBeUndefined();
		expect(pollOnlyRefusal(400, { status: 'failed', error_code: 'INVALID_REQUEST', error_message: 'invalid request, missing details' })).toBeUndefined();
		expect(pollOnlyRefusal(422, { error: "Please add a valid 'webhook_url'" })).toBeUndefined();
		expect(pollOnlyRefusal(400, 'Bad Request')).toBeUndefined();
	});
});

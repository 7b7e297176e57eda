import { readWebhookResult } from '../../nodes/ApolloEnrich/protocol/webhookResult';

describe('readWebhookResult', () => {
	it('turns result_pending into a pending record', () => {
		expect(readWebhookResult('-5', { error_code: 'result_pending', retry_after_seconds: 10 })).toMatchObject({
			requestId: '-5',
			status: 'pending',
			pending: true,
			retryAfterSeconds: 10,
			result: null,
		});
	});
	it('reads a delivered result', () => {
		expect(
			readWebhookResult('-5', {
				request_id: '-5',
				webhook_status: 'success',
				request_type: 'phone',
				last_dispatched_at: '2026-11-26T10:00:00Z',
				failure_reason: null,
				webhook_result: { people: [] },
			}),
		).toEqual({
			requestId: '-5',
			status: 'success',
			pending: false,
			retryAfterSeconds: null,
			requestType: 'phone',
			lastDispatchedAt: '2026-11-26T10:00:00Z',
			failureReason: null,
			result: { people: [] },
		});
	});
});

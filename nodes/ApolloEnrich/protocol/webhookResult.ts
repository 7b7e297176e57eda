/** Get Webhook Result's answers, pending or delivered, as one consistently shaped record. Pure. */
import { apolloErrorCode, isJsonObject, requestIdOf, textOrNull } from '../../shared/apollo/json';

export interface WebhookResultOutput {
	[key: string]: unknown;
	requestId: string;
	/** Apollo's `webhook_status` (`in_progress`, `success`, `failed`), or `pending` for 404 result_pending. */
	status: string | null;
	/** True while there is nothing to read yet; poll again after `retryAfterSeconds`. */
	pending: boolean;
	retryAfterSeconds: number | null;
	requestType: string | null;
	lastDispatchedAt: string | null;
	failureReason: string | null;
	/** The payload Apollo POSTs to the webhook: `people` with phone numbers and/or emails. */
	result: unknown;
}

export function readWebhookResult(askedRequestId: string, body: unknown): WebhookResultOutput {
	const record = isJsonObject(body) ? body : {};
	if (apolloErrorCode(body) === 'result_pending') {
		const retryAfter = Number(record.retry_after_seconds);
		return {
			requestId: askedRequestId,
			status: 'pending',
			pending: true,
			retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null,
			requestType: null,
			lastDispatchedAt: null,
			failureReason: null,
			result: null,
		};
	}
	const status = textOrNull(record.webhook_status);
	return {
		// Prefer the id we asked with: it is exact, whatever form Apollo echoes.
		requestId: askedRequestId || requestIdOf(record) || '',
		status,
		pending: status === 'in_progress',
		retryAfterSeconds: null,
		requestType: textOrNull(record.request_type),
		lastDispatchedAt: textOrNull(record.last_dispatched_at),
		failureReason: textOrNull(record.failure_reason),
		result: record.webhook_result ?? null,
	};
}

/**
 * Apollo's failures as n8n errors: NodeApiError with the words of protocol/errorTexts.ts (Apollo's
 * own message said once, in the description), the item it is reported against, and why the call
 * stopped for good (which the run reads to decide whether anything else may be sent).
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apolloErrorCode, apolloErrorMessage, parseBodyLenient } from '../../shared/apollo/json';
import { describeFailure, isWebPage, type CallText } from '../protocol/errorTexts';
import type { CallFailure, FailureReason } from '../protocol/rateLimit';

/** Why a call stopped for good; `daily_limit_exhausted` also stops every later call of the run. */
export type ApolloStopReason = FailureReason | 'invalid_response';

export function apiError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	details: {
		message: string;
		description: string;
		httpCode?: number;
		body?: unknown;
		stopReason?: ApolloStopReason;
	},
): NodeApiError {
	const response: JsonObject =
		details.body !== undefined && typeof details.body === 'object' && details.body !== null
			? (details.body as JsonObject)
			: { message: details.message };
	const error = new NodeApiError(ctx.getNode(), response, {
		message: details.message,
		description: details.description,
		httpCode: details.httpCode !== undefined ? String(details.httpCode) : undefined,
		itemIndex,
	});
	// NodeApiError swaps a message that mentions a socket code for n8n's generic advice, and lists
	// the body's own message again under "Full message"; the words here are the whole story.
	error.message = details.message;
	error.description = details.description;
	error.messages = [];
	error.context.itemIndex = itemIndex;
	if (details.stopReason) error.context.apolloStopReason = details.stopReason;
	const code = apolloErrorCode(details.body);
	if (code) error.context.apolloErrorCode = code;
	return error;
}

export function stopReasonOf(error: unknown): ApolloStopReason | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	return error.context.apolloStopReason as ApolloStopReason | undefined;
}

export function networkCodeOf(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	}
	return undefined;
}

/** The error for a call that failed for good, after any retries. */
export function failureError(
	ctx: IExecuteFunctions,
	call: CallText,
	itemIndex: number,
	result: { statusCode: number; body: unknown } | { networkError: unknown },
	failure: CallFailure,
	decision: { reason: FailureReason; waitMs?: number },
	retries: number,
): NodeApiError {
	const text = { reason: decision.reason, retries, waitMs: decision.waitMs };
	if ('networkError' in result) {
		return apiError(ctx, itemIndex, { ...describeFailure(failure, call, text), stopReason: decision.reason });
	}
	const body = typeof result.body === 'string' ? parseBodyLenient(result.body) : result.body;
	const webPage = isWebPage(body);
	const apolloMessage = webPage ? undefined : apolloErrorMessage(body);
	return apiError(ctx, itemIndex, {
		...describeFailure(failure, call, { ...text, apolloMessage, webPage }),
		httpCode: result.statusCode,
		body: webPage ? undefined : body,
		stopReason: decision.reason,
	});
}

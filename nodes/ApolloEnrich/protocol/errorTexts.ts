/**
 * Words for failures: what happened, and what the user can do about it, including whether Apollo
 * may have billed the call. Pure text building, kept apart from the transport and the run.
 */
import type { CallFailure, FailureReason } from './rateLimit';

interface CallLike {
	method: string;
	path: string;
}

export interface StopText {
	message: string;
	description: string;
}

function seconds(ms: number): number {
	return Math.ceil(ms / 1000);
}

/** Texts for the stops the retry rule decides on; undefined for a plain non-retryable failure. */
export function describeStop(
	reason: FailureReason,
	failure: CallFailure,
	retries: number,
	apolloMessage?: string,
	waitMs?: number,
): StopText | undefined {
	const said = apolloMessage ? `Apollo said: "${apolloMessage}". ` : '';
	switch (reason) {
		case 'daily_limit_exhausted':
			return {
				message: "Apollo's daily API limit is used up",
				description: `${said}Calls work again when Apollo's 24-hour window resets. The call was not retried, and no later call was sent in this run.`,
			};
		case 'wait_too_long':
			return {
				message: `Apollo's rate limit resets in ${seconds(waitMs ?? 0)} s, longer than this node waits`,
				description: `${said}Raise Options → Max Rate Limit Wait (Seconds), or run the workflow again later. Nothing was billed for the rejected call.`,
			};
		case 'retries_exhausted': {
			const what =
				failure.kind === 'http' && failure.status === 429
					? "Apollo's rate limit was still reached"
					: failure.kind === 'http'
						? `Apollo still answered ${failure.status}`
						: 'Apollo still could not be reached';
			return {
				message: `${what} after ${retries} retries`,
				description: `${said}Raise Options → Rate Limit Retries, lower the batch size or spread the run out. Nothing was billed for the rejected calls.`,
			};
		}
		default:
			return undefined;
	}
}

/** A call held back because the next window opens later than Max Rate Limit Wait allows. */
export function describeUnsentWait(waitMs: number): StopText {
	return {
		message: `Apollo's rate limit resets in ${seconds(waitMs)} s, longer than this node waits`,
		description:
			'Raise Options → Max Rate Limit Wait (Seconds), or run the workflow again later. This call was not sent, so nothing was billed for it.',
	};
}

/** The description for a failure that is not retried at all. */
export function describeHttpFailure(
	failure: CallFailure,
	call: CallLike,
	apolloMessage: string | undefined,
): string {
	const where = `${call.method} ${call.path}`;
	if (failure.kind === 'network') {
		if (!failure.reachedApollo) {
			return `Could not connect for ${where} (${failure.code ?? 'network error'}). Nothing reached Apollo, so nothing was billed. Check the credential's Base URL and the network.`;
		}
		return `The connection failed after ${where} was sent (${failure.code ?? 'no response'}). Apollo may have done and billed the work, so the call was not re-sent automatically; run the affected items again if needed.`;
	}
	const said = apolloMessage ? `Apollo said: "${apolloMessage}". ` : '';
	switch (failure.status) {
		case 400:
			return `${said}Apollo rejected ${where}. Check the identifiers and options of the affected items.`;
		case 401:
			return `${said}Check the API key in the Apollo Enrich API credential.`;
		case 403:
			return `${said}This API key may not call ${call.path}. Use a master key, or add this endpoint to the key's scope in Apollo (Settings → Integrations → API).`;
		case 404:
			return `${said}Apollo does not know ${where}. Check the credential's Base URL (it should be https://api.apollo.io).`;
		case 422:
			return `${said}Apollo could not process ${where}.`;
		default:
			if (failure.status >= 500) {
				return `${said}Apollo had a server error (${failure.status}). It may still have done and billed the work, so the call was not retried automatically; run the affected items again later.`;
			}
			return `${said}${where} failed with HTTP ${failure.status}.`;
	}
}

/**
 * Item indexes written the way people read them, e.g. "3, 10–19, 40–99", so that an error can
 * say which items a stopped run did not enrich without listing thousands of numbers.
 */
export function describeItemRanges(indexes: readonly number[], maxRanges = 12): string {
	const sorted = [...new Set(indexes)].sort((a, b) => a - b);
	const ranges: string[] = [];
	let start = 0;
	while (start < sorted.length) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		ranges.push(end === start ? String(sorted[start]) : `${sorted[start]}–${sorted[end]}`);
		start = end + 1;
	}
	if (ranges.length <= maxRanges) return ranges.join(', ');
	const rest = ranges.length - maxRanges;
	return `${ranges.slice(0, maxRanges).join(', ')} and ${rest} more range${rest === 1 ? '' : 's'}`;
}

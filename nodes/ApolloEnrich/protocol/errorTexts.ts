/**
 * Words for failures: a short message saying what happened, and a description with Apollo's own
 * words (quoted once) and what the user can do, including whether Apollo may have billed the
 * call. Pure text building, kept apart from the transport and the run.
 *
 * Messages carry no socket codes (ECONNRESET …): n8n replaces a message that contains one with
 * its generic advice, such as "You can retry the request immediately", which is wrong for a call
 * Apollo may have billed. The code goes in the description.
 */
import type { CallFailure, FailureReason } from './rateLimit';

export interface CallText {
	method: string;
	path: string;
	/** The credential's Base URL, as the call used it. */
	baseUrl: string;
	/** The per-attempt timeout, for a call that timed out. */
	timeoutMs?: number;
	/** The call asked for Poll Only (`poll_only=true`, no webhook URL). */
	pollOnly?: boolean;
}

export interface StopText {
	message: string;
	description: string;
}

export interface FailureText {
	reason: FailureReason;
	retries: number;
	/** Apollo's own message from the body, if it sent one. */
	apolloMessage?: string;
	/** The body was a web page, not Apollo's JSON: the Base URL leads somewhere else. */
	webPage?: boolean;
	waitMs?: number;
}

export const APOLLO_BASE_URL = 'https://api.apollo.io';

const CHECK_BASE_URL = `Check the Base URL in the Apollo Enrich API credential: Apollo's is ${APOLLO_BASE_URL}.`;

/** Socket codes that mean the connection was never made, so nothing reached Apollo. */
const NEVER_CONNECTED: Record<string, string> = {
	ECONNREFUSED: 'Nothing accepted the connection',
	ENOTFOUND: 'The host name was not found',
	EAI_AGAIN: 'The host name could not be looked up',
	ENETUNREACH: 'The network is unreachable',
	EHOSTUNREACH: 'The host is unreachable',
};

const TIMED_OUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

/** A body that is markup (a web page, an XML error), not Apollo's JSON or plain-text 401. */
export function isWebPage(body: unknown): boolean {
	return typeof body === 'string' && /^\s*</.test(body);
}

/** Whether a socket code says the request never left this machine. */
export function neverConnected(code: string | undefined): boolean {
	return code !== undefined && code in NEVER_CONNECTED;
}

function seconds(ms: number): number {
	return Math.ceil(ms / 1000);
}

/** Where the call went, without any user:password a proxy URL may carry. */
export function describeHost(baseUrl: string): string {
	try {
		return new URL(baseUrl).origin;
	} catch {
		return baseUrl;
	}
}

/** Apollo's sentence, quoted once; its own full stop ends the sentence when it has one. */
function said(apolloMessage: string | undefined): string {
	if (!apolloMessage) return '';
	return `Apollo said: "${apolloMessage}"${/[.!?]$/.test(apolloMessage) ? '' : '.'} `;
}

function retried(retries: number): string {
	return retries > 0 ? ` (tried ${retries + 1} times)` : '';
}

function describeNetwork(
	failure: Extract<CallFailure, { kind: 'network' }>,
	call: CallText,
	retries: number,
): StopText {
	const code = failure.code ?? 'no code';
	const host = describeHost(call.baseUrl);
	if (!failure.reachedApollo || neverConnected(failure.code)) {
		const what = NEVER_CONNECTED[failure.code ?? ''] ?? 'The connection could not be made';
		return {
			message: `Could not connect to ${host}`,
			description: `${what} (${code})${retried(retries)}. Nothing reached Apollo, so nothing was billed. ${CHECK_BASE_URL} Also check that this n8n can reach it (proxy, firewall).`,
		};
	}
	const where = `${call.method} ${call.path}`;
	if (TIMED_OUT.has(code) && call.timeoutMs !== undefined) {
		return {
			message: `Apollo did not answer within ${seconds(call.timeoutMs)} s`,
			description: `${where} had been sent (${code}), so Apollo may still do and bill the work; the call was not re-sent. Raise Throughput and Retries → Timeout (Seconds), or run the affected items again later.`,
		};
	}
	return {
		message: 'The connection to Apollo dropped before its answer arrived',
		description: `${where} had been sent (${code}), so Apollo may have done and billed the work; the call was not re-sent. Run the affected items again if needed.`,
	};
}

/**
 * Apollo refused Poll Only: only its Webhook Result page documents `poll_only`, so an account that
 * does not take it yet answers the missing webhook_url with its usual 400, before enriching.
 */
function pollOnlyRefused(words: string): StopText {
	return {
		message: 'Apollo refused Poll Only: it still asks for a webhook URL',
		description: `${words}This Apollo account does not take poll_only yet (Apollo documents it on its Webhook Result page, not yet in its API reference). Set Async Results → Deliver Via to Webhook URL and paste the Production URL of an Apollo Webhook Trigger; Wait for Results and Get Webhook Result work as before. Nothing was billed: Apollo refuses before enriching.`,
	};
}

function describeStatus(status: number, call: CallText, text: FailureText): StopText {
	const where = `${call.method} ${call.path}`;
	const words = said(text.apolloMessage);
	if (text.webPage) {
		return {
			message: `The Base URL does not lead to Apollo's API (HTTP ${status})`,
			description: `${where} on ${describeHost(call.baseUrl)} answered with a web page, not Apollo's JSON. ${CHECK_BASE_URL}`,
		};
	}
	switch (status) {
		case 400:
			if (call.pollOnly && /webhook_url/i.test(text.apolloMessage ?? '')) return pollOnlyRefused(words);
			return {
				message: 'Apollo rejected the request',
				description: `${words}Check the identifiers and options of the affected items.`,
			};
		case 401:
			return {
				message: 'Apollo did not accept the API key',
				description: `${words}Check the API key in the Apollo Enrich API credential, or create a new one in Apollo (Settings → Integrations → API).`,
			};
		case 403:
			return {
				message: `This API key may not call ${call.path}`,
				description: `${words}Use a master key, or add this endpoint to the key's scope in Apollo (Settings → Integrations → API).`,
			};
		case 404:
			return {
				message: `Apollo does not know ${where}`,
				description: `${words}${CHECK_BASE_URL}`,
			};
		case 422:
			return { message: 'Apollo could not process the request', description: `${words}Check the affected items.` };
		default:
			if (status >= 500) {
				return {
					message: `Apollo had a server error (HTTP ${status})`,
					description: `${words}Apollo may still have done and billed the work, so the call was not retried automatically; run the affected items again later.`,
				};
			}
			return { message: `Apollo answered HTTP ${status}`, description: `${words}${where} failed.` };
	}
}

/** The words for a call that failed for good, after any retries. */
export function describeFailure(failure: CallFailure, call: CallText, text: FailureText): StopText {
	const words = said(text.apolloMessage);
	switch (text.reason) {
		case 'daily_limit_exhausted':
			return {
				message: "Apollo's daily API limit is used up",
				description: `${words}Calls work again when Apollo's 24-hour window resets. The call was not retried, and no later call was sent in this run.`,
			};
		case 'wait_too_long':
			return {
				message: `Apollo's rate limit resets in ${seconds(text.waitMs ?? 0)} s, longer than this node waits`,
				description: `${words}Raise Throughput and Retries → Max Rate Limit Wait (Seconds), or run the workflow again later. Nothing was billed for the rejected call.`,
			};
		default:
	}
	if (failure.kind === 'network') return describeNetwork(failure, call, text.retries);
	if (text.reason === 'retries_exhausted') {
		const what =
			failure.status === 429 ? "Apollo's rate limit was still reached" : `Apollo still answered HTTP ${failure.status}`;
		return {
			message: `${what} after ${text.retries} retries`,
			description: `${words}Raise Throughput and Retries → Rate Limit Retries, lower the batch size or spread the run out. Nothing was billed for the rejected calls.`,
		};
	}
	return describeStatus(failure.status, call, text);
}

/** A call held back because the next window opens later than Max Rate Limit Wait allows. */
export function describeUnsentWait(waitMs: number): StopText {
	return {
		message: `Apollo's rate limit resets in ${seconds(waitMs)} s, longer than this node waits`,
		description:
			'Raise Throughput and Retries → Max Rate Limit Wait (Seconds), or run the workflow again later. This call was not sent, so nothing was billed for it.',
	};
}

/** A 2xx answer that could not be read. */
export function describeUnreadable(call: CallText, statusCode: number, webPage: boolean): StopText {
	if (webPage) {
		return {
			message: "The Base URL does not lead to Apollo's API",
			description: `${call.method} ${call.path} on ${describeHost(call.baseUrl)} answered ${statusCode} with a web page, not Apollo's JSON. ${CHECK_BASE_URL}`,
		};
	}
	return {
		message: 'Apollo sent a response that is not valid JSON',
		description: `${call.method} ${call.path} answered ${statusCode}, but the body could not be read. Apollo may have done and billed the work, so the call was not repeated.`,
	};
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

/** How a message names the items it is about: `[item 3]`, or `[items 3, 10–12]`. */
export function itemTag(indexes: readonly number[]): string {
	const unique = new Set(indexes);
	return unique.size === 1 ? `[item ${[...unique][0]}]` : `[items ${describeItemRanges(indexes)}]`;
}

/**
 * What a run stopped by a failure (without Continue On Fail) had done: the node sends nothing
 * after a failure is known, but calls already sent finish, and Apollo bills what it found for
 * them even though the failed node outputs nothing.
 */
export function progressNote(enrichedItems: number, notEnrichedItems: readonly number[]): string {
	const sent =
		enrichedItems === 0
			? 'No other item was enriched, and no call was sent after this failure.'
			: `${enrichedItems} item(s) were enriched by calls sent before this failure was known; Apollo bills what it found for them, although this run outputs nothing. No call was sent after the failure.`;
	const notEnriched =
		notEnrichedItems.length > 0
			? ` Not enriched: ${itemTag(notEnrichedItems).slice(1, -1)} (${notEnrichedItems.length} in all).`
			: '';
	return `${sent}${notEnriched} To keep partial results, set Settings → On Error → Continue.`;
}

/**
 * The one door to Apollo: every call goes through `httpRequestWithAuthentication`, so n8n applies
 * the credential, its proxy and SSRF settings. On top it adds what n8n does not: `request_id`-safe
 * parsing, Apollo's error keys, and the retry rule of `protocol/rateLimit.ts` (retry only what
 * Apollo cannot have billed).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { apolloErrorCode, apolloErrorMessage, parseApolloJson, parseBodyLenient } from '../protocol/apolloJson';
import {
	decideRetry,
	isUnsentNetworkError,
	readRateLimits,
	type CallFailure,
	type FailureReason,
	type RateLimitSnapshot,
	type RetryPolicy,
} from '../protocol/rateLimit';
import { describeStop, describeHttpFailure } from './errorMessages';

export const CREDENTIAL_TYPE = 'apolloEnrichApi';
const DEFAULT_BASE_URL = 'https://api.apollo.io';
const REQUEST_TIMEOUT_MS = 120_000;

export interface ApolloCall {
	method: IHttpRequestMethods;
	/** Path under the base URL, e.g. `/api/v1/people/match`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

export interface ApolloResponse {
	statusCode: number;
	body: unknown;
	rateLimits: RateLimitSnapshot;
	/** How many retries this call needed (429/503/unreached). */
	retries: number;
}

/** Why a call stopped for good; `daily_limit_exhausted` also stops every later call of the run. */
export type ApolloStopReason = FailureReason | 'invalid_response';

export async function apolloBaseUrl(ctx: IExecuteFunctions): Promise<string> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const configured = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return (configured === '' ? DEFAULT_BASE_URL : configured).replace(/\/+$/, '');
}

interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

function networkCodeOf(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	}
	return undefined;
}

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

async function send(
	ctx: IExecuteFunctions,
	baseUrl: string,
	call: ApolloCall,
): Promise<RawResponse | { networkError: unknown }> {
	const options: IHttpRequestOptions = {
		method: call.method,
		url: `${baseUrl}${call.path}`,
		qs: call.qs,
		body: call.body,
		headers: { accept: 'application/json' },
		// Read the raw text: n8n's JSON parsing would round Apollo's 64-bit request_id.
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		// Every status comes back as a response, so 429 headers and Apollo's own error text are ours.
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			options,
		)) as { statusCode: number; headers?: IDataObject; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	} catch (error) {
		return { networkError: error };
	}
}

export async function apolloRequest(
	ctx: IExecuteFunctions,
	call: ApolloCall,
	options: {
		itemIndex: number;
		retryPolicy: RetryPolicy;
		/** Non-2xx answers the caller handles itself (e.g. the poll endpoint's 404 "pending"). */
		acceptError?: (statusCode: number, body: unknown) => boolean;
	},
): Promise<ApolloResponse> {
	const baseUrl = await apolloBaseUrl(ctx);
	for (let retries = 0; ; retries++) {
		const result = await send(ctx, baseUrl, call);
		let failure: CallFailure;
		if ('networkError' in result) {
			const code = networkCodeOf(result.networkError);
			failure = { kind: 'network', code, reachedApollo: !isUnsentNetworkError(code) };
		} else if (result.statusCode >= 200 && result.statusCode < 300) {
			const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body ?? null);
			try {
				return {
					statusCode: result.statusCode,
					body: parseApolloJson(text),
					rateLimits: readRateLimits(result.headers),
					retries,
				};
			} catch {
				throw apiError(ctx, options.itemIndex, {
					message: 'Apollo sent a response that is not valid JSON',
					description: `${call.method} ${call.path} answered ${result.statusCode}, but the body could not be read. Apollo may have done and billed the work, so the call was not repeated.`,
					httpCode: result.statusCode,
					stopReason: 'invalid_response',
				});
			}
		} else {
			const body = typeof result.body === 'string' ? parseBodyLenient(result.body) : result.body;
			if (options.acceptError?.(result.statusCode, body)) {
				return { statusCode: result.statusCode, body, rateLimits: readRateLimits(result.headers), retries };
			}
			failure = { kind: 'http', status: result.statusCode, headers: result.headers };
		}

		const decision = decideRetry(failure, retries, options.retryPolicy, Date.now());
		if (decision.action === 'retry') {
			await sleep(decision.waitMs);
			continue;
		}

		if ('networkError' in result) {
			const original = result.networkError as Error;
			const stop = describeStop(decision.reason, failure, retries);
			throw apiError(ctx, options.itemIndex, {
				message: stop?.message ?? original.message ?? 'Could not reach Apollo',
				description: stop?.description ?? describeHttpFailure(failure, call, original.message),
				stopReason: decision.reason,
			});
		}
		const body = typeof result.body === 'string' ? parseBodyLenient(result.body) : result.body;
		const apolloMessage = apolloErrorMessage(body);
		const stop = describeStop(decision.reason, failure, retries, apolloMessage, decision.waitMs);
		throw apiError(ctx, options.itemIndex, {
			message: stop?.message ?? apolloMessage ?? `Apollo answered ${result.statusCode}`,
			description: stop?.description ?? describeHttpFailure(failure, call, apolloMessage),
			httpCode: result.statusCode,
			body,
			stopReason: decision.reason,
		});
	}
}

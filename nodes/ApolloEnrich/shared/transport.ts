/**
 * The one door to Apollo: every call goes through `httpRequestWithAuthentication`, so n8n applies
 * the credential, its proxy and SSRF settings. On top it adds what n8n does not: `request_id`-safe
 * parsing, Apollo's error keys, and the retry rule of `protocol/rateLimit.ts` (retry only what
 * Apollo cannot have billed).
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import {
	isJsonObject,
	parseApolloJson,
	parseBodyLenient,
	type JsonObject as ApolloObject,
} from '../../shared/apollo/json';
import {
	decideRetry,
	parseRetryAfter,
	readRateLimits,
	type CallFailure,
	type RateLimitSnapshot,
	type RetryDecision,
	type RetryPolicy,
} from '../protocol/rateLimit';
import type { Observation, Ticket } from '../protocol/scheduler';
import {
	APOLLO_BASE_URL,
	describeUnreadable,
	describeUnsentWait,
	isWebPage,
	neverConnected,
	type CallText,
} from '../protocol/errorTexts';
import { apiError, failureError, networkCodeOf } from './apolloErrors';
import type { RequestGate } from './requestGate';

export const CREDENTIAL_TYPE = 'apolloEnrichApi';
/** Bulk calls of 10 people with reveals can take several seconds; two minutes is generous. */
export const DEFAULT_TIMEOUT_MS = 120_000;

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

/** The credential of a run, and the base URL it names. */
interface Connection {
	baseUrl: string;
	credential: ICredentialsDecrypted;
}

/**
 * Read once per run and handed to every call (`credentialsDecrypted`, n8n-workflow's
 * IAdditionalCredentialOptions): without it n8n loads the credential from its database and
 * decrypts it again for each request: 1.2–2.3 ms of main-process CPU per call in a real n8n 2.41
 * (BENCHMARKS.md). n8n still applies it to each request (authenticate, proxy, SSRF rules).
 */
const connections = new WeakMap<IExecuteFunctions, Promise<Connection>>();

async function apolloConnection(ctx: IExecuteFunctions): Promise<Connection> {
	let connection = connections.get(ctx);
	if (connection === undefined) {
		connection = ctx.getCredentials(CREDENTIAL_TYPE).then((data) => {
			const configured = typeof data.baseUrl === 'string' ? data.baseUrl.trim() : '';
			const named = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
			return {
				baseUrl: (configured === '' ? APOLLO_BASE_URL : configured).replace(/\/+$/, ''),
				credential: { id: named?.id ?? '', name: named?.name ?? '', type: CREDENTIAL_TYPE, data },
			};
		});
		connection.catch(() => connections.delete(ctx));
		connections.set(ctx, connection);
	}
	return await connection;
}

interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

async function send(
	ctx: IExecuteFunctions,
	connection: Connection,
	call: ApolloCall,
	timeoutMs: number,
): Promise<RawResponse | { networkError: unknown }> {
	const options: IHttpRequestOptions = {
		method: call.method,
		url: `${connection.baseUrl}${call.path}`,
		qs: call.qs,
		body: call.body,
		headers: { accept: 'application/json' },
		// Read the raw text: n8n's JSON parsing would round Apollo's 64-bit request_id.
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		// Every status comes back as a response, so 429 headers and Apollo's own error text are ours.
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			options,
			{ credentialsDecrypted: connection.credential },
		)) as { statusCode: number; headers?: IDataObject; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	} catch (error) {
		return { networkError: error };
	}
}

/** The daily window will not reset for hours: nothing else in the run should be sent. */
function stopsRun(decision: RetryDecision): boolean {
	return decision.action === 'fail' && decision.reason === 'daily_limit_exhausted';
}

function observationOf(result: RawResponse | { networkError: unknown }): Observation {
	if ('networkError' in result) return {};
	return {
		status: result.statusCode,
		limits: readRateLimits(result.headers),
		retryAfterMs: parseRetryAfter(result.headers, Date.now()),
	};
}

/** Waits for the scheduler's go; a reset further away than the node may wait fails the call unsent. */
async function acquireTurn(
	ctx: IExecuteFunctions,
	gate: RequestGate,
	itemIndex: number,
): Promise<Ticket> {
	// A RunHaltedError passes through untouched: the run that halted knows why and reports it.
	return await gate.acquire((waitMs) =>
		apiError(ctx, itemIndex, { ...describeUnsentWait(waitMs), stopReason: 'wait_too_long' }),
	);
}

interface Answer {
	kind: 'answer';
	statusCode: number;
	body: unknown;
	headers: IDataObject;
	/** A 2xx body still to be parsed; an accepted error's body is parsed already. */
	isJsonText: boolean;
}

type Outcome = Answer | { kind: 'failure'; failure: CallFailure; decision: RetryDecision };

function outcomeOf(
	result: RawResponse | { networkError: unknown },
	acceptError: ((statusCode: number, body: unknown) => boolean) | undefined,
	retries: number,
	policy: RetryPolicy,
): Outcome {
	let failure: CallFailure;
	if ('networkError' in result) {
		const code = networkCodeOf(result.networkError);
		failure = { kind: 'network', code, reachedApollo: !neverConnected(code) };
	} else if (result.statusCode >= 200 && result.statusCode < 300) {
		const { statusCode, body, headers } = result;
		return { kind: 'answer', statusCode, body, headers, isJsonText: true };
	} else {
		const { statusCode, headers } = result;
		const body = typeof result.body === 'string' ? parseBodyLenient(result.body) : result.body;
		if (acceptError?.(statusCode, body)) return { kind: 'answer', statusCode, body, headers, isJsonText: false };
		failure = { kind: 'http', status: statusCode, headers };
	}
	return { kind: 'failure', failure, decision: decideRetry(failure, retries, policy, Date.now()) };
}

export interface RequestOptions {
	itemIndex: number;
	retryPolicy: RetryPolicy;
	/** Non-2xx answers the caller handles itself (e.g. the poll endpoint's 404 "pending"). */
	acceptError?: (statusCode: number, body: unknown) => boolean;
	/** The run's scheduler: every attempt, retries included, waits for its turn here. */
	gate?: RequestGate;
	/** Per attempt; a timeout is not retried, since Apollo may still finish and bill the work. */
	timeoutMs?: number;
}

export async function apolloRequest(
	ctx: IExecuteFunctions,
	call: ApolloCall,
	options: RequestOptions,
): Promise<ApolloResponse> {
	const connection = await apolloConnection(ctx);
	const baseUrl = connection.baseUrl;
	const gate = options.gate;
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const text: CallText = { method: call.method, path: call.path, baseUrl, timeoutMs, pollOnly: call.qs?.poll_only === true };
	for (let retries = 0; ; retries++) {
		const ticket = gate ? await acquireTurn(ctx, gate, options.itemIndex) : undefined;
		const result = await send(ctx, connection, call, timeoutMs);
		const outcome = outcomeOf(result, options.acceptError, retries, options.retryPolicy);
		// The answer is read while the turn is still held, so that a failure (invalid JSON on a 2xx
		// included) halts the run before the turn goes to a waiting call.
		let read: ApolloResponse | NodeApiError | undefined;
		if (outcome.kind === 'answer') read = readAnswer(ctx, text, options.itemIndex, outcome, retries);
		else if (outcome.decision.action === 'fail') {
			read = failureError(ctx, text, options.itemIndex, result, outcome.failure, outcome.decision, retries);
		}
		if (gate && ticket) {
			gate.release(ticket, observationOf(result), {
				failed: read instanceof NodeApiError,
				stopsRun: outcome.kind === 'failure' && stopsRun(outcome.decision),
			});
		}
		if (read instanceof NodeApiError) throw read;
		if (read !== undefined) return read;
		if (outcome.kind === 'failure' && outcome.decision.action === 'retry') await sleep(outcome.decision.waitMs);
	}
}

/** The answer, or the error for a 2xx body that cannot be read (returned, not thrown). */
function readAnswer(
	ctx: IExecuteFunctions,
	call: CallText,
	itemIndex: number,
	answer: Answer,
	retries: number,
): ApolloResponse | NodeApiError {
	const { statusCode } = answer;
	const rateLimits = readRateLimits(answer.headers);
	if (!answer.isJsonText) return { statusCode, body: answer.body, rateLimits, retries };
	const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
	try {
		return { statusCode, body: parseApolloJson(text), rateLimits, retries };
	} catch {
		return apiError(ctx, itemIndex, {
			...describeUnreadable(call, statusCode, isWebPage(text)),
			httpCode: statusCode,
			stopReason: 'invalid_response',
		});
	}
}

/**
 * A call whose answer must be a JSON object, as every enrichment endpoint's is. Anything else
 * fails the call, and the call is not repeated: Apollo may have done and billed the work.
 * `answers` says what the body should have been, e.g. "match results".
 */
export async function apolloObjectRequest(
	ctx: IExecuteFunctions,
	call: ApolloCall,
	options: RequestOptions & { answers: string },
): Promise<ApolloResponse & { body: ApolloObject }> {
	const response = await apolloRequest(ctx, call, options);
	if (isJsonObject(response.body)) return { ...response, body: response.body };
	throw apiError(ctx, options.itemIndex, {
		message: `Apollo answered ${call.path.replace(/^\/api\/v1\//, '')} without a JSON object`,
		description: `The response could not be read as ${options.answers}.`,
		httpCode: response.statusCode,
		stopReason: 'invalid_response',
	});
}

/**
 * The options of a concurrent enrich run (batching, repeats, no-match, pacing, retries, timeout),
 * as fields for an Options collection and as RunSettings. Resource-independent: the wording names
 * what is enriched ("person", "organization").
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { APOLLO_BULK_LIMIT } from '../protocol/repeatedInputs';
import { DEFAULT_RETRY_POLICY } from '../protocol/rateLimit';
import type { RunSettings } from './enrichmentRun';
import { DEFAULT_TIMEOUT_MS } from './transport';

/**
 * Calls in flight by default. At Apollo's usual ~200 ms per call, one call at a time reaches only
 * about 300 calls a minute; 8 reach the paid plans' 1,000 a minute with room to spare up to about
 * 480 ms per call. The scheduler keeps the total under Apollo's limit whatever this is set to.
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;
const MAX_CONCURRENT_REQUESTS_CEILING = 50;
// Named, because n8n's lint wants a field's default to be a plain value or a name.
export const DEFAULT_WAIT_SECONDS = DEFAULT_RETRY_POLICY.maxWaitMs / 1000;
export const DEFAULT_RETRIES = DEFAULT_RETRY_POLICY.maxRetries;
export const DEFAULT_TIMEOUT_SECONDS = DEFAULT_TIMEOUT_MS / 1000;

/** The run options, alphabetical as n8n lists them; `noun` is what one input item stands for. */
export function runOptionFields(noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: APOLLO_BULK_LIMIT },
			default: APOLLO_BULK_LIMIT,
			description: 'How many input items go into one Apollo call (Apollo allows at most 10)',
			displayOptions: { show: { '/operation': ['bulkEnrich'] } },
		},
		{
			displayName: 'Enrich Repeated Inputs Once',
			name: 'enrichRepeatedInputsOnce',
			type: 'boolean',
			default: true,
			description:
				'Whether input items with the same identifiers (in any order or letter case) are sent to Apollo once, with the result copied to each of them. Saves calls and credits; apollo.dedupe says how many.',
		},
		{
			displayName: 'Error on No Match',
			name: 'errorOnNoMatch',
			type: 'boolean',
			default: false,
			description: `Whether an input item Apollo finds no ${noun} for fails the node (or becomes an error item with Continue On Fail) instead of being output with apollo.matched set to false`,
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrentRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENT_REQUESTS_CEILING },
			default: DEFAULT_MAX_CONCURRENT_REQUESTS,
			description:
				"The most Apollo calls this node has in flight at once. The node also slows down on its own as Apollo's rate-limit headers run low, so raising it cannot cause a burst of rejected calls. Set 1 to send calls one after another.",
		},
		{
			displayName: 'Max Rate Limit Wait (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_WAIT_SECONDS,
			description:
				"The longest the node waits for Apollo's rate limit to reset before one retry. A longer reset (an hourly or daily window) fails the items instead.",
		},
		{
			displayName: 'Rate Limit Retries',
			name: 'rateLimitRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: DEFAULT_RETRIES,
			description:
				'How often one call is retried after a 429 (rate limited) or 503 (unavailable) answer. Apollo bills neither, so retrying them is safe.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description:
				'How long one Apollo call may take. A call that times out is not retried: Apollo may still finish, and bill, the work.',
		},
	];
}

/** Reads the run options of an Options collection's value; unset or invalid means the default. */
export function readRunSettings(options: IDataObject): RunSettings {
	const numberOption = (name: string, fallback: number) =>
		typeof options[name] === 'number' && Number.isFinite(options[name])
			? (options[name] as number)
			: fallback;
	const retries = numberOption('rateLimitRetries', DEFAULT_RETRIES);
	const waitSeconds = numberOption('maxRateLimitWaitSeconds', DEFAULT_WAIT_SECONDS);
	const concurrent = numberOption('maxConcurrentRequests', DEFAULT_MAX_CONCURRENT_REQUESTS);
	return {
		errorOnNoMatch: options.errorOnNoMatch === true,
		batchSize: Math.min(
			APOLLO_BULK_LIMIT,
			Math.max(1, Math.floor(numberOption('batchSize', APOLLO_BULK_LIMIT))),
		),
		retryPolicy: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: Math.max(0, Math.floor(retries)),
			maxWaitMs: Math.max(0, waitSeconds * 1000),
		},
		maxConcurrentRequests: Math.min(
			MAX_CONCURRENT_REQUESTS_CEILING,
			Math.max(1, Math.floor(concurrent)),
		),
		// Off only when switched off: a missing option means the default, which is on.
		enrichRepeatedInputsOnce: options.enrichRepeatedInputsOnce !== false,
		timeoutMs: Math.max(1, numberOption('timeoutSeconds', DEFAULT_TIMEOUT_SECONDS)) * 1000,
	};
}

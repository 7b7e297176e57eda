/**
 * The parameters every enrich operation has, whatever it enriches: Simplify at the top level (on
 * by default, as in n8n's own nodes), Options for what the user wants of the run (errors on
 * no-match, repeats, the memory of earlier runs, the credit cap, Apollo's call details), and
 * Throughput and Retries for tuning, kept apart. Fields and the settings read from them.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY } from '../protocol/rateLimit';
import { APOLLO_BULK_LIMIT } from '../protocol/repeatedInputs';
import type { RunSettings } from './enrichmentRun';
import { DEFAULT_MEMORY_MAX_LOOKUPS } from './enrichMemory';
import { DEFAULT_TIMEOUT_MS } from './transport';

/**
 * Calls in flight by default. At Apollo's usual ~200 ms per call, one call at a time reaches only
 * about 300 calls a minute; 8 reach the paid plans' 1,000 a minute with room to spare up to about
 * 480 ms per call. The scheduler keeps the total under Apollo's limit whatever this is set to.
 */
const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;
const MAX_CONCURRENT_REQUESTS_CEILING = 50;
// Named, because n8n's lint wants a field's default to be a plain value or a name.
const DEFAULT_WAIT_SECONDS = DEFAULT_RETRY_POLICY.maxWaitMs / 1000;
const DEFAULT_RETRIES = DEFAULT_RETRY_POLICY.maxRetries;
const DEFAULT_TIMEOUT_SECONDS = DEFAULT_TIMEOUT_MS / 1000;
const DEFAULT_SKIP_DAYS = 30;

type Show = { show: Record<string, string[]> };

/** Simplify, on top as in n8n's own nodes; `fields` sums up what the flat record holds. */
export function simplifyField(displayOptions: Show, noun: string, fields: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions,
		description: `Whether to return one flat record per ${noun} (${fields}) instead of Apollo's full record`,
	};
}

/** Options: what the user wants of the run. `noun`: what one input item stands for. */
export function runOptionsField(displayOptions: Show, noun: string, nouns: string): INodeProperties {
	const Nouns = nouns.charAt(0).toUpperCase() + nouns.slice(1);
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Enrich Repeated Inputs Once',
				name: 'enrichRepeatedInputsOnce',
				type: 'boolean',
				default: true,
				description: 'Whether input items with the same identifiers (in any order or letter case) are sent to Apollo once, with the result copied to each of them. Saves calls and credits.',
			},
			{
				displayName: 'Error on No Match',
				name: 'errorOnNoMatch',
				type: 'boolean',
				default: false,
				description: `Whether an input item Apollo finds no ${noun} for fails the node (or becomes an error item with Continue On Fail) instead of being output with matched set to false`,
			},
			{
				displayName: 'Forget Earlier Runs',
				name: 'forgetEarlierRuns',
				type: 'boolean',
				default: false,
				description: `Whether to clear this node's memory of ${nouns} enriched in earlier runs before this run starts. Turn it on for one run to enrich everyone again, then off.`,
			},
			{
				displayName: 'Include Apollo Details',
				name: 'includeApolloDetails',
				type: 'boolean',
				default: false,
				description: "Whether simplified items also carry an apollo object with the call's details (request ID, batch, Apollo's counters, repeats). The raw output always has it.",
			},
			{
				displayName: 'Max Credits per Run',
				name: 'maxCreditsPerRun',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: `The most credits this run may spend; 0 means no cap. Before each call the node counts the most it can cost by Apollo's pricing (1 credit per ${noun} found, 8 more per mobile number revealed); a call that could pass the cap is not sent, and its items are output with skipped set to "credit_cap".`,
			},
			{
				displayName: 'Memory Size',
				name: 'memoryMaxLookups',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: DEFAULT_MEMORY_MAX_LOOKUPS,
				description: `With Skip ${Nouns} Enriched Before: how many ${nouns} this node remembers. Past it, the oldest are forgotten first.`,
			},
			{
				displayName: `Skip ${Nouns} Enriched Before (Days)`,
				name: 'skipEnrichedWithinDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_SKIP_DAYS,
				description: `Whether to skip ${nouns} this node enriched in an earlier run within this many days (0 = off): they are output with skipped set to "enriched_before", with no call and no credit. Remembered in n8n's own deduplication store for this node, for at least this many days and at most about one and a half times as long.`,
			},
		],
	};
}

/** Throughput and Retries: tuning, kept apart from what the run does. */
export function tuningField(displayOptions: Show): INodeProperties {
	return {
		displayName: 'Throughput and Retries',
		name: 'tuning',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		displayOptions,
		options: [
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
		],
	};
}

function numberOf(values: IDataObject, name: string, fallback: number): number {
	const value = values[name];
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, Math.floor(value)));
}

/** The run's settings: node-wide, read from the first item. Unset or invalid means the default. */
export function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const tuning = ctx.getNodeParameter('tuning', 0, {}) as IDataObject;
	return {
		simplify: ctx.getNodeParameter('simplify', 0, true) !== false,
		includeApolloDetails: options.includeApolloDetails === true,
		errorOnNoMatch: options.errorOnNoMatch === true,
		// Off only when switched off: a missing option means the default, which is on.
		enrichRepeatedInputsOnce: options.enrichRepeatedInputsOnce !== false,
		maxCreditsPerRun: Math.max(0, numberOf(options, 'maxCreditsPerRun', 0)),
		memory: {
			// Off unless the option was added: its default then applies.
			windowDays: Math.max(0, numberOf(options, 'skipEnrichedWithinDays', 0)),
			maxLookups: Math.max(100, Math.floor(numberOf(options, 'memoryMaxLookups', DEFAULT_MEMORY_MAX_LOOKUPS))),
			forget: options.forgetEarlierRuns === true,
		},
		batchSize: clamp(numberOf(tuning, 'batchSize', APOLLO_BULK_LIMIT), 1, APOLLO_BULK_LIMIT),
		retryPolicy: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: Math.max(0, Math.floor(numberOf(tuning, 'rateLimitRetries', DEFAULT_RETRIES))),
			maxWaitMs: Math.max(0, numberOf(tuning, 'maxRateLimitWaitSeconds', DEFAULT_WAIT_SECONDS) * 1000),
		},
		maxConcurrentRequests: clamp(
			numberOf(tuning, 'maxConcurrentRequests', DEFAULT_MAX_CONCURRENT_REQUESTS),
			1,
			MAX_CONCURRENT_REQUESTS_CEILING,
		),
		timeoutMs: Math.max(1, numberOf(tuning, 'timeoutSeconds', DEFAULT_TIMEOUT_SECONDS)) * 1000,
	};
}

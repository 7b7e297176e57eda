import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { APOLLO_BULK_LIMIT } from '../../protocol/batching';
import type { EnrichFlags } from '../../protocol/enrichOptions';
import { DEFAULT_MAX_WAIT_SECONDS } from '../../protocol/pollSchedule';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../protocol/rateLimit';
import {
	DEFAULT_MAX_CONCURRENT_REQUESTS,
	DEFAULT_RETRIES,
	DEFAULT_TIMEOUT_SECONDS,
	DEFAULT_WAIT_SECONDS,
} from '../../shared/runOptions';
import { DEFAULT_TIMEOUT_MS } from '../../shared/transport';

export { DEFAULT_MAX_CONCURRENT_REQUESTS };
const MAX_CONCURRENT_REQUESTS_CEILING = 50;

export const enrichOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['person'], operation: ['enrich', 'bulkEnrich'] } },
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
			description:
				'Whether an input item Apollo finds nobody for fails the node (or becomes an error item with Continue On Fail) instead of being output with apollo.matched set to false',
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
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_MAX_WAIT_SECONDS,
			description:
				'With Wait for Results: how long to wait for Apollo to deliver. Apollo usually takes a few minutes. Items still waiting then are output with apollo.asyncResult.status "pending".',
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
			displayName: 'Reveal Personal Emails',
			name: 'revealPersonalEmails',
			type: 'boolean',
			default: false,
			description:
				'Whether to ask Apollo for personal email addresses too. May use extra credits; not revealed for people in GDPR regions.',
		},
		{
			displayName: 'Reveal Phone Number',
			name: 'revealPhoneNumber',
			type: 'boolean',
			default: false,
			description:
				'Whether to ask Apollo for phone numbers, including mobiles (may use extra credits). Apollo delivers them minutes later to the Webhook URL, which is then required.',
		},
		{
			displayName: 'Run Waterfall Email',
			name: 'runWaterfallEmail',
			type: 'boolean',
			default: false,
			description:
				"Whether to run Apollo's email waterfall through third-party vendors. Results arrive later at the Webhook URL, which is then required.",
		},
		{
			displayName: 'Run Waterfall Phone',
			name: 'runWaterfallPhone',
			type: 'boolean',
			default: false,
			description:
				"Whether to run Apollo's phone waterfall through third-party vendors. Results arrive later at the Webhook URL, which is then required.",
		},
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: false,
			description:
				'Whether to output a flat record with the fields CRMs and sheets use (name, title, email, phones, LinkedIn, location, company) instead of Apollo\'s full person record',
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
		{
			displayName: 'Wait for Results',
			name: 'waitForResults',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait, up to Max Wait, for the phone numbers and waterfall emails Apollo delivers later, and add them to each person. Polls Apollo (no credits); Apollo still requires the Webhook URL.',
		},
		{
			displayName: 'Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/…/apollo?secret=…',
			description:
				'Where Apollo POSTs phone numbers and waterfall results. Paste the URL an Apollo Webhook Trigger node shows. Sent only when Reveal Phone Number or a waterfall option is on.',
		},
	],
};

export interface EnrichSettings {
	flags: EnrichFlags;
	errorOnNoMatch: boolean;
	batchSize: number;
	retryPolicy: RetryPolicy;
	maxConcurrentRequests: number;
	enrichRepeatedInputsOnce: boolean;
	timeoutMs: number;
	waitForResults: boolean;
	maxWaitMs: number;
	simplify: boolean;
}

export function readEnrichSettings(ctx: IExecuteFunctions, itemIndex: number): EnrichSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const flag = (name: string) => options[name] === true;
	const numberOption = (name: string, fallback: number) =>
		typeof options[name] === 'number' && Number.isFinite(options[name]) ? (options[name] as number) : fallback;
	return {
		flags: {
			revealPersonalEmails: flag('revealPersonalEmails'),
			revealPhoneNumber: flag('revealPhoneNumber'),
			runWaterfallEmail: flag('runWaterfallEmail'),
			runWaterfallPhone: flag('runWaterfallPhone'),
			webhookUrl: typeof options.webhookUrl === 'string' ? options.webhookUrl : '',
		},
		errorOnNoMatch: flag('errorOnNoMatch'),
		batchSize: Math.min(APOLLO_BULK_LIMIT, Math.max(1, Math.floor(numberOption('batchSize', APOLLO_BULK_LIMIT)))),
		retryPolicy: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: Math.max(0, Math.floor(numberOption('rateLimitRetries', DEFAULT_RETRY_POLICY.maxRetries))),
			maxWaitMs: Math.max(0, numberOption('maxRateLimitWaitSeconds', DEFAULT_RETRY_POLICY.maxWaitMs / 1000) * 1000),
		},
		maxConcurrentRequests: Math.min(
			MAX_CONCURRENT_REQUESTS_CEILING,
			Math.max(1, Math.floor(numberOption('maxConcurrentRequests', DEFAULT_MAX_CONCURRENT_REQUESTS))),
		),
		// Off only when switched off: a missing option means the default, which is on.
		enrichRepeatedInputsOnce: options.enrichRepeatedInputsOnce !== false,
		timeoutMs: Math.max(1, numberOption('timeoutSeconds', DEFAULT_TIMEOUT_MS / 1000)) * 1000,
		waitForResults: flag('waitForResults'),
		maxWaitMs: Math.max(0, numberOption('maxWaitSeconds', DEFAULT_MAX_WAIT_SECONDS)) * 1000,
		simplify: flag('simplify'),
	};
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { EnrichFlags } from '../../protocol/personFlags';
import { DEFAULT_MAX_WAIT_SECONDS } from '../../protocol/pollSchedule';
import type { RunSettings } from '../../shared/enrichmentRun';
import { readRunSettings, runOptionFields } from '../../shared/runOptions';
import { simplifyOptionField } from '../../shared/simplifyOutput';

/** The person's own options: reveals, waterfalls and what to do with async results. */
const personOptionFields: INodeProperties[] = [
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
	simplifyOptionField('person', 'name, title, email, phones, LinkedIn, location, company'),
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
];

export const enrichOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['person'], operation: ['enrich', 'bulkEnrich'] } },
	// The run options every resource shares, plus the person's own, sorted as n8n lists them.
	options: [...runOptionFields('person'), ...personOptionFields].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	),
};

export interface EnrichSettings extends RunSettings {
	flags: EnrichFlags;
	waitForResults: boolean;
	maxWaitMs: number;
	simplify: boolean;
}

export function readEnrichSettings(ctx: IExecuteFunctions, itemIndex: number): EnrichSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const flag = (name: string) => options[name] === true;
	const maxWaitSeconds =
		typeof options.maxWaitSeconds === 'number' && Number.isFinite(options.maxWaitSeconds)
			? options.maxWaitSeconds
			: DEFAULT_MAX_WAIT_SECONDS;
	return {
		...readRunSettings(options),
		flags: {
			revealPersonalEmails: flag('revealPersonalEmails'),
			revealPhoneNumber: flag('revealPhoneNumber'),
			runWaterfallEmail: flag('runWaterfallEmail'),
			runWaterfallPhone: flag('runWaterfallPhone'),
			webhookUrl: typeof options.webhookUrl === 'string' ? options.webhookUrl : '',
		},
		waitForResults: flag('waitForResults'),
		maxWaitMs: Math.max(0, maxWaitSeconds) * 1000,
		simplify: flag('simplify'),
	};
}

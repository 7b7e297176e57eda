/**
 * Person → Enrich and Bulk Enrich, the parameters beyond the identifiers, in the order a user
 * needs them: what to reveal (each flag may differ per item, e.g. `{{ !$json.phone }}`), where
 * results Apollo delivers later go, Simplify, Options, and tuning apart. Notices appear as soon as
 * a reveal or waterfall lacks somewhere to deliver to, before any run.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AsyncDelivery, EnrichFlags } from '../../protocol/personFlags';
import { DEFAULT_MAX_WAIT_SECONDS } from '../../protocol/pollSchedule';
import type { RunSettings } from '../../shared/enrichmentRun';
import { itemParameterReader } from '../../shared/parameterReader';
import { readRunSettings, runOptionsField, simplifyField, tuningField } from '../../shared/runOptions';

const showFor = { show: { resource: ['person'], operation: ['enrich', 'bulkEnrich'] } };
const LATER = 'Apollo delivers the results minutes later, to a webhook or by polling (see Async Results)';

function flagField(displayName: string, name: keyof EnrichFlags, description: string): INodeProperties {
	return { displayName, name, type: 'boolean', default: false, displayOptions: showFor, description };
}

/** "Needs a destination" notice for one flag, shown when no Webhook URL is set and Poll Only is not chosen. */
function destinationNotice(flag: string, label: string, shownByEarlier: string[]): INodeProperties {
	return {
		displayName: `${label} needs somewhere for Apollo to deliver the results: add Async Results → Webhook URL (the URL an Apollo Webhook Trigger shows), or set Async Results → Deliver Via to Poll Only`,
		name: `${flag}DestinationNotice`,
		type: 'notice',
		default: '',
		displayOptions: {
			show: { ...showFor.show, [flag]: [true] },
			// One notice at a time: an earlier flag's notice already says it.
			hide: {
				'/asyncResults.webhookUrl': [{ _cnd: { exists: true } }],
				'/asyncResults.delivery': ['pollOnly'],
				...Object.fromEntries(shownByEarlier.map((earlier) => [earlier, [true]])),
			},
		} as INodeProperties['displayOptions'],
	};
}

export const enrichFieldProperties: INodeProperties[] = [
	flagField('Reveal Personal Emails', 'revealPersonalEmails', 'Whether to ask Apollo for personal email addresses too. Not revealed for people in GDPR regions.'),
	flagField('Reveal Phone Number', 'revealPhoneNumber', `Whether to ask Apollo for phone numbers, including mobiles (8 more credits per mobile found). ${LATER}.`),
	flagField('Run Waterfall Email', 'runWaterfallEmail', `Whether to run Apollo's email waterfall through third-party vendors (their prices apply). ${LATER}.`),
	flagField('Run Waterfall Phone', 'runWaterfallPhone', `Whether to run Apollo's phone waterfall through third-party vendors (their prices apply). ${LATER}.`),
	destinationNotice('revealPhoneNumber', 'Reveal Phone Number', []),
	destinationNotice('runWaterfallEmail', 'Run Waterfall Email', ['revealPhoneNumber']),
	destinationNotice('runWaterfallPhone', 'Run Waterfall Phone', ['revealPhoneNumber', 'runWaterfallEmail']),
	{
		displayName: 'Async Results',
		name: 'asyncResults',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor,
		description: 'Where phone numbers and waterfall results go, and whether to wait for them',
		options: [
			{
				displayName: 'Deliver Via',
				name: 'delivery',
				type: 'options',
				default: 'webhook',
				options: [
					{ name: 'Webhook URL', value: 'webhook', description: 'Apollo POSTs the results to the Webhook URL (public HTTPS)' },
					{
						name: 'Poll Only (No Public URL Needed)',
						value: 'pollOnly',
						description: "Sends poll_only=true and no webhook URL; get the results with Wait for Results or Get Webhook Result. From Apollo's Webhook Result docs, not yet in its OpenAPI.",
					},
				],
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_WAIT_SECONDS,
				description: 'With Wait for Results: how long to wait. Apollo usually takes a few minutes. Items still waiting then are output with their request ID, to fetch later.',
			},
			{
				displayName: 'Wait for Results',
				name: 'waitForResults',
				type: 'boolean',
				default: false,
				description: 'Whether to wait, up to Max Wait, for the phone numbers and waterfall emails Apollo delivers later, and add them to each person. Polls Apollo (no credits).',
			},
			{
				displayName: 'Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://n8n.example.com/webhook/…/apollo/…',
				description: 'Where Apollo POSTs phone numbers and waterfall results: the Production URL an Apollo Webhook Trigger node shows. Sent only when a reveal or waterfall is on.',
			},
		],
	},
	simplifyField(showFor, 'person', 'matched, what it was looked up by, name, title, email, mobile phone, LinkedIn, location, company'),
	runOptionsField(showFor, 'person', 'people'),
	tuningField(showFor),
];

export interface EnrichSettings extends RunSettings {
	waitForResults: boolean;
	maxWaitMs: number;
}

/** Node-wide: read once, from the first item. */
export function readEnrichSettings(ctx: IExecuteFunctions): EnrichSettings {
	const asyncResults = ctx.getNodeParameter('asyncResults', 0, {}) as IDataObject;
	const maxWaitSeconds =
		typeof asyncResults.maxWaitSeconds === 'number' && Number.isFinite(asyncResults.maxWaitSeconds)
			? asyncResults.maxWaitSeconds
			: DEFAULT_MAX_WAIT_SECONDS;
	return {
		...readRunSettings(ctx),
		waitForResults: asyncResults.waitForResults === true,
		maxWaitMs: Math.max(0, maxWaitSeconds) * 1000,
	};
}

/** The flags item by item: each may be an expression (fields without one are read once). */
export function flagsReader(ctx: IExecuteFunctions): (itemIndex: number) => EnrichFlags {
	const read = itemParameterReader(ctx, {
		revealPersonalEmails: false,
		revealPhoneNumber: false,
		runWaterfallEmail: false,
		runWaterfallPhone: false,
		asyncResults: {},
	});
	return (itemIndex) => {
		const asyncResults = (read('asyncResults', itemIndex) ?? {}) as IDataObject;
		return {
			revealPersonalEmails: read('revealPersonalEmails', itemIndex) === true,
			revealPhoneNumber: read('revealPhoneNumber', itemIndex) === true,
			runWaterfallEmail: read('runWaterfallEmail', itemIndex) === true,
			runWaterfallPhone: read('runWaterfallPhone', itemIndex) === true,
			delivery: (asyncResults.delivery === 'pollOnly' ? 'pollOnly' : 'webhook') as AsyncDelivery,
			webhookUrl: typeof asyncResults.webhookUrl === 'string' ? asyncResults.webhookUrl : '',
		};
	};
}

import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_KEYS, DEFAULT_WINDOW_HOURS } from './protocol/dedupe';

export const SECRET_QUERY_PARAMETER = 'secret';
export const DEFAULT_SECRET_HEADER = 'x-apollo-webhook-secret';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Paste the Production URL above into Apollo Enrich → Async Results → Webhook URL as it is. Its last part is your Secret, so treat the whole URL like a password. Apollo POSTs phone numbers and waterfall results there minutes after the enrichment; retries of the same delivery start no second run.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
		// Hide rules, not show rules: n8n shows a notice whenever a value its show rules name is an
		// expression, but evaluates hide rules on it (an expression secret is not empty or short).
		displayOptions: { show: { verification: ['secret'] }, hide: { secret: [''] } },
	},
	{
		displayName:
			'Type a Secret below to get the URL to paste into Apollo. Use at least 20 random letters and digits, for example from a password manager or <code>openssl rand -hex 20</code>.',
		name: 'noSecretNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { verification: ['secret'] }, hide: { secret: [{ _cnd: { exists: true } }] } },
	},
	{
		displayName:
			'Apollo calls this URL from the internet, so it must be public and start with https://. If it shows localhost, a private address or http://, set n8n\'s N8N_WEBHOOK_URL (WEBHOOK_URL on n8n 1.x) to the public https address of this n8n (behind a reverse proxy or a tunnel).',
		name: 'publicUrlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Secret in URL',
				value: 'secret',
				description: 'Only requests carrying the secret start a run (recommended)',
			},
			{
				name: 'None',
				value: 'none',
				description: 'Accept any request to this URL',
			},
		],
		default: 'secret',
	},
	{
		displayName:
			'Without a secret, anyone who learns this URL can start this workflow with made-up data. Apollo signs nothing, so the secret is the only proof a delivery came from your enrichment.',
		name: 'noVerificationWarning',
		type: 'notice',
		default: '',
		displayOptions: { show: { verification: ['none'] } },
	},
	{
		displayName: 'Secret',
		name: 'secret',
		type: 'string',
		// Masked, as n8n's strict lint requires for a secret. The Production URL above shows it
		// anyway, because that URL is what must be copied into Apollo Enrich.
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. 40 random letters and digits',
		hint: 'It becomes the last part of the URL above. Changing it changes the URL: update every Apollo Enrich node that uses this trigger, and put the old secret in Options → Previous Secret until the deliveries already on their way have arrived.',
		description:
			'Letters and digits keep the URL readable; other characters show in it as ~ and two hex digits. Also accepted as ?secret=… on …/apollo, or in the header below if enabled. A wrong secret in the URL gets 404 (n8n\'s answer for a URL it does not know), a wrong or missing one on …/apollo 403 or 401; no run starts.',
		displayOptions: { show: { verification: ['secret'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'One Item per Person',
				value: 'perPerson',
				description: 'Each person in the delivery becomes an item with normalised emails and phone numbers',
			},
			{
				name: 'Whole Delivery as One Item',
				value: 'wholeDelivery',
				description: 'The delivery as Apollo sent it, plus the normalised people',
			},
		],
		default: 'perPerson',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept Secret in Header',
				name: 'acceptSecretHeader',
				type: 'boolean',
				default: false,
				description:
					'Whether senders other than Apollo may send the secret in a header instead of the URL',
				displayOptions: { show: { '/verification': ['secret'] } },
			},
			{
				displayName: 'Dedupe Field',
				name: 'dedupeField',
				type: 'string',
				default: 'request_id',
				placeholder: 'e.g. request_id',
				description:
					'Dot path into the delivery whose value identifies it, e.g. request_id or people.0.ID. A delivery without a value there is keyed by its content.',
				displayOptions: { show: { dedupeKey: ['field'] } },
			},
			{
				displayName: 'Dedupe Key',
				name: 'dedupeKey',
				type: 'options',
				options: [
					{
						name: 'Request ID and Payload (Default)',
						value: 'requestIdAndPayload',
						description:
							'A retry of the same delivery is dropped; a different later delivery for the same request still runs',
					},
					{
						name: 'Request ID Only',
						value: 'requestId',
						description:
							'At most one run per Apollo request ID. Phone reveals carry none: they are keyed by their content, as by default.',
					},
					{
						name: 'Field of the Delivery',
						value: 'field',
						description: 'At most one run per value of the field below',
					},
				],
				default: 'requestIdAndPayload',
			},
			{
				displayName: 'Dedupe Window (Hours)',
				name: 'dedupeWindowHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_WINDOW_HOURS,
				description: 'How long a delivery is remembered. Apollo retries within minutes to hours.',
			},
			{
				displayName: 'Duplicates',
				name: 'duplicateHandling',
				type: 'options',
				options: [
					{
						name: 'Acknowledge and Drop',
						value: 'suppress',
						description: 'Answer 200 so Apollo stops retrying, and start no run',
					},
					{
						name: 'Run, Flagged as Duplicate',
						value: 'emitFlagged',
						description: 'Start a run with delivery.duplicate set to true',
					},
				],
				default: 'suppress',
			},
			{
				displayName: 'Header Name',
				name: 'headerName',
				type: 'string',
				default: DEFAULT_SECRET_HEADER,
				description: 'The header that carries the secret, when Accept Secret in Header is on',
				displayOptions: { show: { acceptSecretHeader: [true] } },
			},
			{
				displayName: 'Max Remembered Deliveries',
				name: 'maxKeys',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: DEFAULT_MAX_KEYS,
				description:
					'Cap on remembered deliveries; the oldest are forgotten first. About 22 bytes each in the workflow.',
			},
			{
				displayName: 'Previous Secret',
				name: 'previousSecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'Still accepted after you change the Secret, so deliveries for enrichments started with the old URL arrive. Clear it once they have (Apollo delivers within minutes to hours).',
				displayOptions: { show: { '/verification': ['secret'] } },
			},
		],
	},
];

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OrganizationIdentifierInput } from '../../protocol/organizationIdentifiers';
import { itemParameterReader } from '../../shared/parameterReader';

const showFor = { resource: ['organization'], operation: ['enrich', 'bulkEnrich'] };

/**
 * All four identifiers sit at the top level: there are few of them, and any one is enough, so
 * none should hide in a collection (an AI Agent fills top-level fields more reliably, too).
 */
export const organizationIdentifierProperties: INodeProperties[] = [
	{
		displayName:
			'Apollo matches on any one of Domain, Organization Name, Website or LinkedIn URL; Domain matches best, and more of them improve the match. Map fields from the input, e.g. {{ $json.domain }}.',
		name: 'organizationIdentifiersNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Domain',
		name: 'domain',
		type: 'string',
		placeholder: 'e.g. acme.com',
		default: '',
		description:
			"The organization's website domain. A URL (https://www.acme.com/about) or an email address is reduced to the domain.",
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Organization Name',
		name: 'organizationName',
		type: 'string',
		placeholder: 'e.g. Acme Robotics',
		default: '',
		description: "The organization's name, as it would appear on its website or LinkedIn page",
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Website',
		name: 'website',
		type: 'string',
		placeholder: 'e.g. https://www.acme.com',
		default: '',
		description: "The address of the organization's website",
		displayOptions: { show: showFor },
	},
	{
		displayName: 'LinkedIn URL',
		name: 'linkedinUrl',
		type: 'string',
		placeholder: 'e.g. https://www.linkedin.com/company/acme',
		default: '',
		description: "The organization's LinkedIn company page. https:// is added if missing.",
		displayOptions: { show: showFor },
	},
];

/**
 * Reads the organization fields item by item; fields without an expression are read once, plain
 * `{{ $json.… }}` references from the items (shared/parameterReader.ts).
 */
export function organizationIdentifierReader(
	ctx: IExecuteFunctions,
): (itemIndex: number) => OrganizationIdentifierInput {
	const fallbacks = { domain: '', organizationName: '', website: '', linkedinUrl: '' };
	const read = itemParameterReader(ctx, fallbacks, ['domain', 'organizationName', 'website', 'linkedinUrl']);
	return (itemIndex) => ({
		domain: read('domain', itemIndex),
		name: read('organizationName', itemIndex),
		website: read('website', itemIndex),
		linkedinUrl: read('linkedinUrl', itemIndex),
	});
}

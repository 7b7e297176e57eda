import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PersonIdentifierInput } from '../../protocol/personIdentifiers';
import { itemParameterReader } from '../../shared/parameterReader';

const showFor = { resource: ['person'], operation: ['enrich', 'bulkEnrich'] };

/** The identifiers people have most often sit at the top; the rarer ones in a collection. */
export const identifierProperties: INodeProperties[] = [
	{
		displayName:
			'Apollo matches on Email, LinkedIn URL, Apollo Person ID or Hashed Email alone, or on a name together with Company Domain or Company Name. Map fields from the input, e.g. {{ $json.email }}.',
		name: 'identifiersNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. jane@acme.com',
		default: '',
		description: "The person's email address (work email matches best)",
		displayOptions: { show: showFor },
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		placeholder: 'e.g. Jane',
		default: '',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		placeholder: 'e.g. Doe',
		default: '',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Company Domain',
		name: 'domain',
		type: 'string',
		placeholder: 'e.g. acme.com',
		default: '',
		description:
			"Domain of the person's current or past employer. A URL (https://www.acme.com/about) or an email address is reduced to the domain.",
		displayOptions: { show: showFor },
	},
	{
		displayName: 'LinkedIn URL',
		name: 'linkedinUrl',
		type: 'string',
		placeholder: 'e.g. https://www.linkedin.com/in/jane-doe',
		default: '',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Additional Identifiers',
		name: 'additionalIdentifiers',
		type: 'collection',
		placeholder: 'Add Identifier',
		default: {},
		displayOptions: { show: showFor },
		options: [
			{
				displayName: 'Apollo Person ID',
				name: 'apolloId',
				type: 'string',
				default: '',
				description: 'The ID of a person in Apollo, e.g. from an earlier enrichment or a people search',
			},
			{
				displayName: 'Company Name',
				name: 'organizationName',
				type: 'string',
				placeholder: 'e.g. Acme Robotics',
				default: '',
				description: "Name of the person's current or past employer",
			},
			{
				displayName: 'Full Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. Jane Doe',
				default: '',
				description: 'Use instead of First Name and Last Name',
			},
			{
				displayName: 'Hashed Email',
				name: 'hashedEmail',
				type: 'string',
				default: '',
				description: 'MD5 or SHA-256 hash of the lower-cased email address',
			},
		],
	},
];

/**
 * Reads the identifier fields item by item; fields without an expression are read once, plain
 * `{{ $json.… }}` references from the items (shared/parameterReader.ts).
 */
export function identifierReader(ctx: IExecuteFunctions): (itemIndex: number) => PersonIdentifierInput {
	const fallbacks = { email: '', firstName: '', lastName: '', domain: '', linkedinUrl: '', additionalIdentifiers: {} };
	const read = itemParameterReader(ctx, fallbacks, Object.keys(fallbacks) as Array<keyof typeof fallbacks>);
	return (itemIndex) => {
		const additional = (read('additionalIdentifiers', itemIndex) ?? {}) as IDataObject;
		return {
			email: read('email', itemIndex),
			firstName: read('firstName', itemIndex),
			lastName: read('lastName', itemIndex),
			domain: read('domain', itemIndex),
			linkedinUrl: read('linkedinUrl', itemIndex),
			apolloId: additional.apolloId,
			organizationName: additional.organizationName,
			name: additional.name,
			hashedEmail: additional.hashedEmail,
		};
	};
}

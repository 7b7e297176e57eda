import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executeOrganizationBulkEnrich } from './bulkEnrich';
import { executeOrganizationEnrich } from './enrich';
import { organizationIdentifierProperties } from './identifierFields';
import { organizationEnrichFieldProperties } from './enrichFields';

export type OrganizationOperationName = 'enrich' | 'bulkEnrich';

export const organizationOperationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['organization'] } },
	options: [
		{
			name: 'Bulk Enrich',
			value: 'bulkEnrich',
			action: 'Bulk enrich organizations',
			description: 'Enrich all input items, up to 10 per Apollo call; best for lists',
		},
		{
			name: 'Enrich',
			value: 'enrich',
			action: 'Enrich an organization',
			description: 'Enrich each input item with its own Apollo call; for one organization at a time',
		},
	],
	// As for Person: a list is what most people bring.
	default: 'bulkEnrich',
};

export const organizationProperties: INodeProperties[] = [
	organizationOperationProperty,
	...organizationIdentifierProperties,
	...organizationEnrichFieldProperties,
];

export const organizationOperations: Record<
	OrganizationOperationName,
	(this: IExecuteFunctions) => Promise<INodeExecutionData[]>
> = {
	enrich: executeOrganizationEnrich,
	bulkEnrich: executeOrganizationBulkEnrich,
};

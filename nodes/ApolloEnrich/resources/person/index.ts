import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executeBulkEnrich } from './bulkEnrich';
import { executeEnrich } from './enrich';
import { executeGetWebhookResult, getWebhookResultProperties } from './getWebhookResult';
import { identifierProperties } from './identifierFields';
import { enrichFieldProperties } from './enrichFields';
import { executeSearch, searchProperties } from './search';

export type PersonOperationName = 'enrich' | 'bulkEnrich' | 'getWebhookResult' | 'search';

export const personOperationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['person'] } },
	options: [
		{
			name: 'Bulk Enrich',
			value: 'bulkEnrich',
			action: 'Bulk enrich people',
			description: 'Enrich all input items, up to 10 per Apollo call; best for lists',
		},
		{
			name: 'Enrich',
			value: 'enrich',
			action: 'Enrich a person',
			description: 'Enrich each input item with its own Apollo call; for one person at a time, e.g. as an AI Agent tool',
		},
		{
			name: 'Get Webhook Result',
			value: 'getWebhookResult',
			action: 'Get a webhook result',
			description: 'Fetch phone numbers or waterfall results Apollo delivers later, by request ID',
		},
		{
			name: 'Search',
			value: 'search',
			action: 'Search people',
			description: "Find people in Apollo's database by job title, seniority, location and employer",
		},
	],
	// A list is what most people bring, and Bulk Enrich serves one item as well as a thousand.
	default: 'bulkEnrich',
};

export const personProperties: INodeProperties[] = [
	personOperationProperty,
	...identifierProperties,
	...getWebhookResultProperties,
	...searchProperties,
	...enrichFieldProperties,
];

export const personOperations: Record<
	PersonOperationName,
	(this: IExecuteFunctions) => Promise<INodeExecutionData[]>
> = {
	enrich: executeEnrich,
	bulkEnrich: executeBulkEnrich,
	getWebhookResult: executeGetWebhookResult,
	search: executeSearch,
};

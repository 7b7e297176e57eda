/**
 * Person → Search: Apollo's People API Search (`POST /api/v1/mixed_people/api_search`), which
 * finds people by job, place and employer and returns their Apollo IDs (no emails or phones; Apollo
 * rates it 0 credits). Each input item runs its own search, as n8n's search operations do, and
 * outputs one item per person found, paired with it.
 *
 * A search pages through Apollo's results one page after another until its Limit (or Return All)
 * is reached; the searches of several items run side by side through the run's scheduler, with
 * the same retry rules as enrichment (protocol/rateLimit.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	buildSearchFilters,
	PEOPLE_SEARCH_PATH,
	SEARCH_DISPLAY_LIMIT,
	searchRequestBody,
	type PeopleSearchFilters,
} from '../../protocol/peopleSearch';
import {
	DEFAULT_SEARCH_LIMIT,
	planSearch,
	readSearchPage,
	SearchCollector,
	searchHints,
	type SearchPlan,
	type SearchRunSummary,
} from '../../protocol/peopleSearchPaging';
import type { BuildResult } from '../../protocol/itemProblems';
import { apiError } from '../../shared/apolloErrors';
import { addHint } from '../../shared/executionHints';
import { asItemJson, type RunSettings } from '../../shared/enrichmentRun';
import { itemParameterReader } from '../../shared/parameterReader';
import { prepareItems, type PreparedItem } from '../../shared/prepareItems';
import type { RequestGate } from '../../shared/requestGate';
import { readRunSettings, tuningField } from '../../shared/runOptions';
import { apolloObjectRequest } from '../../shared/transport';
import { runSearches } from './searchRun';
import { searchFilterFields } from './searchFields';

const showFor = { resource: ['person'], operation: ['search'] };

export const searchProperties: INodeProperties[] = [
	{
		displayName:
			"Finds people in Apollo's database by job, place and employer. Results carry the Apollo Person ID but no email or phone: for those, map it into Enrich or Bulk Enrich → Additional Identifiers → Apollo Person ID. Each input item runs its own search.",
		name: 'searchNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: SEARCH_DISPLAY_LIMIT },
		// n8n's lint wants the literal 50 here; it is DEFAULT_SEARCH_LIMIT.
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...showFor, returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: showFor },
		options: searchFilterFields,
	},
	// Throughput and Retries, as for enrichment (Batch Size only shows for Bulk Enrich).
	tuningField({ show: showFor }),
];

export interface PreparedSearch {
	filters: PeopleSearchFilters;
	plan: SearchPlan;
}

function buildSearch(input: { returnAll: unknown; limit: unknown; filters: unknown }): BuildResult<PreparedSearch> {
	const planned = planSearch(input.returnAll, input.limit);
	if (!planned.ok) return { ok: false, problem: { field: 'Limit', message: planned.message, hint: planned.hint } };
	const filters = buildSearchFilters((input.filters ?? {}) as IDataObject);
	if (!filters.ok) return filters;
	return { ok: true, details: { filters: filters.details, plan: planned.plan } };
}

/** One item's search, page after page, until its plan says it is done. */
async function searchOne(
	ctx: IExecuteFunctions,
	record: PreparedItem<PreparedSearch>,
	settings: RunSettings,
	gate: RequestGate,
): Promise<SearchCollector> {
	const { itemIndex, details } = record;
	const collector = new SearchCollector(details.plan);
	let page: number | undefined = 1;
	while (page !== undefined) {
		const body = searchRequestBody(details.filters, page, details.plan.perPage) as IDataObject;
		const response = await apolloObjectRequest(
			ctx,
			{ method: 'POST', path: PEOPLE_SEARCH_PATH, body },
			{ itemIndex, retryPolicy: settings.retryPolicy, gate, timeoutMs: settings.timeoutMs, answers: 'search results' },
		);
		const read = readSearchPage(response.body);
		if (read === undefined) {
			throw apiError(ctx, itemIndex, {
				message: 'Apollo answered the people search without a list of people',
				description: `Page ${page} of item ${itemIndex}'s search could not be read. Run it again; if it keeps happening, Apollo may have changed its answer.`,
				httpCode: response.statusCode,
				body: response.body,
				stopReason: 'invalid_response',
			});
		}
		page = collector.add(page, read);
	}
	return collector;
}

export async function executeSearch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const itemCount = this.getInputData().length;
	const settings = readRunSettings(this);
	const read = itemParameterReader(this, { returnAll: false, limit: DEFAULT_SEARCH_LIMIT, filters: {} });
	const prepared = prepareItems(
		this,
		itemCount,
		(itemIndex) => ({ returnAll: read('returnAll', itemIndex), limit: read('limit', itemIndex), filters: read('filters', itemIndex) }),
		buildSearch,
	);
	const summary: SearchRunSummary = { searches: 0, pages: 0, people: 0, cutShort: [], credits: {} };
	const outputs = await runSearches(this, settings, prepared, async (record, gate) => {
		const collector = await searchOne(this, record, settings, gate);
		noteSearch(summary, record.itemIndex, collector);
		return collector.records.map((json) => ({ json: asItemJson(json), pairedItem: { item: record.itemIndex } }));
	});
	summary.cutShort.sort((a, b) => a.itemIndex - b.itemIndex);
	const returnAll = read('returnAll', 0) === true;
	for (const message of searchHints(summary, returnAll)) addHint(this, message);
	return outputs;
}

function noteSearch(summary: SearchRunSummary, itemIndex: number, collector: SearchCollector): void {
	summary.searches++;
	summary.pages += collector.pages;
	summary.people += collector.records.length;
	const total = collector.totalEntries;
	if (total !== null && total > collector.records.length) {
		summary.cutShort.push({ itemIndex, totalEntries: total, output: collector.records.length });
	}
	for (const [key, amount] of Object.entries(collector.credits)) {
		summary.credits[key] = (summary.credits[key] ?? 0) + amount;
	}
}

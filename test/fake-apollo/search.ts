// POST /api/v1/mixed_people/api_search (People API Search): reads the filters from the query
// (`person_titles[]=…`, Apollo's documented form) or a JSON body (`person_titles: […]`, what most
// clients send; the body wins, as Rails merges them), filters the directory and returns one page
// in Apollo's documented shape: `{ total_entries, people }`, no pagination object, 0 credits.

import type { HandlerContext, Reply } from './handlers';
import { boolParam } from './matching';
import { matchesFilters, searchView, type SearchFilters } from './search-filters';

/** Apollo's caps: "a display limit of 50,000 records (100 records per page, up to 500 pages)". */
export const SEARCH_MAX_PER_PAGE = 100;
export const SEARCH_MAX_PAGE = 500;
/** Not documented; the fake's choice for a request that sends no per_page. */
export const SEARCH_DEFAULT_PER_PAGE = 10;

const LIST_FILTERS = [
	'person_titles',
	'person_seniorities',
	'person_locations',
	'organization_locations',
	'q_organization_domains_list',
	'organization_ids',
	'organization_num_employees_ranges',
	'contact_email_status',
] as const;

/** Apollo's documented 422 body; when Apollo sends it is not documented. */
const INVALID: Reply = { status: 422, body: { error: 'Invalid parameters' } };

class Invalid extends Error {}

/** A list filter from the body (array or single text) or the query (`name[]`, repeated). */
function listParam(ctx: HandlerContext, name: string): string[] {
	const merged = ctx.params[name];
	let values: unknown[];
	if (merged !== undefined && merged !== null) values = Array.isArray(merged) ? merged : [merged];
	else values = ctx.searchParams.getAll(`${name}[]`);
	return values.map((value) => {
		if (typeof value === 'string') return value;
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		// Rails would hand Apollo a hash here; the fake refuses it.
		throw new Invalid(name);
	});
}

/** "1,10" → [1, 10]; anything else is refused (the docs ask for two numbers and a comma). */
function employeeRange(text: string): [number, number] {
	const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(text);
	if (!m) throw new Invalid('organization_num_employees_ranges');
	return [Number(m[1]), Number(m[2])];
}

function integerParam(ctx: HandlerContext, name: string, fallback: number): number {
	const raw = ctx.params[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
	if (!Number.isInteger(value)) throw new Invalid(name);
	return value;
}

function readFilters(ctx: HandlerContext): SearchFilters {
	const lists = Object.fromEntries(LIST_FILTERS.map((name) => [name, listParam(ctx, name)])) as Record<
		(typeof LIST_FILTERS)[number],
		string[]
	>;
	const keywords = ctx.params.q_keywords;
	if (keywords !== undefined && keywords !== null && typeof keywords !== 'string') throw new Invalid('q_keywords');
	const similar = ctx.params.include_similar_titles;
	return {
		...lists,
		organization_num_employees_ranges: lists.organization_num_employees_ranges.map(employeeRange),
		// Similar titles are included unless the request turns them off.
		include_similar_titles: similar === undefined || similar === '' ? true : boolParam(ctx.params, 'include_similar_titles'),
		q_keywords: keywords ?? '',
	};
}

export function handlePeopleSearch(ctx: HandlerContext): Reply {
	let filters: SearchFilters;
	let page: number;
	let perPage: number;
	try {
		filters = readFilters(ctx);
		page = integerParam(ctx, 'page', 1);
		// Observed: a per_page above 100 is cut to 100 without an error.
		perPage = Math.min(integerParam(ctx, 'per_page', SEARCH_DEFAULT_PER_PAGE), SEARCH_MAX_PER_PAGE);
	} catch (error) {
		if (error instanceof Invalid) return INVALID;
		throw error;
	}
	// Past Apollo's 500 pages, or a page or size below 1: undocumented, so the fake refuses.
	if (page < 1 || page > SEARCH_MAX_PAGE || perPage < 1) return INVALID;

	const found = ctx.people.filter((person) => matchesFilters(person, filters));
	const people = found.slice((page - 1) * perPage, page * perPage).map(searchView);
	Object.assign(ctx.entry, { searchResults: people.length, totalEntries: found.length });
	return { status: 200, body: { total_entries: found.length, people } };
}

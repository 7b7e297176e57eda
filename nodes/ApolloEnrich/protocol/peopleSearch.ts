/**
 * Person → Search: the filters a user fills in (often through expressions) → the request body of
 * Apollo's People API Search (`POST /api/v1/mixed_people/api_search`), or a problem naming the
 * field. Pure. Facts and sources: docs/apollo-api-notes.md.
 *
 * Apollo ignores parameter names it does not know and then returns unfiltered people, so every
 * name sent here is one its OpenAPI documents. The filters go in a JSON body under their plain
 * names (`person_titles`, not the query form `person_titles[]`): Rails reads both the same way,
 * and a body has no URL length limit for the 1,000 domains Apollo accepts.
 */
import { problem, type BuildResult, type ItemProblem } from './itemProblems';
import { normaliseDomain } from './normalise';

export const PEOPLE_SEARCH_PATH = '/api/v1/mixed_people/api_search';
/** Apollo's documented display limit: 100 per page, 500 pages, 50,000 people in all. */
export const SEARCH_MAX_PER_PAGE = 100;
export const SEARCH_MAX_PAGE = 500;
export const SEARCH_DISPLAY_LIMIT = SEARCH_MAX_PER_PAGE * SEARCH_MAX_PAGE;
/** "This parameter accepts up to 1,000 domains in a single request." */
export const SEARCH_MAX_DOMAINS = 1_000;

/** The seniorities Apollo's OpenAPI lists for person_seniorities[]. */
export const SEARCH_SENIORITIES = [
	'owner',
	'founder',
	'c_suite',
	'partner',
	'vp',
	'head',
	'director',
	'manager',
	'senior',
	'entry',
	'intern',
] as const;

export interface SearchFilterInput {
	jobTitles?: unknown;
	includeSimilarTitles?: unknown;
	seniorities?: unknown;
	personLocations?: unknown;
	organizationDomains?: unknown;
	employeeRanges?: unknown;
	keywords?: unknown;
}

export const SEARCH_FILTER_LABELS: Record<keyof SearchFilterInput, string> = {
	jobTitles: 'Job Titles',
	includeSimilarTitles: 'Include Similar Titles',
	seniorities: 'Seniorities',
	personLocations: 'Person Locations',
	organizationDomains: 'Company Domains',
	employeeRanges: 'Company Employee Ranges',
	keywords: 'Keywords',
};

/** Apollo's documented filter names, as sent; empty filters are left out. */
export interface PeopleSearchFilters {
	person_titles?: string[];
	include_similar_titles?: boolean;
	person_seniorities?: string[];
	person_locations?: string[];
	q_organization_domains_list?: string[];
	organization_num_employees_ranges?: string[];
	q_keywords?: string;
}

type Field = keyof SearchFilterInput;
type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ItemProblem };

function fail<T>(field: Field, message: string, hint: string): Parsed<T> {
	return { ok: false, problem: { field: SEARCH_FILTER_LABELS[field], message, hint } };
}

const LIST_SEPARATORS = /[,;\n]/;
const PLACE_SEPARATORS = /[;\n]/;

/**
 * Text or a list → its entries, trimmed, empty ones and repeats dropped. A list (from an
 * expression) is taken entry by entry; text is split at `separators`. Locations and ranges keep
 * their commas ("California, US" is one place, "1,10" one range), so they split at semicolons
 * and line breaks only.
 */
function entries(value: unknown, field: Field, separators: RegExp): Parsed<string[]> {
	const parts = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
	const out: string[] = [];
	for (const part of parts) {
		if (part === undefined || part === null) continue;
		if (typeof part !== 'string' && typeof part !== 'number') {
			const label = SEARCH_FILTER_LABELS[field];
			return fail(field, `${label} must be text or a list of texts, but a value is an object`, `Map text such as {{ $json.title }}, or a list of texts, into ${label}.`);
		}
		const pieces = Array.isArray(value) ? [String(part)] : String(part).split(separators);
		for (const piece of pieces.map((one) => one.trim())) {
			if (piece !== '' && !out.includes(piece)) out.push(piece);
		}
	}
	return { ok: true, value: out };
}

/** Each entry through `check`; the first problem stops it. */
function eachEntry(value: unknown, field: Field, separators: RegExp, check: (raw: string) => Parsed<string>): Parsed<string[]> {
	const listed = entries(value, field, separators);
	if (!listed.ok) return listed;
	const out: string[] = [];
	for (const raw of listed.value) {
		const checked = check(raw);
		if (!checked.ok) return checked;
		if (!out.includes(checked.value)) out.push(checked.value);
	}
	return { ok: true, value: out };
}

function seniority(raw: string): Parsed<string> {
	const value = raw.toLowerCase().replace(/[\s-]+/g, '_');
	if ((SEARCH_SENIORITIES as readonly string[]).includes(value)) return { ok: true, value };
	return fail('seniorities', `Seniority "${raw}" is not one Apollo knows`, `Use ${SEARCH_SENIORITIES.join(', ')}.`);
}

function domain(raw: string): Parsed<string> {
	const value = normaliseDomain(raw);
	if (value !== undefined) return { ok: true, value };
	return fail('organizationDomains', `Company Domain "${raw}" is not a domain`, 'Use website domains like acme.com (a URL or an email address also works).');
}

/** "1,10", "1-10" or "1 - 10" → Apollo's "1,10". */
function employeeRange(raw: string): Parsed<string> {
	const m = /^(\d+)\s*[,-]\s*(\d+)$/.exec(raw);
	if (m && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2])) return { ok: true, value: `${Number(m[1])},${Number(m[2])}` };
	return fail('employeeRanges', `Employee range "${raw}" is not a range`, 'Write each range as two whole numbers, smallest first, such as 1,10 or 250,500; separate ranges with semicolons.');
}

function keywords(value: unknown): Parsed<string> {
	if (value === undefined || value === null) return { ok: true, value: '' };
	if (typeof value === 'string' || typeof value === 'number') return { ok: true, value: String(value).trim() };
	return fail('keywords', 'Keywords must be text', 'Map a single text value, such as {{ $json.keywords }}.');
}

/** Every filter read and checked, in the order the node shows them. */
function readAll(input: SearchFilterInput) {
	return [
		['person_titles', entries(input.jobTitles, 'jobTitles', LIST_SEPARATORS)],
		['person_seniorities', eachEntry(input.seniorities, 'seniorities', LIST_SEPARATORS, seniority)],
		['person_locations', entries(input.personLocations, 'personLocations', PLACE_SEPARATORS)],
		['q_organization_domains_list', eachEntry(input.organizationDomains, 'organizationDomains', LIST_SEPARATORS, domain)],
		['organization_num_employees_ranges', eachEntry(input.employeeRanges, 'employeeRanges', PLACE_SEPARATORS, employeeRange)],
		['q_keywords', keywords(input.keywords)],
	] as const;
}

/**
 * Checks and converts one item's filters, or names the field with the first problem. At least one
 * filter is required: without any, Apollo lists its whole database, which is never what a
 * workflow means (usually an expression came back empty).
 */
export function buildSearchFilters(input: SearchFilterInput): BuildResult<PeopleSearchFilters> {
	const details: Record<string, unknown> = {};
	for (const [name, parsed] of readAll(input)) {
		if (!parsed.ok) return parsed;
		if (parsed.value.length > 0) details[name] = parsed.value;
	}
	const domains = details.q_organization_domains_list as string[] | undefined;
	if (domains !== undefined && domains.length > SEARCH_MAX_DOMAINS) {
		const label = SEARCH_FILTER_LABELS.organizationDomains;
		return problem(label, `${label} holds ${domains.length} domains; Apollo accepts at most ${SEARCH_MAX_DOMAINS} per search`, 'Split the domains over several input items: each item runs its own search.');
	}
	if (Object.keys(details).length === 0) {
		return problem(SEARCH_FILTER_LABELS.jobTitles, 'No search filter is set', 'Add at least one filter (Job Titles, Seniorities, Person Locations, Company Domains, Company Employee Ranges or Keywords). If they are expressions, check that the input item has those fields.');
	}
	// Apollo's default includes similar titles; sent explicitly so the request says what it asks.
	if (details.person_titles !== undefined) details.include_similar_titles = input.includeSimilarTitles !== false;
	return { ok: true, details: details as PeopleSearchFilters };
}

/** The JSON body for one page. */
export function searchRequestBody(filters: PeopleSearchFilters, page: number, perPage: number): Record<string, unknown> {
	return { ...filters, page, per_page: perPage };
}

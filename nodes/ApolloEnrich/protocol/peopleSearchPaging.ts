/**
 * Person → Search, after the filters: which pages to ask for (Return All or a Limit, within
 * Apollo's 100 per page and 500 pages), how one page of Apollo's answer becomes one output record
 * per person, and the run's summary. Pure.
 *
 * Apollo documents the answer as `{ total_entries, people }`; the legacy search also sent
 * `pagination.total_entries`, read as a fallback. People carry Apollo's `id`, which Enrich and Bulk
 * Enrich take as Apollo Person ID.
 */
import { isJsonObject, numberOrNull, type JsonObject } from '../../shared/apollo/json';
import { SEARCH_DISPLAY_LIMIT, SEARCH_MAX_PAGE, SEARCH_MAX_PER_PAGE } from './peopleSearch';

export const DEFAULT_SEARCH_LIMIT = 50;

export interface SearchPlan {
	/** Asked for on every page, so that page n always starts after (n - 1) × perPage people. */
	perPage: number;
	/** The most people this search outputs. */
	maxPeople: number;
}

export type PlanResult = { ok: true; plan: SearchPlan } | { ok: false; message: string; hint: string };

/** Return All means Apollo's whole display limit; a Limit is a whole number up to it. */
export function planSearch(returnAll: unknown, limit: unknown): PlanResult {
	let maxPeople = SEARCH_DISPLAY_LIMIT;
	if (returnAll !== true) {
		const value = typeof limit === 'string' && limit.trim() !== '' ? Number(limit) : limit;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > SEARCH_DISPLAY_LIMIT) {
			return {
				ok: false,
				message: `Limit must be a whole number from 1 to ${SEARCH_DISPLAY_LIMIT.toLocaleString('en-US')}`,
				hint: `Apollo shows at most ${SEARCH_DISPLAY_LIMIT.toLocaleString('en-US')} people per search (${SEARCH_MAX_PAGE} pages of ${SEARCH_MAX_PER_PAGE}). Turn on Return All for all of them.`,
			};
		}
		maxPeople = value;
	}
	return { ok: true, plan: { perPage: Math.min(SEARCH_MAX_PER_PAGE, maxPeople), maxPeople } };
}

export interface SearchPage {
	people: JsonObject[];
	/** All the people that match, as Apollo counts them; null when it did not say. */
	totalEntries: number | null;
	/** Any `…credit…` number Apollo put on the page (it documents none for this endpoint). */
	credits: Record<string, number> | null;
}

/** Apollo's answer for one page, or undefined when it is not the documented shape. */
export function readSearchPage(body: unknown): SearchPage | undefined {
	if (!isJsonObject(body) || !Array.isArray(body.people)) return undefined;
	const pagination = isJsonObject(body.pagination) ? body.pagination : {};
	const credits: Record<string, number> = {};
	for (const [key, value] of Object.entries(body)) {
		const amount = /credit/i.test(key) ? numberOrNull(value) : null;
		if (amount !== null) credits[key] = amount;
	}
	return {
		people: body.people.filter(isJsonObject),
		totalEntries: numberOrNull(body.total_entries) ?? numberOrNull(pagination.total_entries),
		credits: Object.keys(credits).length > 0 ? credits : null,
	};
}

/**
 * The page to ask for after `page`, or undefined when the search is done: enough people, Apollo's
 * last page (500), a page shorter than asked for, or no more matches by Apollo's count.
 */
export function nextPage(plan: SearchPlan, page: number, received: number, collected: number, totalEntries: number | null): number | undefined {
	if (collected >= plan.maxPeople || page >= SEARCH_MAX_PAGE) return undefined;
	if (received < plan.perPage) return undefined;
	if (totalEntries !== null && page * plan.perPage >= totalEntries) return undefined;
	return page + 1;
}

/** What each output item says about the search that found it, under `apollo`. */
export interface SearchItemMeta {
	operation: 'search';
	/** The Apollo page it came from, and its place in the search's results (1-based). */
	page: number;
	position: number;
	totalEntries: number | null;
	/** The page's credit fields, if Apollo sent any (the same object on each item of the page). */
	pageCredits: Record<string, number> | null;
}

export type SearchRecord = JsonObject & { apollo: SearchItemMeta };

/** Tracks one search across its pages: people kept, ids seen (a person is output once). */
export class SearchCollector {
	readonly records: SearchRecord[] = [];
	private readonly seen = new Set<string>();
	pages = 0;
	totalEntries: number | null = null;
	readonly credits: Record<string, number> = {};

	constructor(readonly plan: SearchPlan) {}

	/** Adds one page; returns the next page to ask for, or undefined. */
	add(pageNumber: number, page: SearchPage): number | undefined {
		this.pages++;
		this.totalEntries = page.totalEntries ?? this.totalEntries;
		for (const [key, amount] of Object.entries(page.credits ?? {})) {
			this.credits[key] = (this.credits[key] ?? 0) + amount;
		}
		for (const person of page.people) {
			if (this.records.length >= this.plan.maxPeople) break;
			const id = typeof person.id === 'string' ? person.id : undefined;
			// A person can move between pages while Apollo's data changes; output them once.
			if (id !== undefined && this.seen.has(id)) continue;
			if (id !== undefined) this.seen.add(id);
			const apollo: SearchItemMeta = {
				operation: 'search',
				page: pageNumber,
				position: this.records.length + 1,
				totalEntries: page.totalEntries,
				pageCredits: page.credits,
			};
			this.records.push({ ...person, apollo });
		}
		return nextPage(this.plan, pageNumber, page.people.length, this.records.length, page.totalEntries);
	}
}

export interface SearchRunSummary {
	searches: number;
	pages: number;
	people: number;
	/** Searches that matched more people than they output, with how many matched. */
	cutShort: Array<{ itemIndex: number; totalEntries: number; output: number }>;
	credits: Record<string, number>;
}

/** The execution hints for a run; empty when there is nothing worth saying. */
export function searchHints(summary: SearchRunSummary, returnAll: boolean): string[] {
	const hints: string[] = [];
	const credits = Object.entries(summary.credits);
	if (credits.length > 0) {
		const figures = credits.map(([key, amount]) => `${key} ${Math.round(amount * 100) / 100}`).join(', ');
		hints.push(`Apollo reported credits for this search: ${figures}. Its docs rate People API Search at 0 credits.`);
	}
	const [first] = summary.cutShort;
	if (first === undefined) return hints;
	const more = summary.cutShort.length > 1 ? ` (and ${summary.cutShort.length - 1} more search(es))` : '';
	hints.push(
		returnAll
			? `Item ${first.itemIndex}'s search matched ${first.totalEntries.toLocaleString('en-US')} people${more}; Apollo shows at most ${SEARCH_DISPLAY_LIMIT.toLocaleString('en-US')} per search. Add filters to narrow it.`
			: `Item ${first.itemIndex}'s search matched ${first.totalEntries.toLocaleString('en-US')} people and output ${first.output}${more} (Limit). Raise Limit or turn on Return All for more.`,
	);
	return hints;
}

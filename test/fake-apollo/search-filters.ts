// People API Search over the directory: one predicate per documented filter, and the person as
// api_search shows it (obfuscated last name, has_* flags, no contact data). Filters combine with
// AND; the values inside one filter with OR, as Apollo documents for titles and seniorities.

import { normalizeDomain } from './matching';
import type { FakePerson } from './types';

/** The filters the fake understands, already read as lists (names as Apollo spells them). */
export interface SearchFilters {
	person_titles: string[];
	include_similar_titles: boolean;
	person_seniorities: string[];
	person_locations: string[];
	organization_locations: string[];
	q_organization_domains_list: string[];
	organization_ids: string[];
	organization_num_employees_ranges: Array<[number, number]>;
	contact_email_status: string[];
	q_keywords: string;
}

const COUNTRY_CODES: Record<string, string[]> = {
	'united states': ['us', 'usa'],
	'united kingdom': ['gb', 'uk'],
	germany: ['de'],
	canada: ['ca'],
	australia: ['au'],
	france: ['fr'],
};

function words(text: string): string[] {
	return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * Apollo: results "include job titles with the same terms, even if they are not exact matches"
 * (`marketing manager` finds `content marketing manager`); include_similar_titles=false keeps
 * only strict matches.
 */
function titleMatches(title: string, wanted: string, similar: boolean): boolean {
	if (!similar) return title.trim().toLowerCase() === wanted.trim().toLowerCase();
	const have = new Set(words(title));
	const need = words(wanted);
	return need.length > 0 && need.every((word) => have.has(word));
}

/** "california", "Berlin", "California, US": every comma-separated part names the place. */
function locationMatches(place: { city: string; state: string; country: string }, wanted: string): boolean {
	const tokens = new Set([place.city, place.state, place.country].map((part) => part.toLowerCase()));
	for (const code of COUNTRY_CODES[place.country.toLowerCase()] ?? []) tokens.add(code);
	const parts = wanted
		.split(',')
		.map((part) => part.trim().toLowerCase())
		.filter(Boolean);
	return parts.length > 0 && parts.every((part) => tokens.has(part));
}

function keywordsMatch(person: FakePerson, keywords: string): boolean {
	const org = person.organization;
	const haystack = [
		person.name,
		person.title,
		person.headline,
		org.name,
		org.industry,
		...org.keywords,
		person.city,
		person.state,
		person.country,
	]
		.join(' ')
		.toLowerCase();
	return words(keywords).every((word) => haystack.includes(word));
}

function anyOf<T>(wanted: T[], test: (value: T) => boolean): boolean {
	return wanted.length === 0 || wanted.some(test);
}

export function matchesFilters(person: FakePerson, filters: SearchFilters): boolean {
	const org = person.organization;
	const employees = org.estimated_num_employees;
	return (
		anyOf(filters.person_titles, (t) => titleMatches(person.title, t, filters.include_similar_titles)) &&
		anyOf(filters.person_seniorities, (s) => s.trim().toLowerCase() === person.seniority) &&
		anyOf(filters.person_locations, (l) => locationMatches(person, l)) &&
		anyOf(filters.organization_locations, (l) => locationMatches(org, l)) &&
		anyOf(filters.q_organization_domains_list, (d) => normalizeDomain(d) === org.primary_domain) &&
		anyOf(filters.organization_ids, (id) => id === person.organization_id) &&
		anyOf(filters.organization_num_employees_ranges, ([min, max]) => employees >= min && employees <= max) &&
		anyOf(filters.contact_email_status, (s) => s.trim().toLowerCase() === person.email_status) &&
		(filters.q_keywords.trim() === '' || keywordsMatch(person, filters.q_keywords))
	);
}

/** Apollo's format: the first two characters, asterisks, the last character ("Do***e"). */
export function obfuscateLastName(lastName: string): string {
	const chars = [...lastName];
	return chars.length === 0 ? '' : `${chars.slice(0, 2).join('')}***${chars[chars.length - 1]}`;
}

/** A fixed refresh date per person, so responses are the same on every run. */
function refreshedAt(id: string): string {
	const day = (parseInt(id.slice(0, 4), 16) % 28) + 1;
	return `2026-11-${String(day).padStart(2, '0')}T08:15:00.000+00:00`;
}

/** The person as People API Search returns it: no last name, email, phone or LinkedIn URL. */
export function searchView(person: FakePerson): Record<string, unknown> {
	const org = person.organization;
	return {
		id: person.id,
		first_name: person.first_name,
		last_name_obfuscated: obfuscateLastName(person.last_name),
		title: person.title === '' ? null : person.title,
		last_refreshed_at: refreshedAt(person.id),
		has_email: person.email_status === 'verified',
		has_city: person.city !== '',
		has_state: person.state !== '',
		has_country: person.country !== '',
		has_direct_phone: person.mobile_phone ? 'Yes' : 'Maybe: please request direct dial via people/bulk_match',
		organization: {
			name: org.name,
			has_industry: org.industry !== '',
			has_phone: org.phone !== '',
			has_city: org.city !== '',
			has_state: org.state !== '',
			has_country: org.country !== '',
			has_zip_code: org.postal_code !== '',
			has_revenue: org.annual_revenue > 0,
			has_employee_count: org.estimated_num_employees > 0,
		},
	};
}

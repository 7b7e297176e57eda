/**
 * Simplify for organizations: a flat record with the fields ops teams map into CRMs and
 * sheets. Pure.
 *
 * As for people (simplifyPerson.ts): every key is always present (null or an empty list when
 * Apollo has nothing), also for a no-match, so that a sheet gets the same columns from every
 * row; lists stay lists of plain strings; the row's head and tail are added by
 * shared/simplifyOutput.ts.
 */
import { isJsonObject, type JsonObject } from '../../shared/apollo/json';
import { amount, count, domainOf, text, texts } from './simplifyValues';

export interface SimpleOrganization {
	[key: string]: unknown;
	id: string | null;
	name: string | null;
	/** Apollo's `primary_domain`, else the host of the website. */
	domain: string | null;
	website: string | null;
	linkedinUrl: string | null;
	twitterUrl: string | null;
	facebookUrl: string | null;
	/** The main number, E.164 where Apollo gave one. */
	phone: string | null;
	industry: string | null;
	keywords: string[];
	employeeCount: number | null;
	annualRevenue: number | null;
	/** Apollo's own short form, e.g. "61M". */
	annualRevenuePrinted: string | null;
	foundedYear: number | null;
	shortDescription: string | null;
	streetAddress: string | null;
	city: string | null;
	state: string | null;
	postalCode: string | null;
	country: string | null;
	/** The names of the technologies Apollo detected on the company's sites. */
	technologies: string[];
	totalFunding: number | null;
	totalFundingPrinted: string | null;
	latestFundingStage: string | null;
	latestFundingRoundDate: string | null;
	publiclyTradedSymbol: string | null;
}

/**
 * `primary_phone` carries the dialable `sanitized_number`; the top-level `phone` is Apollo's raw
 * text (spaces, dashes), so it is only the fallback.
 */
function phoneOf(organization: JsonObject): string | null {
	const primary = isJsonObject(organization.primary_phone) ? organization.primary_phone : {};
	return text(primary.sanitized_number) ?? text(primary.number) ?? text(organization.phone);
}

/**
 * Apollo lists technologies twice: as `technology_names` and as `current_technologies` objects
 * ({uid, name, category}). Either may be missing, so both are read, each name once.
 */
function technologiesOf(organization: JsonObject): string[] {
	const names = Array.isArray(organization.technology_names) ? organization.technology_names : [];
	const current = Array.isArray(organization.current_technologies)
		? organization.current_technologies
		: [];
	return texts([...names, ...current.map((entry) => (isJsonObject(entry) ? entry.name : null))]);
}

export function simplifyOrganization(organization: JsonObject | null): SimpleOrganization {
	const record = organization ?? {};
	return {
		id: text(record.id),
		name: text(record.name),
		domain: domainOf(record),
		website: text(record.website_url),
		linkedinUrl: text(record.linkedin_url),
		twitterUrl: text(record.twitter_url),
		facebookUrl: text(record.facebook_url),
		phone: phoneOf(record),
		industry: text(record.industry),
		keywords: texts(record.keywords),
		employeeCount: count(record.estimated_num_employees),
		annualRevenue: amount(record.annual_revenue),
		annualRevenuePrinted: text(record.annual_revenue_printed),
		foundedYear: count(record.founded_year),
		shortDescription: text(record.short_description),
		streetAddress: text(record.street_address),
		city: text(record.city),
		state: text(record.state),
		postalCode: text(record.postal_code),
		country: text(record.country),
		technologies: technologiesOf(record),
		totalFunding: amount(record.total_funding),
		totalFundingPrinted: text(record.total_funding_printed),
		latestFundingStage: text(record.latest_funding_stage),
		latestFundingRoundDate: text(record.latest_funding_round_date),
		publiclyTradedSymbol: text(record.publicly_traded_symbol),
	};
}

/**
 * Turns the organization fields a user filled in into the parameters Apollo documents for
 * organizations/enrich and each organizations/bulk_enrich `details` entry, or into a precise
 * problem report. Pure; unit-tested on its own.
 *
 * Apollo needs at least one of domain, name, website and linkedin_url. Its single endpoint
 * answers a call without any of them with a 422, and a bulk entry without any of them can only
 * miss, so such an item is stopped before it costs a call.
 */
import { fieldTexts, problem as itemProblem, type BuildResult } from './itemProblems';
import { normaliseDomain, normaliseLinkedinUrl } from './normalise';

export interface OrganizationIdentifierInput {
	domain?: unknown;
	name?: unknown;
	website?: unknown;
	linkedinUrl?: unknown;
}

/** Apollo's documented names; empty fields are left out. */
export interface ApolloOrganizationDetails {
	domain?: string;
	name?: string;
	website?: string;
	linkedin_url?: string;
}

export const ORGANIZATION_FIELD_LABELS: Record<keyof OrganizationIdentifierInput, string> = {
	domain: 'Domain',
	name: 'Organization Name',
	website: 'Website',
	linkedinUrl: 'LinkedIn URL',
};

type Field = keyof OrganizationIdentifierInput;

type Result = BuildResult<ApolloOrganizationDetails>;

function problem(field: Field, message: string, hint: string): Result {
	return itemProblem(ORGANIZATION_FIELD_LABELS[field], message, hint);
}

export function buildOrganizationDetails(input: OrganizationIdentifierInput): Result {
	const read = fieldTexts(input, ORGANIZATION_FIELD_LABELS);
	if (!read.ok) return read;
	const text = read.text;
	const details: ApolloOrganizationDetails = {};
	if (text.domain) {
		const domain = normaliseDomain(text.domain);
		if (domain === undefined) {
			return problem(
				'domain',
				`Domain "${text.domain}" is not a domain`,
				'Use the company website domain, like acme.com (a URL or an email address also works).',
			);
		}
		details.domain = domain;
	}
	if (text.name) details.name = text.name.replace(/\s+/g, ' ');
	if (text.website) {
		// Sent as given: Apollo documents `website` as the site's address, not a bare domain.
		if (normaliseDomain(text.website) === undefined || text.website.includes('@')) {
			return problem(
				'website',
				`Website "${text.website}" is not a web address`,
				'Use the address of the company website, like https://www.acme.com.',
			);
		}
		details.website = text.website;
	}
	if (text.linkedinUrl) {
		const linkedin = normaliseLinkedinUrl(text.linkedinUrl);
		if (linkedin === undefined) {
			return problem(
				'linkedinUrl',
				`LinkedIn URL "${text.linkedinUrl}" is not a linkedin.com address`,
				'Use the company page URL, like https://www.linkedin.com/company/acme.',
			);
		}
		details.linkedin_url = linkedin;
	}
	if (Object.keys(details).length === 0) {
		return problem(
			'domain',
			'No identifier to match on: Domain, Organization Name, Website and LinkedIn URL are all empty',
			'Set at least one of them; Domain matches best. If they are expressions, check that the input item has those fields.',
		);
	}
	return { ok: true, details };
}

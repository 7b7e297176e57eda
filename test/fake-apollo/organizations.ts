// organizations/enrich and organizations/bulk_enrich (reference §5). The organizations are the
// directory's companies, looked up by domain, LinkedIn URL, website or a loosely read name.
// Apollo does not document how bulk_enrich orders its `organizations`, so the fake can answer
// in three ways (options.orgBulkResponse); the default leaves misses out and merges repeats,
// which is the shape its counters (unique_domains, unique_records) suggest.

import { organizationsByDomain } from './directory';
import type { HandlerContext, Reply } from './handlers';
import { normalizeDomain, normalizeLinkedinUrl, stringParam, type Params } from './matching';
import type { ApolloOrganization } from './types';

const IDENTIFYING_KEYS = ['domain', 'name', 'website', 'linkedin_url'] as const;

/** Apollo reads names loosely: case, punctuation and a legal suffix do not matter. */
function looseName(name: string): string {
	return name
		.toLowerCase()
		.replace(/[^a-z0-9 ]+/g, ' ')
		.replace(/\b(inc|llc|ltd|co|corp|corporation|gmbh|sa|plc)\b/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

function hasIdentifier(params: Params): boolean {
	return IDENTIFYING_KEYS.some((key) => stringParam(params, key) !== undefined);
}

/** The first identifier that hits wins, from the most to the least specific. */
export function findOrganization(
	orgs: readonly ApolloOrganization[],
	params: Params,
): ApolloOrganization | undefined {
	const domain = stringParam(params, 'domain');
	const website = stringParam(params, 'website');
	const linkedin = stringParam(params, 'linkedin_url');
	const name = stringParam(params, 'name');
	const tries: Array<(org: ApolloOrganization) => boolean> = [];
	if (domain !== undefined) tries.push((org) => org.primary_domain === normalizeDomain(domain));
	if (linkedin !== undefined) {
		const wanted = normalizeLinkedinUrl(linkedin);
		tries.push((org) => normalizeLinkedinUrl(org.linkedin_url) === wanted);
	}
	if (website !== undefined) tries.push((org) => org.primary_domain === normalizeDomain(website));
	if (name !== undefined) tries.push((org) => looseName(org.name) === looseName(name));
	for (const test of tries) {
		const hit = orgs.find(test);
		if (hit) return hit;
	}
	return undefined;
}

const TECHNOLOGIES = [
	{ uid: 'google_analytics', name: 'Google Analytics', category: 'Analytics and Tracking' },
	{ uid: 'salesforce', name: 'Salesforce', category: 'CRM' },
	{ uid: 'slack', name: 'Slack', category: 'Other' },
];

/**
 * §1.2's funding and technology fields. Companies founded before 2005 stand for bootstrapped
 * ones: Apollo then has no funding and sends nulls and an empty list.
 */
function fundingAndTechnologies(org: ApolloOrganization): Record<string, unknown> {
	const funded = org.founded_year >= 2005;
	const millions = Math.max(1, Math.round(org.annual_revenue / 4_000_000));
	return {
		total_funding: funded ? millions * 1_000_000 : null,
		total_funding_printed: funded ? `${millions}M` : null,
		latest_funding_stage: funded ? (org.estimated_num_employees < 200 ? 'Series A' : 'Series C') : null,
		latest_funding_round_date: funded ? `${org.founded_year + 6}-03-01T00:00:00.000+00:00` : null,
		funding_events: [],
		technology_names: TECHNOLOGIES.map((technology) => technology.name),
		current_technologies: structuredClone(TECHNOLOGIES),
	};
}

/** The organization as organizations/enrich shows it: §1.2's fields plus §5's extras. */
export function toApolloOrganization(org: ApolloOrganization): Record<string, unknown> {
	const share = (fraction: number) => Math.round(org.estimated_num_employees * fraction);
	return {
		...structuredClone(org),
		...fundingAndTechnologies(org),
		num_languages: org.languages.length,
		num_retail_locations: 0,
		departmental_head_count: {
			engineering: share(0.3),
			sales: share(0.15),
			marketing: share(0.08),
			operations: share(0.12),
		},
		organization_headcount_six_month_growth: 0.04,
		organization_headcount_twelve_month_growth: 0.09,
		organization_headcount_twenty_four_month_growth: null,
		owned_by_organization: null,
		ultimate_parent_organization: null,
		account_id: null,
	};
}

function directoryOrgs(ctx: HandlerContext): ApolloOrganization[] {
	return [...organizationsByDomain(ctx.people).values()];
}

export function handleOrgEnrich(ctx: HandlerContext): Reply {
	if (!hasIdentifier(ctx.params)) {
		return { status: 422, body: { error: "Required parameter 'domain' missing" } };
	}
	const org = findOrganization(directoryOrgs(ctx), ctx.params);
	Object.assign(ctx.entry, { matched: org ? 1 : 0, credits: org ? 1 : 0 });
	// A miss is an empty object: no `organization` key at all (observed, reference §5).
	return { status: 200, body: org ? { organization: toApolloOrganization(org) } : {} };
}

function bulkError(status: number, code: string, message: string): Reply {
	return { status, body: { status: 'failed', error_code: code, error_message: message } };
}

/** `details` wins; otherwise `domains[]` from the query string or `domains` from the body. */
function requestedRows(ctx: HandlerContext): unknown {
	const details = ctx.params.details;
	if (details !== undefined && details !== null && details !== '') return details;
	const fromQuery = ctx.searchParams.getAll('domains[]');
	const domains = fromQuery.length > 0 ? fromQuery : ctx.params.domains;
	if (!Array.isArray(domains)) return undefined;
	return domains.map((domain: unknown) => ({ domain }));
}

export function handleOrgBulkEnrich(ctx: HandlerContext): Reply {
	const rows = requestedRows(ctx);
	if (rows === undefined || (Array.isArray(rows) && rows.length === 0)) {
		return bulkError(400, 'INVALID_REQUEST', 'invalid request, missing domains');
	}
	if (!Array.isArray(rows)) {
		return bulkError(
			422,
			'UNKNOWN_ERROR',
			"undefined method `length' for an instance of ActionController::Parameters",
		);
	}
	if (rows.length > 10) {
		return bulkError(400, 'RECORD_LIMIT_EXCEEDED', 'domain count cannot be more than 10');
	}
	const params: Params[] = rows.map((row: unknown) =>
		row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Params) : {},
	);
	const orgs = directoryOrgs(ctx);
	const found = params.map((row) => (hasIdentifier(row) ? findOrganization(orgs, row) : undefined));
	const unique = [...new Set(found.filter((org): org is ApolloOrganization => org !== undefined))];
	const domains = params
		.map((row) => stringParam(row, 'domain'))
		.filter((domain): domain is string => domain !== undefined);
	let organizations: Array<Record<string, unknown> | null>;
	switch (ctx.options.orgBulkResponse) {
		case 'positional':
			organizations = found.map((org) => (org ? toApolloOrganization(org) : null));
			break;
		case 'reversed':
			organizations = unique.map(toApolloOrganization).reverse();
			break;
		default:
			organizations = unique.map(toApolloOrganization);
	}
	Object.assign(ctx.entry, {
		detailsCount: rows.length,
		matched: found.filter((org) => org !== undefined).length,
		credits: unique.length,
	});
	return {
		status: 200,
		body: {
			status: 'success',
			error_code: null,
			error_message: null,
			total_requested_records: rows.length,
			total_requested_domains: domains.length,
			unique_domains: new Set(domains.map(normalizeDomain)).size,
			unique_records: new Set(params.map((row) => JSON.stringify(row))).size,
			unique_enriched_records: unique.length,
			missing_records: found.filter((org) => org === undefined).length,
			organizations,
		},
	};
}

/**
 * From Apollo's organization responses to one output record per input item. Pure; unit-tested.
 *
 * A miss of organizations/enrich is `200 {}`: no `organization` key at all. A bulk_enrich answer
 * lists `organizations`, but Apollo documents neither their order nor whether misses keep a
 * place (its counters speak of unique domains and records, so entries may be merged or left out).
 * alignBulkOrganizations therefore pairs by position only when the answer has one entry per
 * entry sent and nothing contradicts that, and otherwise by the identifiers themselves; an entry
 * it cannot attribute with certainty is flagged, never guessed.
 */
import { hasApolloId, isJsonObject, numberOrNull, requestIdOf, type JsonObject } from '../../shared/apollo/json';
import type { Classification } from './enrichOutput';
import { bareLinkedinUrl, normaliseDomain } from './normalise';
import type { ApolloOrganizationDetails } from './organizationIdentifiers';

export type OrganizationNoMatchReason =
	| 'no_organization_returned'
	| 'no_organization_id'
	| 'ambiguous_response';

export type OrganizationClassification = Classification<OrganizationNoMatchReason>;

export function classifyOrganization(candidate: unknown): OrganizationClassification {
	if (!isJsonObject(candidate)) return { matched: false, reason: 'no_organization_returned' };
	if (!hasApolloId(candidate)) return { matched: false, reason: 'no_organization_id' };
	return { matched: true, record: candidate };
}

/** How the entries of a bulk answer were paired with the entries sent. */
export type Alignment = 'position' | 'identifiers';

export interface OrganizationCallMeta {
	requestId: string | null;
	call: {
		batchNumber: number | null;
		batchSize: number | null;
		alignedBy: Alignment | null;
		creditsConsumed: number | null;
		totalRequestedRecords: number | null;
		totalRequestedDomains: number | null;
		uniqueDomains: number | null;
		uniqueRecords: number | null;
		uniqueEnrichedRecords: number | null;
		missingRecords: number | null;
	};
}

/** The call-level facts every output item of one Apollo call shares; null where Apollo sent none. */
export function organizationCallMetaOf(
	body: JsonObject,
	batch?: { number: number; size: number; alignedBy: Alignment },
): OrganizationCallMeta {
	return {
		requestId: requestIdOf(body),
		call: {
			batchNumber: batch?.number ?? null,
			batchSize: batch?.size ?? null,
			alignedBy: batch?.alignedBy ?? null,
			creditsConsumed: numberOrNull(body.credits_consumed),
			totalRequestedRecords: numberOrNull(body.total_requested_records),
			totalRequestedDomains: numberOrNull(body.total_requested_domains),
			uniqueDomains: numberOrNull(body.unique_domains),
			uniqueRecords: numberOrNull(body.unique_records),
			uniqueEnrichedRecords: numberOrNull(body.unique_enriched_records),
			missingRecords: numberOrNull(body.missing_records),
		},
	};
}

function linkedinKey(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	return bareLinkedinUrl(value.trim().toLowerCase());
}

function nameKey(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Every domain an organization answers to: its primary domain and its website's. */
function domainsOf(org: JsonObject): Set<string> {
	const domains = new Set<string>();
	for (const value of [org.primary_domain, org.website_url, org.domain]) {
		const domain = typeof value === 'string' ? normaliseDomain(value) : undefined;
		if (domain !== undefined) domains.add(domain);
	}
	return domains;
}

function sentDomains(sent: ApolloOrganizationDetails): string[] {
	const website = sent.website === undefined ? undefined : normaliseDomain(sent.website);
	return [sent.domain, website].filter((domain): domain is string => domain !== undefined);
}

/**
 * True when the organization cannot be the answer for this entry: a domain or LinkedIn URL that
 * was sent differs from the organization's, or the name sent is exactly another listed
 * organization's name and not this one's. A differing name alone is no contradiction, since
 * Apollo matches names loosely ("Acme" may well come back as "Acme Robotics, Inc.").
 */
function contradicts(sent: ApolloOrganizationDetails, org: JsonObject, all: JsonObject[]): boolean {
	const domains = domainsOf(org);
	if (domains.size > 0 && sentDomains(sent).some((domain) => !domains.has(domain))) return true;
	const sentLinkedin = linkedinKey(sent.linkedin_url);
	const orgLinkedin = linkedinKey(org.linkedin_url);
	if (sentLinkedin !== undefined && orgLinkedin !== undefined && sentLinkedin !== orgLinkedin) {
		return true;
	}
	const name = nameKey(sent.name);
	return (
		name !== undefined &&
		nameKey(org.name) !== name &&
		all.some((other) => other !== org && nameKey(other.name) === name)
	);
}

function index(orgs: JsonObject[], keysOf: (org: JsonObject) => Iterable<string>) {
	const byKey = new Map<string, Set<JsonObject>>();
	for (const org of orgs) {
		for (const key of keysOf(org)) {
			const hits = byKey.get(key) ?? new Set<JsonObject>();
			hits.add(org);
			byKey.set(key, hits);
		}
	}
	return byKey;
}

function keys(value: string | undefined): string[] {
	return value === undefined ? [] : [value];
}

/** Pairs by domain (sent or the website's), then LinkedIn URL, then exact name; one hit only. */
function alignByIdentifiers(
	orgs: JsonObject[],
	sent: readonly ApolloOrganizationDetails[],
	missingRecords: number | null,
): OrganizationClassification[] {
	const byDomain = index(orgs, domainsOf);
	const byLinkedin = index(orgs, (org) => keys(linkedinKey(org.linkedin_url)));
	const byName = index(orgs, (org) => keys(nameKey(org.name)));
	const claimed = new Set<JsonObject>();
	const found = sent.map((entry) => {
		const tries: Array<[Map<string, Set<JsonObject>>, string | undefined]> = [
			...sentDomains(entry).map((domain): [Map<string, Set<JsonObject>>, string] => [
				byDomain,
				domain,
			]),
			[byLinkedin, linkedinKey(entry.linkedin_url)],
			[byName, nameKey(entry.name)],
		];
		for (const [byKey, key] of tries) {
			const hits = key === undefined ? undefined : byKey.get(key);
			if (hits?.size !== 1) continue;
			const [org] = hits;
			// Two entries can resolve to one organization; each output item gets its own copy.
			const own = claimed.has(org) ? structuredClone(org) : org;
			claimed.add(org);
			return own;
		}
		return undefined;
	});
	const unresolved = found.filter((org) => org === undefined).length;
	// Unclaimed organizations, or fewer misses than unresolved entries, mean that Apollo did find
	// something for some of them: those entries are flagged as ambiguous rather than as misses.
	const ambiguous =
		orgs.some((org) => !claimed.has(org)) ||
		(missingRecords !== null && missingRecords !== unresolved);
	return found.map((org) =>
		org !== undefined
			? classifyOrganization(org)
			: { matched: false, reason: ambiguous ? 'ambiguous_response' : 'no_organization_returned' },
	);
}

export type BulkAlignment =
	| { ok: true; classifications: OrganizationClassification[]; alignedBy: Alignment }
	| { ok: false; message: string };

export function alignBulkOrganizations(
	body: JsonObject,
	sent: readonly ApolloOrganizationDetails[],
): BulkAlignment {
	const organizations = body.organizations;
	if (!Array.isArray(organizations)) {
		return { ok: false, message: 'Apollo answered bulk_enrich without an `organizations` list' };
	}
	const orgs = organizations.filter(isJsonObject);
	const positional =
		organizations.length === sent.length &&
		organizations.every(
			(org, position) => !isJsonObject(org) || !contradicts(sent[position], org, orgs),
		);
	if (positional) {
		return {
			ok: true,
			classifications: organizations.map(classifyOrganization),
			alignedBy: 'position',
		};
	}
	const missing = numberOrNull(body.missing_records);
	return {
		ok: true,
		classifications: alignByIdentifiers(orgs, sent, missing),
		alignedBy: 'identifiers',
	};
}

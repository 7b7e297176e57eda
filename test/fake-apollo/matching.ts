// Person matching, as close to Apollo's documented rules as a fake can get: a strong identifier
// (id, email, hashed email, LinkedIn URL) is enough on its own; a name needs an employer (domain
// or organization_name) as well. Keys Apollo does not know (organization_domain, company, ...)
// are ignored without error, exactly like the real API.

import { createHash } from 'node:crypto';

import type { FakePerson } from './types';

/** The identifier keys Apollo accepts, for people/match and for each bulk `details` entry. */
export const IDENTIFIER_KEYS = [
	'first_name',
	'last_name',
	'name',
	'email',
	'hashed_email',
	'organization_name',
	'domain',
	'id',
	'linkedin_url',
] as const;

export type Params = Record<string, unknown>;

/** Strings and numbers count as values; Rails would reject neither. Blank means absent. */
export function stringParam(params: Params, key: string): string | undefined {
	const value = params[key];
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/** Rails-style boolean casting of the common truthy spellings; anything else is false. */
export function boolParam(params: Params, key: string): boolean {
	const value = params[key];
	if (value === true || value === 1) return true;
	return (
		typeof value === 'string' &&
		['true', '1', 't', 'yes', 'on'].includes(value.trim().toLowerCase())
	);
}

/** "https://www.LinkedIn.com/in/x/" and "linkedin.com/in/x" are the same profile. */
export function normalizeLinkedinUrl(url: string): string {
	return url
		.trim()
		.toLowerCase()
		.replace(/^[a-z]+:\/\//, '')
		.replace(/^www\./, '')
		.replace(/[?#].*$/, '')
		.replace(/\/+$/, '');
}

/** Apollo asks for a bare domain; be lenient about a scheme, www., '@' or a path. */
export function normalizeDomain(domain: string): string {
	return domain
		.trim()
		.toLowerCase()
		.replace(/^[a-z]+:\/\//, '')
		.replace(/^@/, '')
		.replace(/^www\./, '')
		.replace(/\/.*$/, '');
}

function normalizeName(name: string): string {
	return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

function emailHashes(email: string): string[] {
	const lower = email.trim().toLowerCase();
	return [
		createHash('md5').update(lower).digest('hex'),
		createHash('sha256').update(lower).digest('hex'),
	];
}

function worksAt(person: FakePerson, domain?: string, organizationName?: string): boolean {
	const primary = person.organization.primary_domain.toLowerCase();
	if (domain !== undefined && primary === normalizeDomain(domain)) return true;
	return (
		organizationName !== undefined &&
		person.organization.name.toLowerCase() === organizationName.trim().toLowerCase()
	);
}

/**
 * Finds the person the parameters describe, or undefined. Identifiers are tried from the most
 * to the least specific, and the first one that hits wins (Apollo returns one closest match).
 */
export function findPerson(people: readonly FakePerson[], params: Params): FakePerson | undefined {
	const id = stringParam(params, 'id');
	if (id !== undefined) {
		const hit = people.find((p) => p.id === id);
		if (hit) return hit;
	}
	const email = stringParam(params, 'email');
	if (email !== undefined) {
		const hit = people.find((p) => p.email.toLowerCase() === email.toLowerCase());
		if (hit) return hit;
	}
	const hashed = stringParam(params, 'hashed_email');
	if (hashed !== undefined) {
		const wanted = hashed.toLowerCase();
		const hit = people.find((p) => emailHashes(p.email).includes(wanted));
		if (hit) return hit;
	}
	const linkedin = stringParam(params, 'linkedin_url');
	if (linkedin !== undefined) {
		const wanted = normalizeLinkedinUrl(linkedin);
		const hit = people.find((p) => normalizeLinkedinUrl(p.linkedin_url) === wanted);
		if (hit) return hit;
	}
	const fullName = stringParam(params, 'name');
	const first = stringParam(params, 'first_name');
	const last = stringParam(params, 'last_name');
	const name =
		fullName ?? (first !== undefined && last !== undefined ? `${first} ${last}` : undefined);
	const domain = stringParam(params, 'domain');
	const organizationName = stringParam(params, 'organization_name');
	// A name alone is too weak: Apollo answers 200 but enriches nobody.
	if (name === undefined || (domain === undefined && organizationName === undefined)) {
		return undefined;
	}
	const wanted = normalizeName(name);
	return people.find(
		(p) => normalizeName(p.name) === wanted && worksAt(p, domain, organizationName),
	);
}

/** The domain part of an email, lowercased; undefined when there is none. */
export function emailDomain(params: Params): string | undefined {
	const email = stringParam(params, 'email');
	const at = email?.lastIndexOf('@') ?? -1;
	return email !== undefined && at > 0 ? email.slice(at + 1).toLowerCase() : undefined;
}

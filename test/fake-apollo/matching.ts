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
 * Lookup tables over a directory, first person first (as `Array.find` would pick), so that a
 * bulk call of 10 against a directory of 10,000 does not scan it dozens of times: the fake runs
 * in one process, and slow answers there bunch up a bench's calls in a way Apollo's servers
 * would not. Rebuilt when the directory changes length or ends.
 */
interface DirectoryIndex {
	length: number;
	first: FakePerson | undefined;
	last: FakePerson | undefined;
	byId: Map<string, FakePerson>;
	byEmail: Map<string, FakePerson>;
	byLinkedin: Map<string, FakePerson>;
	byName: Map<string, FakePerson[]>;
	/** md5 and sha256 of the email: built on the first hashed_email lookup only. */
	byHash?: Map<string, FakePerson>;
}

const indexes = new WeakMap<readonly FakePerson[], DirectoryIndex>();

function addFirst<V>(map: Map<string, V>, key: string, value: V): void {
	if (!map.has(key)) map.set(key, value);
}

function indexOf(people: readonly FakePerson[]): DirectoryIndex {
	const cached = indexes.get(people);
	if (cached && cached.length === people.length && cached.first === people[0] && cached.last === people.at(-1)) {
		return cached;
	}
	const index: DirectoryIndex = {
		length: people.length,
		first: people[0],
		last: people.at(-1),
		byId: new Map(),
		byEmail: new Map(),
		byLinkedin: new Map(),
		byName: new Map(),
	};
	for (const person of people) {
		addFirst(index.byId, person.id, person);
		addFirst(index.byEmail, person.email.toLowerCase(), person);
		addFirst(index.byLinkedin, normalizeLinkedinUrl(person.linkedin_url), person);
		const name = normalizeName(person.name);
		const named = index.byName.get(name);
		if (named) named.push(person);
		else index.byName.set(name, [person]);
	}
	indexes.set(people, index);
	return index;
}

function byHash(people: readonly FakePerson[], index: DirectoryIndex): Map<string, FakePerson> {
	if (!index.byHash) {
		index.byHash = new Map();
		for (const person of people) for (const hash of emailHashes(person.email)) addFirst(index.byHash, hash, person);
	}
	return index.byHash;
}

/**
 * Finds the person the parameters describe, or undefined. Identifiers are tried from the most
 * to the least specific, and the first one that hits wins (Apollo returns one closest match).
 */
export function findPerson(people: readonly FakePerson[], params: Params): FakePerson | undefined {
	const index = indexOf(people);
	const id = stringParam(params, 'id');
	const byId = id === undefined ? undefined : index.byId.get(id);
	if (byId) return byId;
	const email = stringParam(params, 'email');
	const byEmail = email === undefined ? undefined : index.byEmail.get(email.toLowerCase());
	if (byEmail) return byEmail;
	const hashed = stringParam(params, 'hashed_email');
	const byHashed = hashed === undefined ? undefined : byHash(people, index).get(hashed.toLowerCase());
	if (byHashed) return byHashed;
	const linkedin = stringParam(params, 'linkedin_url');
	const byLinkedin = linkedin === undefined ? undefined : index.byLinkedin.get(normalizeLinkedinUrl(linkedin));
	if (byLinkedin) return byLinkedin;
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
	return index.byName.get(normalizeName(name))?.find((p) => worksAt(p, domain, organizationName));
}

/** The domain part of an email, lowercased; undefined when there is none. */
export function emailDomain(params: Params): string | undefined {
	const email = stringParam(params, 'email');
	const at = email?.lastIndexOf('@') ?? -1;
	return email !== undefined && at > 0 ? email.slice(at + 1).toLowerCase() : undefined;
}

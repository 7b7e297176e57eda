/**
 * Turns the identifier fields a user filled in (often through expressions) into the parameters
 * Apollo documents, or into a precise problem report. Pure: no n8n imports, so it is unit-tested
 * on its own.
 *
 * Apollo silently ignores parameter names it does not know, so a wrong name never fails loudly;
 * it just matches nobody. Every name sent is therefore one of Apollo's documented ones.
 */

export interface PersonIdentifierInput {
	email?: unknown;
	firstName?: unknown;
	lastName?: unknown;
	name?: unknown;
	hashedEmail?: unknown;
	organizationName?: unknown;
	domain?: unknown;
	apolloId?: unknown;
	linkedinUrl?: unknown;
}

/** Apollo's documented identifier names for people/match and each bulk_match `details` entry. */
export interface ApolloPersonDetails {
	email?: string;
	first_name?: string;
	last_name?: string;
	name?: string;
	hashed_email?: string;
	organization_name?: string;
	domain?: string;
	id?: string;
	linkedin_url?: string;
}

export interface IdentifierProblem {
	/** The field's label as the user sees it in the node. */
	field: string;
	message: string;
	hint: string;
}

export type IdentifierResult =
	| { ok: true; details: ApolloPersonDetails }
	| { ok: false; problem: IdentifierProblem };

export const IDENTIFIER_LABELS: Record<keyof PersonIdentifierInput, string> = {
	email: 'Email',
	firstName: 'First Name',
	lastName: 'Last Name',
	name: 'Full Name',
	hashedEmail: 'Hashed Email',
	organizationName: 'Company Name',
	domain: 'Company Domain',
	apolloId: 'Apollo Person ID',
	linkedinUrl: 'LinkedIn URL',
};

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HASH_PATTERN = /^(?:[a-f0-9]{32}|[a-f0-9]{64})$/;
const APOLLO_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HOSTNAME_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

class ProblemError extends Error {
	constructor(readonly problem: IdentifierProblem) {
		super(problem.message);
	}
}

function fail(field: keyof PersonIdentifierInput, message: string, hint: string): never {
	throw new ProblemError({ field: IDENTIFIER_LABELS[field], message, hint });
}

/** Expressions can yield numbers, null or objects; only text-like values make sense here. */
function toText(value: unknown, field: keyof PersonIdentifierInput): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	const kind = Array.isArray(value) ? 'a list' : 'an object';
	return fail(
		field,
		`${IDENTIFIER_LABELS[field]} must be text, but the value is ${kind}`,
		`Map a single text value into ${IDENTIFIER_LABELS[field]}, for example {{ $json.${field} }}.`,
	);
}

function hostnameOf(candidate: string): string | undefined {
	try {
		// URL gives us lower-casing and punycode for international domains for free.
		const host = new URL(`http://${candidate}`).hostname.replace(/\.$/, '');
		return HOSTNAME_PATTERN.test(host) ? host : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Accepts what people paste into a "domain" field — `https://www.acme.com/about`, `jane@acme.com`,
 * `WWW.ACME.COM.` — and returns the bare domain Apollo expects (`acme.com`), or undefined.
 */
export function normaliseDomain(raw: string): string | undefined {
	let value = raw.trim().toLowerCase();
	if (value === '') return undefined;
	const at = value.lastIndexOf('@');
	if (at !== -1) value = value.slice(at + 1);
	value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
	value = value.split(/[/?#]/, 1)[0];
	value = value.replace(/:\d+$/, '').replace(/^www\d*\./, '');
	return hostnameOf(value);
}

/** Apollo matches profile URLs; add the scheme people often leave out and reject other sites. */
export function normaliseLinkedinUrl(raw: string): string | undefined {
	const value = raw.trim();
	if (value === '') return undefined;
	const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
	try {
		const host = new URL(withScheme).hostname.toLowerCase();
		return host === 'linkedin.com' || host.endsWith('.linkedin.com') ? withScheme : undefined;
	} catch {
		return undefined;
	}
}

function collect(input: PersonIdentifierInput): ApolloPersonDetails {
	const details: ApolloPersonDetails = {};
	const text = (field: keyof PersonIdentifierInput) => toText(input[field], field);

	const email = text('email');
	if (email !== '') {
		if (!EMAIL_PATTERN.test(email)) {
			fail('email', `Email "${email}" is not an email address`, 'Use a value like jane@acme.com.');
		}
		details.email = email;
	}

	const hashedEmail = text('hashedEmail').toLowerCase();
	if (hashedEmail !== '') {
		if (!HASH_PATTERN.test(hashedEmail)) {
			fail(
				'hashedEmail',
				'Hashed Email must be an MD5 (32 hex characters) or SHA-256 (64 hex characters) hash',
				'Hash the lower-cased email address, for example with the Crypto node.',
			);
		}
		details.hashed_email = hashedEmail;
	}

	const apolloId = text('apolloId');
	if (apolloId !== '') {
		if (!APOLLO_ID_PATTERN.test(apolloId)) {
			fail('apolloId', `Apollo Person ID "${apolloId}" is not an Apollo ID`, 'Use the `id` of a person from Apollo, such as 5f2a0b1c9d8e7f6a5b4c3d2e.');
		}
		details.id = apolloId;
	}

	const linkedinRaw = text('linkedinUrl');
	if (linkedinRaw !== '') {
		const linkedin = normaliseLinkedinUrl(linkedinRaw);
		if (linkedin === undefined) {
			fail('linkedinUrl', `LinkedIn URL "${linkedinRaw}" is not a linkedin.com address`, 'Use a profile URL like https://www.linkedin.com/in/jane-doe.');
		}
		details.linkedin_url = linkedin;
	}

	const domainRaw = text('domain');
	if (domainRaw !== '') {
		const domain = normaliseDomain(domainRaw);
		if (domain === undefined) {
			fail('domain', `Company Domain "${domainRaw}" is not a domain`, 'Use the company website domain, like acme.com (a URL or an email address also works).');
		}
		details.domain = domain;
	}

	const name = text('name');
	const firstName = text('firstName');
	const lastName = text('lastName');
	const organizationName = text('organizationName');
	if (name !== '') details.name = name;
	if (firstName !== '') details.first_name = firstName;
	if (lastName !== '') details.last_name = lastName;
	if (organizationName !== '') details.organization_name = organizationName;
	return details;
}

const STRONG_IDENTIFIERS = ['email', 'hashed_email', 'id', 'linkedin_url'] as const;

/** Checks that Apollo has something it can match on; a name alone matches nobody. */
function checkMatchable(details: ApolloPersonDetails): void {
	if (STRONG_IDENTIFIERS.some((key) => details[key] !== undefined)) return;
	const hasFullName = details.name !== undefined || (details.first_name !== undefined && details.last_name !== undefined);
	const hasCompany = details.domain !== undefined || details.organization_name !== undefined;
	if (hasFullName && hasCompany) return;
	if (hasFullName) {
		fail('domain', 'A name alone cannot be matched: Company Domain or Company Name is missing', 'Add the company domain or name, or an Email, LinkedIn URL or Apollo Person ID.');
	}
	if (details.first_name !== undefined || details.last_name !== undefined) {
		const missing = details.first_name === undefined ? 'firstName' : 'lastName';
		fail(missing, `${IDENTIFIER_LABELS[missing]} is missing: Apollo needs both first and last name (or Full Name)`, 'Fill in both name fields, or use Full Name.');
	}
	fail(
		'email',
		'No identifier to match on: Email, LinkedIn URL, Apollo Person ID, Hashed Email and the name fields are all empty',
		'Set Email, LinkedIn URL, Apollo Person ID or Hashed Email, or a name together with Company Domain or Company Name. If they are expressions, check that the input item has those fields.',
	);
}

export function buildPersonDetails(input: PersonIdentifierInput): IdentifierResult {
	try {
		const details = collect(input);
		checkMatchable(details);
		return { ok: true, details };
	} catch (error) {
		if (error instanceof ProblemError) return { ok: false, problem: error.problem };
		// Not reachable with the checks above; reported per item rather than failing the run.
		const message = error instanceof Error ? error.message : String(error);
		return { ok: false, problem: { field: 'Email', message, hint: 'Check the identifier fields of this item.' } };
	}
}

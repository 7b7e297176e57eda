/**
 * Turns a person's identifier fields (often filled through expressions) into the parameters
 * Apollo documents for people/match and each bulk_match `details` entry, or into a precise
 * problem report. Pure: no n8n imports, so it is unit-tested on its own.
 *
 * Apollo silently ignores parameter names it does not know, so a wrong name never fails loudly;
 * it just matches nobody. Every name sent is therefore one of Apollo's documented ones.
 */
import { fieldTexts, problem, type BuildResult } from './itemProblems';
import { normaliseDomain, normaliseLinkedinUrl } from './normalise';

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

/** Apollo's documented identifier names; empty fields are left out. */
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

/** Each field's label as the node shows it. */
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

type Field = keyof PersonIdentifierInput;
type Result = BuildResult<ApolloPersonDetails>;

function fail(field: Field, message: string, hint: string): Result {
	return problem(IDENTIFIER_LABELS[field], message, hint);
}

/** The checked identifiers Apollo matches best on; the first problem found, if any. */
function strongIdentifiers(text: Record<Field, string>, details: ApolloPersonDetails): Result | undefined {
	if (text.email !== '') {
		if (!EMAIL_PATTERN.test(text.email)) {
			return fail('email', `Email "${text.email}" is not an email address`, 'Use a value like jane@acme.com.');
		}
		details.email = text.email;
	}
	const hashedEmail = text.hashedEmail.toLowerCase();
	if (hashedEmail !== '') {
		if (!HASH_PATTERN.test(hashedEmail)) {
			return fail(
				'hashedEmail',
				'Hashed Email must be an MD5 (32 hex characters) or SHA-256 (64 hex characters) hash',
				'Hash the lower-cased email address, for example with the Crypto node.',
			);
		}
		details.hashed_email = hashedEmail;
	}
	if (text.apolloId !== '') {
		if (!APOLLO_ID_PATTERN.test(text.apolloId)) {
			return fail('apolloId', `Apollo Person ID "${text.apolloId}" is not an Apollo ID`, 'Use the `id` of a person from Apollo, such as 5f2a0b1c9d8e7f6a5b4c3d2e.');
		}
		details.id = text.apolloId;
	}
	if (text.linkedinUrl !== '') {
		const linkedin = normaliseLinkedinUrl(text.linkedinUrl);
		if (linkedin === undefined) {
			return fail('linkedinUrl', `LinkedIn URL "${text.linkedinUrl}" is not a linkedin.com address`, 'Use a profile URL like https://www.linkedin.com/in/jane-doe.');
		}
		details.linkedin_url = linkedin;
	}
	return undefined;
}

/** The name and employer fields; only the domain is checked, names are sent as given. */
function nameAndCompany(text: Record<Field, string>, details: ApolloPersonDetails): Result | undefined {
	if (text.domain !== '') {
		const domain = normaliseDomain(text.domain);
		if (domain === undefined) {
			return fail('domain', `Company Domain "${text.domain}" is not a domain`, 'Use the company website domain, like acme.com (a URL or an email address also works).');
		}
		details.domain = domain;
	}
	if (text.name !== '') details.name = text.name;
	if (text.firstName !== '') details.first_name = text.firstName;
	if (text.lastName !== '') details.last_name = text.lastName;
	if (text.organizationName !== '') details.organization_name = text.organizationName;
	return undefined;
}

const STRONG_IDENTIFIERS = ['email', 'hashed_email', 'id', 'linkedin_url'] as const;

/** Checks that Apollo has something it can match on; a name alone matches nobody. */
function unmatchable(details: ApolloPersonDetails): Result | undefined {
	if (STRONG_IDENTIFIERS.some((key) => details[key] !== undefined)) return undefined;
	const hasFullName = details.name !== undefined || (details.first_name !== undefined && details.last_name !== undefined);
	const hasCompany = details.domain !== undefined || details.organization_name !== undefined;
	if (hasFullName && hasCompany) return undefined;
	if (hasFullName) {
		return fail('domain', 'A name alone cannot be matched: Company Domain or Company Name is missing', 'Add the company domain or name, or an Email, LinkedIn URL or Apollo Person ID.');
	}
	if (details.first_name !== undefined || details.last_name !== undefined) {
		const missing = details.first_name === undefined ? 'firstName' : 'lastName';
		return fail(missing, `${IDENTIFIER_LABELS[missing]} is missing: Apollo needs both first and last name (or Full Name)`, 'Fill in both name fields, or use Full Name.');
	}
	return fail(
		'email',
		'No identifier to match on: Email, LinkedIn URL, Apollo Person ID, Hashed Email and the name fields are all empty',
		'Set Email, LinkedIn URL, Apollo Person ID or Hashed Email, or a name together with Company Domain or Company Name. If they are expressions, check that the input item has those fields.',
	);
}

export function buildPersonDetails(input: PersonIdentifierInput): Result {
	const read = fieldTexts(input, IDENTIFIER_LABELS);
	if (!read.ok) return read;
	const details: ApolloPersonDetails = {};
	return (
		strongIdentifiers(read.text, details) ??
		nameAndCompany(read.text, details) ??
		unmatchable(details) ?? { ok: true, details }
	);
}

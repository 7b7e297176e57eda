// The built-in directory: 72 deterministic people in 12 fictional companies, shaped like
// Apollo's person objects. Ids are hashes of stable inputs, so they never change between runs
// and tests can hard-code or recompute them.

import { createHash } from 'node:crypto';

import { COMPANIES } from './directory-companies';
import { PAST_EMPLOYERS, ROLES, type CompanySeed, type RoleSeed } from './directory-data';
import type { ApolloEmployment, ApolloOrganization, FakeMobile, FakePerson } from './types';

/** People in these countries never get personal emails revealed (Apollo's GDPR rule). */
const GDPR_COUNTRIES = new Set(['DE', 'FR']);

function hexId(seed: string): string {
	return createHash('sha1').update(seed).digest('hex').slice(0, 24);
}

/** ASCII-folds and lowercases a name part: "Zoë" → "zoe", "O'Connor" → "oconnor". */
export function slugPart(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

/** A fictional number per country: the ranges reserved for drama or documentation where any. */
function phoneFor(
	countryCode: CompanySeed['countryCode'],
	n: number,
	areaCode: string,
): FakeMobile {
	const two = String(n % 100).padStart(2, '0');
	const three = String(n % 1000).padStart(3, '0');
	switch (countryCode) {
		case 'GB':
			return mobile(`+447700900${three}`, `+44 7700 900${three}`, 'GB');
		case 'AU': {
			const tail = String(6 + (n % 150)).padStart(3, '0');
			return mobile(`+61491570${tail}`, `+61 491 570 ${tail}`, 'AU');
		}
		case 'DE':
			return mobile(`+493023125${three}`, `+49 30 23125${three}`, 'DE');
		case 'FR':
			return mobile(
				`+3363998${two}${three.slice(1)}`,
				`+33 6 39 98 ${two} ${three.slice(1)}`,
				'FR',
			);
		default:
			return mobile(`+1${areaCode}55501${two}`, `+1 ${areaCode}-555-01${two}`, countryCode);
	}
}

function mobile(sanitized: string, raw: string, country: string): FakeMobile {
	return { sanitized_number: sanitized, raw_number: raw, country };
}

const AREA_CODES: Record<string, string> = {
	'San Francisco': '415',
	Seattle: '206',
	Austin: '512',
	Portland: '503',
	'New York': '212',
	Boston: '617',
	Toronto: '416',
	Chicago: '312',
};

export function buildOrganization(company: CompanySeed, index: number): ApolloOrganization {
	const slug = company.domain.split('.')[0];
	const phone = phoneFor(company.countryCode, 90 + index, AREA_CODES[company.city] ?? '555');
	return {
		id: hexId(`org:${company.domain}`),
		name: company.name,
		website_url: `http://www.${company.domain}`,
		blog_url: null,
		angellist_url: null,
		linkedin_url: `http://www.linkedin.com/company/${slug}`,
		linkedin_uid: String(1_000_000 + index * 7919),
		twitter_url: index % 2 === 0 ? `https://twitter.com/${slug.replace(/-/g, '')}` : null,
		facebook_url: null,
		crunchbase_url: null,
		logo_url: `https://logos.fake-apollo.example/${slug}.png`,
		primary_phone: {
			number: phone.raw_number,
			source: 'Owler',
			sanitized_number: phone.sanitized_number,
		},
		phone: phone.raw_number,
		founded_year: company.founded,
		publicly_traded_symbol: null,
		publicly_traded_exchange: null,
		alexa_ranking: null,
		languages: ['English'],
		industry: company.industry,
		industries: [company.industry],
		secondary_industries: [company.secondaryIndustry],
		keywords: company.keywords,
		estimated_num_employees: company.employees,
		annual_revenue: company.revenue,
		annual_revenue_printed: `${Math.round(company.revenue / 1_000_000)}M`,
		raw_address:
			`${company.street}, ${company.city}, ${company.state} ${company.postalCode}, ` +
			company.country,
		street_address: company.street,
		city: company.city,
		state: company.state,
		postal_code: company.postalCode,
		country: company.country,
		short_description: company.description,
		primary_domain: company.domain,
	};
}

function employment(
	personId: string,
	i: number,
	fields: Partial<ApolloEmployment>,
): ApolloEmployment {
	const id = hexId(`employment:${personId}:${i}`);
	return {
		_id: id,
		id,
		key: id,
		current: false,
		start_date: '2015-01-01',
		end_date: null,
		title: '',
		organization_id: null,
		organization_name: '',
		degree: null,
		description: null,
		emails: null,
		grade_level: null,
		kind: null,
		major: null,
		raw_address: null,
		created_at: null,
		updated_at: null,
		...fields,
	};
}

/**
 * One directory person. `n` is the person's position in the whole directory: it varies start
 * years, personal emails and phones deterministically.
 */
export function buildPerson(
	company: CompanySeed,
	org: ApolloOrganization,
	fullName: string,
	role: RoleSeed,
	n: number,
): FakePerson {
	const [firstName, ...rest] = fullName.split(' ');
	const lastName = rest.join(' ');
	const first = slugPart(firstName);
	const last = slugPart(lastName);
	const email = `${first}.${last}@${company.domain}`;
	const id = hexId(`person:${email}`);
	const startYear = 2016 + (n % 8);
	const start = `${startYear}-${String(1 + (n % 12)).padStart(2, '0')}-01`;
	const history = [
		employment(id, 0, {
			current: true,
			start_date: start,
			title: role.title,
			organization_id: org.id,
			organization_name: company.name,
		}),
	];
	if (n % 3 !== 0) {
		history.push(
			employment(id, 1, {
				start_date: `${startYear - 4}-03-01`,
				end_date: start,
				title: 'Associate',
				organization_name: PAST_EMPLOYERS[n % PAST_EMPLOYERS.length],
			}),
		);
	}
	const personalEmails: string[] = [];
	if (!GDPR_COUNTRIES.has(company.countryCode) && n % 4 !== 3) {
		personalEmails.push(`${first}.${last}${10 + ((n * 37) % 90)}@mailbox.example`);
		if (n % 5 === 0) personalEmails.push(`${first}${last}@inbox.example`);
	}
	return {
		id,
		first_name: firstName,
		last_name: lastName,
		name: fullName,
		linkedin_url: `http://www.linkedin.com/in/${first}-${last}-${id.slice(0, 4)}`,
		title: role.title,
		headline: `${role.title} at ${company.name}`,
		email,
		email_status: 'verified',
		extrapolated_email_confidence: null,
		photo_url: `https://photos.fake-apollo.example/${id}.jpg`,
		twitter_url: null,
		github_url: role.fn === 'engineering' ? `https://github.com/${first}${last}` : null,
		facebook_url: null,
		organization_id: org.id,
		state: company.state,
		city: company.city,
		country: company.country,
		time_zone: company.timeZone,
		seniority: role.seniority,
		departments: [role.department],
		subdepartments: [role.subdepartment],
		functions: [role.fn],
		is_likely_to_engage: n % 2 === 0,
		show_intent: true,
		revealed_for_current_team: true,
		intent_strength: null,
		email_domain_catchall: false,
		employment_history: history,
		organization: org,
		personal_emails: personalEmails,
		// A few people have no mobile on file, so a phone reveal can come back empty.
		mobile_phone:
			n % 7 === 5 ? null : phoneFor(company.countryCode, n, AREA_CODES[company.city] ?? '555'),
	};
}

function buildDirectory(): FakePerson[] {
	const people: FakePerson[] = [];
	COMPANIES.forEach((company, index) => {
		const org = buildOrganization(company, index);
		company.people.split(', ').forEach((fullName, slot) => {
			people.push(buildPerson(company, org, fullName, ROLES[slot], people.length));
		});
	});
	return people;
}

/** The built-in directory. Treat it as read-only; the server hands out deep copies. */
export const DEFAULT_PEOPLE: readonly FakePerson[] = Object.freeze(buildDirectory());

/** Every distinct organization among `people`, keyed by lowercased primary_domain. */
export function organizationsByDomain(
	people: readonly FakePerson[],
): Map<string, ApolloOrganization> {
	const map = new Map<string, ApolloOrganization>();
	for (const person of people) {
		map.set(person.organization.primary_domain.toLowerCase(), person.organization);
	}
	return map;
}

export interface PersonView {
	revealPersonalEmails?: boolean;
	/** Waterfall email requests leave email/email_status out (the address comes by webhook). */
	omitEmail?: boolean;
}

/**
 * The person as the API shows it: private fields removed, personal_emails added only when
 * revealed. Returns a deep copy so callers can mutate it freely.
 */
export function toApolloPerson(person: FakePerson, view: PersonView = {}): Record<string, unknown> {
	const copy = structuredClone(person) as Partial<FakePerson> & Record<string, unknown>;
	delete copy.personal_emails;
	delete copy.mobile_phone;
	if (view.omitEmail) {
		delete copy.email;
		delete copy.email_status;
	}
	if (view.revealPersonalEmails) copy.personal_emails = [...person.personal_emails];
	return copy;
}

/** Convenience for tests: the first person whose full name matches (case-insensitive). */
export function personByName(people: readonly FakePerson[], name: string): FakePerson | undefined {
	const wanted = name.toLowerCase();
	return people.find((p) => p.name.toLowerCase() === wanted);
}

// The extended directory: the 72 built-in people plus 40 more per company (552 in all), so that a
// people search has several pages of 100 to page through. The extra people are built the same
// deterministic way (ids are hashes of their emails), so People Enrichment finds them by id too.
// Opt in with `startFakeApollo({ people: [...EXTENDED_PEOPLE] })`; the default stays at 72.

import { COMPANIES } from './directory-companies';
import type { RoleSeed } from './directory-data';
import { buildOrganization, buildPerson, DEFAULT_PEOPLE } from './directory';
import type { FakePerson } from './types';

export const PROSPECTS_PER_COMPANY = 40;

/** More roles than the built-in six, with near-miss titles for include_similar_titles. */
export const PROSPECT_ROLES: RoleSeed[] = [
	role('Founder', 'founder', 'c_suite', 'executive', 'entrepreneurship'),
	role('Sales Director', 'director', 'master_sales', 'sales', 'sales'),
	role('Marketing Manager', 'manager', 'master_marketing', 'marketing', 'marketing'),
	role('Content Marketing Manager', 'manager', 'master_marketing', 'content_marketing', 'marketing'),
	role('Account Executive', 'senior', 'master_sales', 'sales', 'sales'),
	role('Sales Development Representative', 'entry', 'master_sales', 'sales_development', 'sales'),
	role('Software Engineer', 'entry', 'master_engineering_technical', 'software_development', 'engineering'),
	role('Engineering Manager', 'manager', 'master_engineering_technical', 'engineering', 'engineering'),
	role('VP of Engineering', 'vp', 'master_engineering_technical', 'engineering', 'engineering'),
	role('Director of Sales', 'director', 'master_sales', 'sales', 'sales'),
	role('Head of People', 'head', 'master_human_resources', 'recruiting', 'human_resources'),
	role('Chief Technology Officer', 'c_suite', 'c_suite', 'executive', 'engineering'),
	role('Partner', 'partner', 'c_suite', 'executive', 'consulting'),
	role('Customer Success Manager', 'manager', 'master_operations', 'customer_success', 'support'),
	role('Data Analyst', 'entry', 'master_engineering_technical', 'data_science', 'data_science'),
	role('Senior Account Executive', 'senior', 'master_sales', 'sales', 'sales'),
	role('Marketing Intern', 'intern', 'master_marketing', 'marketing', 'marketing'),
	role('Owner', 'owner', 'c_suite', 'executive', 'entrepreneurship'),
];

// 29 and 31 names: coprime pool sizes, so a company's 40 picks never repeat a pair.
const FIRST_NAMES = (
	'Abigail Benjamin Camila Daniel Elena Felix Gabriela Henry Ingrid Jonas Keira Leo Maya Noah ' +
	'Olga Pablo Quinn Rosa Stefan Tara Umar Vera William Ximena Yusuf Zara Anton Bianca Caleb'
).split(' ');
const LAST_NAMES = (
	'Abbott Barros Castillo Dalton Eriksen Fischer Garner Holm Iqbal Jansen Kowalski Lindqvist ' +
	'Moreau Nakamura Okafor Pereira Quinlan Rossi Schmidt Torres Underwood Varga Wallace Xu ' +
	'Yilmaz Zimmermann Achebe Brennan Costa Dubois Ekström'
).split(' ');

function role(title: string, seniority: string, department: string, subdepartment: string, fn: string): RoleSeed {
	return { title, seniority, department, subdepartment, fn };
}

function buildExtended(): FakePerson[] {
	const people = [...DEFAULT_PEOPLE];
	const taken = new Set(DEFAULT_PEOPLE.map((person) => person.name));
	COMPANIES.forEach((company, c) => {
		const org = buildOrganization(company, c);
		let added = 0;
		for (let k = 0; added < PROSPECTS_PER_COMPANY; k++) {
			const name = `${FIRST_NAMES[(k * 7 + c * 3) % 29]} ${LAST_NAMES[(k * 11 + c * 5) % 31]}`;
			if (taken.has(name)) continue;
			taken.add(name);
			const seat = PROSPECT_ROLES[(added + c) % PROSPECT_ROLES.length];
			people.push(buildPerson(company, org, name, seat, people.length));
			added++;
		}
	});
	return people;
}

/** The 72 built-in people first, then 480 prospects, company by company. Read-only. */
export const EXTENDED_PEOPLE: readonly FakePerson[] = Object.freeze(buildExtended());

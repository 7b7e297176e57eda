import { simplifyPerson } from '../../nodes/ApolloEnrich/protocol/simplifyPerson';
import { phonePayload } from '../fake-apollo';
import { DEFAULT_PEOPLE, toApolloPerson } from '../fake-apollo/directory';
import { PERSON_COLUMNS } from '../support/simplify-columns';


describe('simplifyPerson', () => {
	const source = DEFAULT_PEOPLE.find((person) => person.mobile_phone !== null && person.personal_emails.length > 0)!;

	it('flattens an Apollo person into the fields CRMs and sheets use', () => {
		const person = toApolloPerson(source, { revealPersonalEmails: true });
		const simple = simplifyPerson(person);
		expect(Object.keys(simple)).toEqual(PERSON_COLUMNS);
		expect(simple).toEqual({
			id: source.id,
			name: source.name,
			firstName: source.first_name,
			lastName: source.last_name,
			title: source.title,
			headline: source.headline,
			email: source.email,
			emailStatus: source.email_status,
			personalEmails: source.personal_emails,
			mobilePhone: null,
			phoneNumbers: [],
			linkedinUrl: source.linkedin_url,
			city: source.city,
			state: source.state,
			country: source.country,
			seniority: source.seniority,
			departments: source.departments,
			companyName: source.organization.name,
			companyDomain: source.organization.primary_domain,
			companyWebsite: source.organization.website_url,
			companyLinkedinUrl: source.organization.linkedin_url,
			companyIndustry: source.organization.industry,
			companyEmployeeCount: source.organization.estimated_num_employees,
		});
	});

	it('picks the best mobile and lists every number once, mobiles first', () => {
		const delivered = (phonePayload([source]).people as Array<{ phone_numbers: unknown[] }>)[0].phone_numbers;
		const person = {
			...toApolloPerson(source),
			phone_numbers: [
				{ raw_number: '+1 212-555-0100', sanitized_number: '+12125550100', type: 'work_hq', position: 0 },
				{ raw_number: '+1 212 555 0199', sanitized_number: '+12125550199', type_cd: 'mobile', status_cd: 'invalid_number', position: 1 },
				...delivered,
			],
			contact: {
				phone_numbers: [
					{ raw_number: '+1 212-555-0100', sanitized_number: '+12125550100', type: 'work_direct' },
					{ raw_number: '(212) 555-0142', type: 'other' },
				],
			},
		};
		const simple = simplifyPerson(person);
		expect(simple.mobilePhone).toBe(source.mobile_phone?.sanitized_number);
		expect(simple.phoneNumbers).toEqual([
			source.mobile_phone?.sanitized_number,
			'+12125550199',
			'+12125550100',
			'(212) 555-0142',
		]);
	});

	it('gives a no-match the same columns, empty', () => {
		const simple = simplifyPerson(null);
		expect(Object.keys(simple)).toEqual(PERSON_COLUMNS);
		expect(simple).toMatchObject({ id: null, name: null, email: null, mobilePhone: null, companyDomain: null });
		expect(simple.personalEmails).toEqual([]);
		expect(simple.phoneNumbers).toEqual([]);
		expect(simple.departments).toEqual([]);
	});

	it('reads loose values: blanks as null, numeric text counts, the domain from the website', () => {
		const simple = simplifyPerson(
			{
				id: 'p1',
				name: '  ',
				departments: ['sales', '', 'sales', 7, null],
				organization: { website_url: 'http://www.acme.example/about', estimated_num_employees: '250' },
			},
		);
		expect(simple.name).toBeNull();
		expect(simple.departments).toEqual(['sales', '7']);
		expect(simple.companyDomain).toBe('acme.example');
		expect(simple.companyEmployeeCount).toBe(250);
		expect(simplifyPerson({ organization: { website_url: 'not a url' } }).companyDomain).toBeNull();
	});
});

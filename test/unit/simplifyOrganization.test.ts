import { simplifyOrganization } from '../../nodes/ApolloEnrich/protocol/simplifyOrganization';
import { toApolloOrganization } from '../fake-apollo';
import { DEFAULT_PEOPLE } from '../fake-apollo/directory';
import { ORGANIZATION_COLUMNS } from '../support/simplify-columns';


describe('simplifyOrganization', () => {
	const source = DEFAULT_PEOPLE[0].organization;

	it('flattens an Apollo organization into the fields CRMs and sheets use', () => {
		const organization = toApolloOrganization(source);
		const simple = simplifyOrganization(organization);
		expect(Object.keys(simple)).toEqual(ORGANIZATION_COLUMNS);
		expect(simple).toEqual({
			id: source.id,
			name: source.name,
			domain: source.primary_domain,
			website: source.website_url,
			linkedinUrl: source.linkedin_url,
			twitterUrl: source.twitter_url,
			facebookUrl: null,
			phone: source.primary_phone.sanitized_number,
			industry: source.industry,
			keywords: source.keywords,
			employeeCount: source.estimated_num_employees,
			annualRevenue: source.annual_revenue,
			annualRevenuePrinted: source.annual_revenue_printed,
			foundedYear: source.founded_year,
			shortDescription: source.short_description,
			streetAddress: source.street_address,
			city: source.city,
			state: source.state,
			postalCode: source.postal_code,
			country: source.country,
			technologies: organization.technology_names,
			totalFunding: organization.total_funding,
			totalFundingPrinted: organization.total_funding_printed,
			latestFundingStage: organization.latest_funding_stage,
			latestFundingRoundDate: organization.latest_funding_round_date,
			publiclyTradedSymbol: null,
		});
	});

	it('gives a no-match the same columns, empty', () => {
		const simple = simplifyOrganization(null);
		expect(Object.keys(simple)).toEqual(ORGANIZATION_COLUMNS);
		expect(simple).toMatchObject({ id: null, name: null, domain: null, phone: null, employeeCount: null, totalFunding: null });
		expect(simple.keywords).toEqual([]);
		expect(simple.technologies).toEqual([]);
	});

	it('reads the technologies from either of Apollo\'s lists, each name once', () => {
		const both = simplifyOrganization(
			{
				technology_names: ['Salesforce', '', 'Slack'],
				current_technologies: [{ uid: 'slack', name: 'Slack' }, { uid: 'hubspot', name: 'HubSpot' }, 'junk', { uid: 'x' }],
			},
		);
		expect(both.technologies).toEqual(['Salesforce', 'Slack', 'HubSpot']);
		const currentOnly = simplifyOrganization({ current_technologies: [{ name: 'Segment', category: 'Analytics' }] });
		expect(currentOnly.technologies).toEqual(['Segment']);
	});

	it('prefers the dialable primary phone and falls back to the raw one', () => {
		expect(simplifyOrganization({ phone: '+1 415-555-0190', primary_phone: { number: '+1 415-555-0190', sanitized_number: '+14155550190' } }).phone).toBe('+14155550190');
		expect(simplifyOrganization({ phone: '+1 415-555-0190', primary_phone: { number: '(415) 555-0190' } }).phone).toBe('(415) 555-0190');
		expect(simplifyOrganization({ phone: '+1 415-555-0190', primary_phone: null }).phone).toBe('+1 415-555-0190');
	});

	it('reads loose values: blanks as null, numeric text amounts and counts, the domain from the website', () => {
		const simple = simplifyOrganization(
			{
				id: 42,
				name: '  ',
				website_url: 'https://www.acme.example/about',
				keywords: ['robotics', 'robotics', null, 'cobots'],
				estimated_num_employees: '420',
				annual_revenue: '61000000.5',
				total_funding: 'about $20M',
				founded_year: 'unknown',
			},
		);
		expect(simple).toMatchObject({
			id: '42',
			name: null,
			domain: 'acme.example',
			keywords: ['robotics', 'cobots'],
			employeeCount: 420,
			annualRevenue: 61000000.5,
			totalFunding: null,
			foundedYear: null,
		});
	});
});

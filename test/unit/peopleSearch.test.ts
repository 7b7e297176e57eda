import {
	buildSearchFilters,
	PEOPLE_SEARCH_PATH,
	SEARCH_SENIORITIES,
	searchRequestBody,
	type SearchFilterInput,
} from '../../nodes/ApolloEnrich/protocol/peopleSearch';

function filters(input: SearchFilterInput) {
	const result = buildSearchFilters(input);
	if (!result.ok) throw new Error(`unexpected problem: ${result.problem.message}`);
	return result.details;
}

function problem(input: SearchFilterInput) {
	const result = buildSearchFilters(input);
	if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.details)}`);
	return result.problem;
}

describe('search filters → Apollo request', () => {
	it("uses Apollo's documented names, in a JSON body with the page", () => {
		const details = filters({
			jobTitles: 'VP of Sales, Head of Marketing',
			seniorities: ['vp', 'c_suite'],
			personLocations: 'California, US; Berlin',
			organizationDomains: 'https://www.Acme.com/about\nbeta.io',
			employeeRanges: ['1,10', '250-500'],
			keywords: '  robotics ',
		});
		expect(searchRequestBody(details, 3, 100)).toEqual({
			person_titles: ['VP of Sales', 'Head of Marketing'],
			include_similar_titles: true,
			person_seniorities: ['vp', 'c_suite'],
			person_locations: ['California, US', 'Berlin'],
			q_organization_domains_list: ['acme.com', 'beta.io'],
			organization_num_employees_ranges: ['1,10', '250,500'],
			q_keywords: 'robotics',
			page: 3,
			per_page: 100,
		});
		expect(PEOPLE_SEARCH_PATH).toBe('/api/v1/mixed_people/api_search');
	});

	it('takes lists from expressions entry by entry, so a title may hold a comma', () => {
		const details = filters({ jobTitles: ['director, sales', 'CEO', 'CEO', ' '], personLocations: ['Paris, France'] });
		expect(details.person_titles).toEqual(['director, sales', 'CEO']);
		expect(details.person_locations).toEqual(['Paris, France']);
	});

	it('sends include_similar_titles only with titles, false when switched off', () => {
		expect(filters({ jobTitles: 'CEO', includeSimilarTitles: false }).include_similar_titles).toBe(false);
		expect(filters({ seniorities: ['vp'], includeSimilarTitles: false })).toEqual({ person_seniorities: ['vp'] });
	});

	it('reads seniorities loosely but only the values Apollo documents', () => {
		expect(filters({ seniorities: 'C-Suite, vp; Head' }).person_seniorities).toEqual(['c_suite', 'vp', 'head']);
		expect(SEARCH_SENIORITIES).toHaveLength(11);
		expect(problem({ seniorities: ['vp', 'executive'] })).toEqual({
			field: 'Seniorities',
			message: 'Seniority "executive" is not one Apollo knows',
			hint: `Use ${SEARCH_SENIORITIES.join(', ')}.`,
		});
	});

	it('names the field and the value of every problem', () => {
		expect(problem({ organizationDomains: 'acme.com, not a domain' })).toMatchObject({ field: 'Company Domains', message: 'Company Domain "not a domain" is not a domain' });
		expect(problem({ employeeRanges: '500,10' })).toMatchObject({ field: 'Company Employee Ranges', message: 'Employee range "500,10" is not a range' });
		expect(problem({ employeeRanges: ['10+'] })).toMatchObject({ field: 'Company Employee Ranges' });
		expect(problem({ keywords: ['a', 'b'] })).toMatchObject({ field: 'Keywords', message: 'Keywords must be text' });
		expect(problem({ jobTitles: [{ title: 'CEO' }] })).toMatchObject({ field: 'Job Titles', message: 'Job Titles must be text or a list of texts, but a value is an object' });
	});

	it('refuses a search without any filter, and more than 1,000 domains', () => {
		expect(problem({ jobTitles: '', keywords: ' ', seniorities: [] })).toMatchObject({ field: 'Job Titles', message: 'No search filter is set' });
		const domains = Array.from({ length: 1001 }, (_, i) => `d${i}.example`);
		expect(problem({ organizationDomains: domains })).toMatchObject({ message: 'Company Domains holds 1001 domains; Apollo accepts at most 1000 per search' });
		expect(filters({ organizationDomains: domains.slice(0, 1000) }).q_organization_domains_list).toHaveLength(1000);
	});
});

// Raw, hand-written seed data for the built-in directory. All companies, domains and people are
// made up; domains use the reserved .example TLD so nothing here can point at a real site.

export interface CompanySeed {
	name: string;
	domain: string;
	industry: string;
	secondaryIndustry: string;
	keywords: string[];
	employees: number;
	revenue: number;
	founded: number;
	street: string;
	city: string;
	state: string;
	postalCode: string;
	country: string;
	/** Two-letter code, used for phone formats and the GDPR rule. */
	countryCode: 'US' | 'GB' | 'DE' | 'CA' | 'AU' | 'FR';
	timeZone: string;
	description: string;
	/** Six full names, comma-separated, in role order (see ROLES). */
	people: string;
}

export interface RoleSeed {
	title: string;
	seniority: string;
	department: string;
	subdepartment: string;
	fn: string;
}

/** Role i is given to the i-th person of each company. */
export const ROLES: RoleSeed[] = [
	{
		title: 'Chief Executive Officer',
		seniority: 'c_suite',
		department: 'c_suite',
		subdepartment: 'executive',
		fn: 'entrepreneurship',
	},
	{
		title: 'VP of Sales',
		seniority: 'vp',
		department: 'master_sales',
		subdepartment: 'sales',
		fn: 'sales',
	},
	{
		title: 'Head of Marketing',
		seniority: 'head',
		department: 'master_marketing',
		subdepartment: 'marketing',
		fn: 'marketing',
	},
	{
		title: 'Senior Software Engineer',
		seniority: 'senior',
		department: 'master_engineering_technical',
		subdepartment: 'software_development',
		fn: 'engineering',
	},
	{
		title: 'Product Manager',
		seniority: 'manager',
		department: 'master_product_management',
		subdepartment: 'product_management',
		fn: 'product_management',
	},
	{
		title: 'Operations Analyst',
		seniority: 'entry',
		department: 'master_operations',
		subdepartment: 'operations',
		fn: 'operations',
	},
];

/** Former employers for employment_history; deliberately not in the directory. */
export const PAST_EMPLOYERS = [
	'Quarry Lane Partners',
	'Northbeam Consulting',
	'Saltmarsh Media',
	'Tallgrass Systems',
	'Orchid Row Labs',
	'Copperline Retail',
];

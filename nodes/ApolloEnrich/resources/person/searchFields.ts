/**
 * Person → Search's Filters and Options collections. Filter names map one to one onto Apollo's
 * documented parameters (protocol/peopleSearch.ts); the run options are the shared ones that make
 * sense for a search (pacing, retries, timeout).
 */
import type { INodeProperties } from 'n8n-workflow';


/** Apollo's documented seniorities, named as its app shows them. */
const SENIORITY_OPTIONS = [
	{ name: 'C-Suite', value: 'c_suite' },
	{ name: 'Director', value: 'director' },
	{ name: 'Entry', value: 'entry' },
	{ name: 'Founder', value: 'founder' },
	{ name: 'Head', value: 'head' },
	{ name: 'Intern', value: 'intern' },
	{ name: 'Manager', value: 'manager' },
	{ name: 'Owner', value: 'owner' },
	{ name: 'Partner', value: 'partner' },
	{ name: 'Senior', value: 'senior' },
	{ name: 'VP', value: 'vp' },
];

/**
 * The headcount buckets of Apollo's own search screen, as Apollo's "min,max" strings. Apollo
 * documents only closed ranges, so the top bucket ends at ten million.
 */
const EMPLOYEE_RANGE_OPTIONS = [
	['1–10', '1,10'],
	['11–20', '11,20'],
	['21–50', '21,50'],
	['51–100', '51,100'],
	['101–200', '101,200'],
	['201–500', '201,500'],
	['501–1,000', '501,1000'],
	['1,001–2,000', '1001,2000'],
	['2,001–5,000', '2001,5000'],
	['5,001–10,000', '5001,10000'],
	['10,001 or More', '10001,10000000'],
].map(([name, value]) => ({ name, value }));

export const searchFilterFields: INodeProperties[] = [
	{
		displayName: 'Company Domains',
		name: 'organizationDomains',
		type: 'string',
		default: '',
		placeholder: 'e.g. acme.com, globex.com',
		description:
			'Website domains of the employers, separated by commas (up to 1,000). Apollo matches current and past employers. A URL or an email address is reduced to its domain.',
	},
	{
		displayName: 'Company Employee Ranges',
		name: 'employeeRanges',
		type: 'multiOptions',
		default: [],
		options: EMPLOYEE_RANGE_OPTIONS,
		description:
			'Headcount of the current employer; any selected range matches. With an expression, give ranges like 250,500 separated by semicolons, or a list.',
	},
	{
		displayName: 'Include Similar Titles',
		name: 'includeSimilarTitles',
		type: 'boolean',
		default: true,
		description:
			'Whether Job Titles also finds titles with the same words (marketing manager finds content marketing manager). Turn off for exact titles only.',
	},
	{
		displayName: 'Job Titles',
		name: 'jobTitles',
		type: 'string',
		default: '',
		placeholder: 'e.g. VP of Sales, Head of Marketing',
		description:
			'Current job titles, separated by commas; a person matches any one of them. A list from an expression is taken as it is, so a title may contain a comma.',
	},
	{
		displayName: 'Keywords',
		name: 'keywords',
		type: 'string',
		default: '',
		placeholder: 'e.g. robotics',
		description: 'Words Apollo searches for across the person and their employer',
	},
	{
		displayName: 'Person Locations',
		name: 'personLocations',
		type: 'string',
		default: '',
		placeholder: 'e.g. California, US; Berlin',
		description:
			'Where the people live: cities, US states or countries, separated by semicolons (a comma stays part of a place, as in California, US)',
	},
	{
		displayName: 'Seniorities',
		name: 'seniorities',
		type: 'multiOptions',
		default: [],
		options: SENIORITY_OPTIONS,
		description: 'Current seniority; any selected one matches',
	},
];

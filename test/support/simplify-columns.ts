/**
 * The columns Simplify outputs, in order: the contract docs/output.md documents and a sheet's
 * header row relies on. The unit tests check the pure functions against the record fields, the
 * integration tests the node's output rows (the record fields between the row's head and tail).
 */

export const PERSON_COLUMNS = [
	'id',
	'name',
	'firstName',
	'lastName',
	'title',
	'headline',
	'email',
	'emailStatus',
	'personalEmails',
	'mobilePhone',
	'phoneNumbers',
	'linkedinUrl',
	'city',
	'state',
	'country',
	'seniority',
	'departments',
	'companyName',
	'companyDomain',
	'companyWebsite',
	'companyLinkedinUrl',
	'companyIndustry',
	'companyEmployeeCount',
];

export const ORGANIZATION_COLUMNS = [
	'id',
	'name',
	'domain',
	'website',
	'linkedinUrl',
	'twitterUrl',
	'facebookUrl',
	'phone',
	'industry',
	'keywords',
	'employeeCount',
	'annualRevenue',
	'annualRevenuePrinted',
	'foundedYear',
	'shortDescription',
	'streetAddress',
	'city',
	'state',
	'postalCode',
	'country',
	'technologies',
	'totalFunding',
	'totalFundingPrinted',
	'latestFundingStage',
	'latestFundingRoundDate',
	'publiclyTradedSymbol',
];

/** A simplified row: what every row starts and ends with, around the record's fields (id last, as apolloId). */
export function rowColumns(recordFields: readonly string[], options: { waitForResults?: boolean; apollo?: boolean } = {}): string[] {
	return [
		'matched',
		'lookedUpBy',
		...recordFields.filter((field) => field !== 'id'),
		'apolloId',
		'noMatchReason',
		'skipped',
		'credits',
		'requestId',
		...(options.waitForResults ? ['asyncStatus'] : []),
		...(options.apollo ? ['apollo'] : []),
	];
}

// Public entry point of the fake Apollo API server used by the tests, the demo and benchmarks.

export { startFakeApollo, FakeApolloServer } from './server';
export { DEFAULT_API_KEY, defaultOptions } from './options';
export {
	DEFAULT_PEOPLE,
	organizationsByDomain,
	personByName,
	slugPart,
	toApolloPerson,
	type PersonView,
} from './directory';
export {
	IDENTIFIER_KEYS,
	findPerson,
	normalizeDomain,
	normalizeLinkedinUrl,
	type Params,
} from './matching';
export { RawInt64, parseInt64, stringifyJson } from './int64-json';
export { PAID_SEARCH_LIMITS, ROUTE_SCOPES } from './rate-limits';
export { EXTENDED_PEOPLE, PROSPECTS_PER_COMPANY } from './directory-prospects';
export { obfuscateLastName, searchView } from './search-filters';
export { SEARCH_MAX_PAGE, SEARCH_MAX_PER_PAGE } from './search';
export { phonePayload, waterfallPayload } from './payloads';
export { findOrganization, toApolloOrganization } from './organizations';
export type * from './types';

// Public types of the fake Apollo server. Field names follow Apollo's snake_case wire format on
// purpose, so a fixture can be compared with a response body without any mapping.

export type RouteName =
	| 'auth_health'
	| 'api_profile'
	| 'match'
	| 'bulk_match'
	| 'webhook_result'
	| 'usage_stats'
	| 'org_enrich'
	| 'org_bulk_enrich'
	| 'people_search'
	| 'unknown';

/** Routes that have their own rate-limit windows (auth/health is free and unlimited). */
export type LimitedRoute = Exclude<RouteName, 'auth_health' | 'unknown'>;

export interface ApolloOrganization {
	id: string;
	name: string;
	website_url: string;
	blog_url: string | null;
	angellist_url: string | null;
	linkedin_url: string;
	linkedin_uid: string;
	twitter_url: string | null;
	facebook_url: string | null;
	crunchbase_url: string | null;
	logo_url: string;
	primary_phone: { number: string; source: string; sanitized_number: string };
	phone: string;
	founded_year: number;
	publicly_traded_symbol: string | null;
	publicly_traded_exchange: string | null;
	alexa_ranking: number | null;
	languages: string[];
	industry: string;
	industries: string[];
	secondary_industries: string[];
	keywords: string[];
	estimated_num_employees: number;
	annual_revenue: number;
	annual_revenue_printed: string;
	raw_address: string;
	street_address: string;
	city: string;
	state: string;
	postal_code: string;
	country: string;
	short_description: string;
	primary_domain: string;
}

export interface ApolloEmployment {
	_id: string;
	id: string;
	key: string;
	current: boolean;
	start_date: string;
	end_date: string | null;
	title: string;
	organization_id: string | null;
	organization_name: string;
	degree: null;
	description: null;
	emails: null;
	grade_level: null;
	kind: null;
	major: null;
	raw_address: null;
	created_at: null;
	updated_at: null;
}

/** A person as Apollo returns it from people/match (§1.2 of the reference). */
export interface ApolloPerson {
	id: string;
	first_name: string;
	last_name: string;
	name: string;
	linkedin_url: string;
	title: string;
	headline: string;
	email: string;
	email_status: 'verified' | 'guessed' | 'unavailable';
	extrapolated_email_confidence: number | null;
	photo_url: string | null;
	twitter_url: string | null;
	github_url: string | null;
	facebook_url: string | null;
	organization_id: string;
	state: string;
	city: string;
	country: string;
	time_zone: string;
	seniority: string;
	departments: string[];
	subdepartments: string[];
	functions: string[];
	is_likely_to_engage: boolean;
	show_intent: boolean;
	revealed_for_current_team: boolean;
	intent_strength: string | null;
	email_domain_catchall: boolean;
	employment_history: ApolloEmployment[];
	organization: ApolloOrganization;
}

/** A mobile number held back until a phone reveal (delivered by webhook only). */
export interface FakeMobile {
	raw_number: string;
	sanitized_number: string;
	country: string;
}

/** A directory entry: the public person plus data that only reveals expose. */
export interface FakePerson extends ApolloPerson {
	personal_emails: string[];
	mobile_phone: FakeMobile | null;
}

export interface WindowLimit {
	limit: number;
	/** Window length; shorten it to scale time in tests. */
	windowMs?: number;
}

export interface RateLimitConfig {
	minute?: WindowLimit;
	hour?: WindowLimit;
	day?: WindowLimit;
}

export interface WebhookOptions {
	delayMs: number;
	/** Extra identical POSTs after the first, imitating Apollo's undocumented retries. */
	repeats: number;
	repeatDelayMs: number;
	concurrentRepeats: boolean;
	/**
	 * `retry_after_seconds` in the poll endpoint's 404 result_pending (Apollo's docs show 10).
	 * Tests of Wait for Results lower it so that waiting takes a second, not ten.
	 */
	pollRetryAfterSeconds: number;
	/**
	 * Holds each delivery back until its result has been polled this many times (then `delayMs`
	 * more), so a test can have the first polls find nothing without depending on timing. 0: off.
	 */
	deliverAfterPolls: number;
}

/** Options with every default filled in (what the server works from). */
export interface ResolvedFakeApolloOptions {
	port: number;
	apiKeys: string[];
	/** A key listed here may only call the listed scopes, e.g. 'api/v1/people/match'. */
	keyScopes?: Record<string, string[]>;
	people?: FakePerson[];
	seed: number;
	latencyMs: number;
	jitterMs: number;
	rateLimits: RateLimitConfig;
	/** Per-route override of `rateLimits` (e.g. a stricter bulk_match limit). */
	rateLimitsByRoute?: Partial<Record<LimitedRoute, RateLimitConfig>>;
	dailyHeaderSpelling: '24-hour' | 'daily';
	retryAfterHeader: boolean;
	webhook: WebhookOptions;
	waterfallConfigured: boolean;
	authHealthInvalidKey: 'is_logged_in_false' | '401';
	/**
	 * Apollo answers phone_enrichment.status 'skipped' (and sends no webhook) when every matched
	 * person already has a reveal running. Off by default because it makes tests timing-dependent.
	 */
	skipConcurrentPhoneReveals: boolean;
	/**
	 * How organizations/bulk_enrich lists its `organizations`, which Apollo does not document:
	 * 'compact' (default) only the organizations found, each once, in the order first asked for;
	 * 'positional' one entry per `details` entry, null for a miss; 'reversed' compact, backwards.
	 */
	orgBulkResponse: 'compact' | 'positional' | 'reversed';
	/**
	 * `poll_only=true` without `webhook_url`, which only Apollo's Webhook Result page documents.
	 * 'accepted' (default): the enrichment is taken, nothing is POSTed anywhere, and the result
	 * appears at /webhook_result/{id}. 'refused': Apollo ignores the unknown parameter, so the
	 * missing webhook_url gets today's 400.
	 */
	pollOnly: 'accepted' | 'refused';
}

/** What callers pass: every option optional, `webhook` may be partial too. */
export type FakeApolloOptions = Partial<Omit<ResolvedFakeApolloOptions, 'webhook'>> & {
	webhook?: Partial<WebhookOptions>;
};

/**
 * 'any' covers the billable, polling and search routes (match, bulk_match, org_enrich,
 * org_bulk_enrich, webhook_result, people_search), not the
 * credential-test routes, so a node's credential check does not eat a fault meant for enrichment.
 * Name auth_health / api_profile / usage_stats explicitly to fault them.
 */
export type FaultRoute = Exclude<RouteName, 'unknown'> | 'any';

export interface FaultSpec {
	route?: FaultRoute;
	kind: 'status' | 'drop' | 'invalidJson' | 'delay';
	/** For 'status' (default 500). */
	status?: number;
	/** For 'status': replaces the default `{error: <reason phrase>}` body. */
	body?: unknown;
	/** For 'status': extra response headers (e.g. a gateway's retry-after). */
	headers?: Record<string, string>;
	/** For 'delay'. */
	delayMs?: number;
	/** How many matching requests get the fault (default 1). */
	times?: number;
	/** Matching requests to let through before the fault starts (default 0). */
	skip?: number;
}

export interface LoggedRequest {
	seq: number;
	method: string;
	path: string;
	route: RouteName;
	query: Record<string, string>;
	/** Parsed JSON, raw text when it is not JSON, undefined when empty. */
	body: unknown;
	apiKeyValid: boolean;
	/** 0 when the connection was dropped by a fault. */
	status: number;
	fault?: string;
	detailsCount?: number;
	matched?: number;
	credits?: number;
	requestId?: string;
	/** people_search: people on the page returned, and all that matched. */
	searchResults?: number;
	totalEntries?: number;
	receivedAt: number;
	respondedAt?: number;
}

export interface WebhookDeliveryLog {
	requestId: string;
	url: string;
	/** 1 for the first POST, 2.. for repeats. */
	attempt: number;
	status?: number;
	error?: string;
	/** When the attempt was started (ms since epoch). */
	at: number;
}

export interface FakeApollo {
	url: string;
	apiKey: string;
	requestLog: LoggedRequest[];
	deliveries: WebhookDeliveryLog[];
	directory: FakePerson[];
	injectFaults(faults: FaultSpec[]): void;
	/** Shallow merge, except `webhook`, which merges field by field. Rate-limit state is kept. */
	configure(partial: FakeApolloOptions): void;
	resetWindows(): void;
	clearLog(): void;
	/** Makes the poll endpoint answer 410 request_id_expired for this id. */
	expireRequest(requestId: string): void;
	waitForDeliveries(count: number, timeoutMs?: number): Promise<void>;
	/** Every credit charged since the log was last cleared, by Apollo's pricing: 1 per matched person, 8 per mobile found. */
	creditsCharged(): number;
	close(): Promise<void>;
}

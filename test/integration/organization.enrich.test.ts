import * as path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { MAPPED_ORGANIZATION, organizationsOf, orgJson, runOrganization } from './organizationSupport';
import { apolloCalls, useFakeApollo, withScopedKey } from './support';

const ENRICH = { operation: 'enrich', ...MAPPED_ORGANIZATION };

describe('Organization → Enrich, run through n8n-core against the fake Apollo', () => {
	const fake = useFakeApollo({ rateLimits: { minute: { limit: 1000 } }, rateLimitsByRoute: {} });

	const acme = () => organizationsOf(fake())[0];
	const blue = () => organizationsOf(fake())[1];
	const cobalt = () => organizationsOf(fake())[2];

	it("makes one GET per item with Apollo's names in the query, each output paired to its item", async () => {
		const { items, error } = await runOrganization(fake(), ENRICH, [
			{ domain: `https://www.${acme().primary_domain}/about` },
			{ name: blue().name, website: 'https://blue.example' },
			{ linkedin_url: cobalt().linkedin_url.replace('http://www.', '') },
		]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items.map((item) => orgJson(item).organization?.id)).toEqual([acme().id, blue().id, cobalt().id]);
		const calls = apolloCalls(fake(), 'org_enrich');
		expect(calls.map((call) => [call.method, call.body])).toEqual([['GET', undefined], ['GET', undefined], ['GET', undefined]]);
		expect(calls.map((call) => call.query)).toEqual(
			expect.arrayContaining([
				{ domain: acme().primary_domain },
				{ name: blue().name, website: 'https://blue.example' },
				{ linkedin_url: `https://${cobalt().linkedin_url.replace('http://www.', '')}` },
			]),
		);
		expect(orgJson(items[0]).organization).toMatchObject({ name: acme().name, departmental_head_count: expect.any(Object) });
		expect(orgJson(items[0]).apollo).toEqual({
			operation: 'enrich',
			matched: true,
			noMatchReason: null,
			requestId: null,
			call: {
				batchNumber: null,
				batchSize: null,
				alignedBy: null,
				creditsConsumed: null,
				totalRequestedRecords: null,
				totalRequestedDomains: null,
				uniqueDomains: null,
				uniqueRecords: null,
				uniqueEnrichedRecords: null,
				missingRecords: null,
			},
			skipped: null,
			dedupe: { sharedWithItem: null, run: { repeatedItems: 0, callsSaved: 0, creditsSaved: 0 } },
			run: expect.objectContaining({ items: 3, matched: 3, calls: 3, credits: 3 }),
		});
	});

	it('flags a miss (200 {}) and an organization without an id as no-match items, not errors', async () => {
		fake().injectFaults([{ route: 'org_enrich', kind: 'status', status: 200, body: { organization: { name: 'Stub' } }, skip: 1 }]);
		const { items, error } = await runOrganization(
			fake(),
			{ ...ENRICH, tuning: { maxConcurrentRequests: 1 } },
			[{ domain: 'nowhere.example' }, { domain: acme().primary_domain }],
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [orgJson(item).organization, orgJson(item).apollo.matched, orgJson(item).apollo.noMatchReason])).toEqual([
			[null, false, 'no_organization_returned'],
			[null, false, 'no_organization_id'],
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('can make a no-match an error, or an error item with Continue On Fail', async () => {
		const parameters = { ...ENRICH, options: { errorOnNoMatch: true }, tuning: { maxConcurrentRequests: 1 } };
		const inputs = [{ domain: acme().primary_domain }, { domain: 'nowhere.example', name: 'Ghost Co' }];
		const failed = await runOrganization(fake(), parameters, inputs);
		expect(failed.error?.message).toBe('Apollo found no organization [item 1]');
		expect(failed.error?.description).toMatch(/^Sent: domain=nowhere.example, name=Ghost Co \(no_organization_returned\)\. Turn off Options → Error on No Match/);
		expect(failed.error?.description).toMatch(/1 item\(s\) were enriched by calls sent before this failure was known/);

		const kept = await runOrganization(fake(), parameters, inputs, { continueOnFail: true });
		expect(kept.items.map((item) => item.json.error ?? orgJson(item).organization?.id)).toEqual([
			acme().id,
			'Apollo found no organization [item 1]',
		]);
		expect(kept.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('stops on an item without a usable identifier before calling Apollo, naming item and field', async () => {
		const { error } = await runOrganization(fake(), ENRICH, [
			{ domain: acme().primary_domain },
			{ domain: '', name: '   ' },
			{ linkedin_url: 'https://example.com/acme' },
		]);
		expect(error?.message).toBe(
			'No identifier to match on: Domain, Organization Name, Website and LinkedIn URL are all empty [item 1]',
		);
		expect(error?.description).toMatch(/^Field: Domain\. Set at least one of them/);
		expect(error?.description).toMatch(/1 more item\(s\) after it have problems too/);
		expect(apolloCalls(fake())).toHaveLength(0);
	});

	it('with Continue On Fail, sets bad items aside as error items and enriches the rest', async () => {
		const { items } = await runOrganization(
			fake(),
			ENRICH,
			[{ domain: 'not a domain' }, { domain: acme().primary_domain }, { website: 'jane@acme.example' }],
			{ continueOnFail: true },
		);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toBe('Domain "not a domain" is not a domain [item 0]');
		expect(items[0].json.description).toMatch(/^Field: Domain\./);
		expect(orgJson(items[1]).organization?.id).toBe(acme().id);
		expect(items[2].json.error).toBe('Website "jane@acme.example" is not a web address [item 2]');
		expect(apolloCalls(fake())).toHaveLength(1);
	});

	it('looks repeated inputs up once, and every one when the option is off', async () => {
		const domain = acme().primary_domain;
		const inputs = [{ domain }, { domain: `https://WWW.${domain.toUpperCase()}/` }, { domain: 'nowhere.example' }, { domain: 'NOWHERE.example' }];
		const { items } = await runOrganization(fake(), ENRICH, inputs);
		expect(apolloCalls(fake(), 'org_enrich')).toHaveLength(2);
		expect(items.map((item) => orgJson(item).apollo.dedupe)).toEqual([
			{ sharedWithItem: null, run: { repeatedItems: 2, callsSaved: 2, creditsSaved: 1 } },
			{ sharedWithItem: 0, run: { repeatedItems: 2, callsSaved: 2, creditsSaved: 1 } },
			{ sharedWithItem: null, run: { repeatedItems: 2, callsSaved: 2, creditsSaved: 1 } },
			{ sharedWithItem: 2, run: { repeatedItems: 2, callsSaved: 2, creditsSaved: 1 } },
		]);
		expect(orgJson(items[1]).organization).toEqual(orgJson(items[0]).organization);
		expect(orgJson(items[1]).organization).not.toBe(orgJson(items[0]).organization);

		fake().clearLog();
		const all = await runOrganization(fake(), { ...ENRICH, options: { enrichRepeatedInputsOnce: false } }, inputs);
		expect(apolloCalls(fake(), 'org_enrich')).toHaveLength(4);
		expect(all.items.map((item) => orgJson(item).apollo.dedupe)).toEqual([null, null, null, null]);
	});

	it("reports Apollo's own words for 401, 403 and 422", async () => {
		const unauthorised = await runOrganization(fake(), ENRICH, [{ domain: 'a.example' }], { apiKey: 'wrong-key' });
		expect(unauthorised.error?.message).toBe('Apollo did not accept the API key');
		expect(unauthorised.error?.description).toMatch(/^Apollo said: "Invalid API key\./);

		await withScopedKey(['api/v1/people/match'], async (scoped) => {
			const forbidden = await runOrganization(scoped, ENRICH, [{ domain: 'a.example' }]);
			expect(forbidden.error?.message).toBe('This API key may not call /api/v1/organizations/enrich');
			expect(forbidden.error?.description).toMatch(/not authorized to access api\/v1\/organizations\/enrich/);
			expect(forbidden.error?.description).toMatch(/master key/);
		});

		const body = { error: "Required parameter 'domain' missing" };
		fake().clearLog();
		fake().injectFaults([{ route: 'org_enrich', kind: 'status', status: 422, body }]);
		const kept = await runOrganization(fake(), ENRICH, [{ name: 'Acme' }], { continueOnFail: true });
		expect(kept.items[0].json).toMatchObject({
			error: 'Apollo could not process the request',
			description: 'Apollo said: "Required parameter \'domain\' missing". Check the affected items.',
			httpCode: '422',
		});
		expect(apolloCalls(fake(), 'org_enrich')).toHaveLength(1);
	});

	it('waits out a 429, retries a 503, and never re-sends a 500, a drop or a timeout', async () => {
		fake().configure({ rateLimitsByRoute: { org_enrich: { minute: { limit: 1, windowMs: 500 } } } });
		const paced = await runOrganization(fake(), ENRICH, [{ domain: acme().primary_domain }, { domain: blue().primary_domain }]);
		expect(paced.error).toBeUndefined();
		expect(apolloCalls(fake(), 'org_enrich').filter((call) => call.status === 200)).toHaveLength(2);

		fake().configure({ rateLimitsByRoute: {} });
		const cases: Array<[object, RegExp, number]> = [
			[{ kind: 'status', status: 503 }, /^$/, 2],
			[{ kind: 'status', status: 500 }, /not retried automatically/, 1],
			[{ kind: 'drop' }, /may have done and billed the work/, 1],
			[{ kind: 'invalidJson' }, /may have done and billed the work/, 1],
			[{ kind: 'delay', delayMs: 1_500 }, /may still do and bill the work/, 1],
		];
		for (const [fault, description, calls] of cases) {
			fake().clearLog();
			fake().injectFaults([{ route: 'org_enrich', ...fault } as never]);
			const run = await runOrganization(fake(), { ...ENRICH, tuning: { timeoutSeconds: 1 } }, [{ domain: acme().primary_domain }]);
			expect(run.error?.description ?? '').toMatch(description);
			expect(apolloCalls(fake(), 'org_enrich')).toHaveLength(calls);
		}
	});

	it('honours Rate Limit Retries and Max Rate Limit Wait', async () => {
		fake().injectFaults([{ route: 'org_enrich', kind: 'status', status: 429, headers: { 'retry-after': '0' }, times: 2 }]);
		const noRetries = await runOrganization(fake(), { ...ENRICH, tuning: { rateLimitRetries: 1 } }, [{ domain: 'a.example' }]);
		expect(noRetries.error?.message).toBe("Apollo's rate limit was still reached after 1 retries");
		expect(apolloCalls(fake(), 'org_enrich')).toHaveLength(2);

		fake().clearLog();
		fake().injectFaults([{ route: 'org_enrich', kind: 'status', status: 429, headers: { 'retry-after': '30' } }]);
		const tooLong = await runOrganization(fake(), { ...ENRICH, tuning: { maxRateLimitWaitSeconds: 5 } }, [{ domain: 'a.example' }]);
		// The node adds a little jitter to Apollo's retry-after.
		expect(tooLong.error?.message).toMatch(/^Apollo's rate limit resets in 3[01] s, longer than this node waits$/);
		expect(apolloCalls(fake(), 'org_enrich')).toHaveLength(1);
	});

	it('stops cleanly when the daily window is used up', async () => {
		fake().configure({ rateLimitsByRoute: { org_enrich: { minute: { limit: 1000 }, day: { limit: 2 } } } });
		const inputs = organizationsOf(fake()).slice(0, 5).map((org) => ({ domain: org.primary_domain }));
		const kept = await runOrganization(fake(), { ...ENRICH, tuning: { maxConcurrentRequests: 1 } }, inputs, { continueOnFail: true });
		expect(kept.items.map((item) => item.json.error ?? 'ok')).toEqual([
			'ok',
			'ok',
			"Apollo's daily API limit is used up",
			"Apollo's daily API limit is used up",
			"Apollo's daily API limit is used up",
		]);
		expect(apolloCalls(fake(), 'org_enrich').map((call) => call.status)).toEqual([200, 200, 429]);
	});
});

describe('Organization in the node description', () => {
	const entry = require(path.resolve(__dirname, '..', '..')) as {
		nodes: Record<string, new () => { description: INodeTypeDescription }>;
	};
	const { properties } = new entry.nodes.ApolloEnrich().description;
	const forOrganization = properties.filter((property) => property.displayOptions?.show?.resource?.includes('organization'));

	it('is a resource beside Person, with Enrich and Bulk Enrich', () => {
		const resource = properties.find((property) => property.name === 'resource');
		expect(resource?.options?.map((option) => (option as { name: string }).name)).toEqual(['Organization', 'Person']);
		const operation = forOrganization.find((property) => property.name === 'operation');
		expect(operation?.options?.map((option) => (option as { value: string }).value)).toEqual(['bulkEnrich', 'enrich']);
	});

	it('has described fields and alphabetical options whose booleans start with "Whether"', () => {
		const fields = forOrganization.filter((property) => !['notice', 'options', 'collection'].includes(property.type));
		expect(fields.map((field) => field.displayName)).toEqual(['Domain', 'Organization Name', 'Website', 'LinkedIn URL', 'Simplify']);
		expect(fields.every((field) => typeof field.description === 'string' && field.description !== '')).toBe(true);
		const options = forOrganization.find((property) => property.name === 'options')?.options as INodeProperties[];
		const names = options.map((option) => option.displayName);
		expect(names).toEqual([...names].sort());
		for (const option of options) {
			expect(option.description).toEqual(expect.any(String));
			if (option.type === 'boolean') expect(option.description).toMatch(/^Whether /);
		}
	});
});

describe('the router', () => {
	const fake = useFakeApollo();

	it('refuses an operation the resource does not have, before any call', async () => {
		const { error } = await runOrganization(fake(), { operation: 'getWebhookResult', requestId: '1' }, [{}]);
		expect(error?.message).toBe('The operation "getWebhookResult" is not supported for the resource "organization"');
		expect(apolloCalls(fake())).toHaveLength(0);
	});
});

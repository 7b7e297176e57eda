import type { IDataObject } from 'n8n-workflow';

import { MAPPED_ORGANIZATION, organizationsOf, orgJson, runOrganization } from './organizationSupport';
import { apolloCalls, sentDetails, useFakeApollo, withScopedKey } from './support';

const BULK = { operation: 'bulkEnrich', ...MAPPED_ORGANIZATION };
/** Calls one after another and every input sent, for the tests that read calls in order. */
const SEQUENTIAL = { ...BULK, options: { enrichRepeatedInputsOnce: false }, tuning: { maxConcurrentRequests: 1 } };


describe('Organization → Bulk Enrich, run through n8n-core against the fake Apollo', () => {
	const fake = useFakeApollo({ rateLimits: { minute: { limit: 1000 } }, rateLimitsByRoute: {}, orgBulkResponse: 'compact', latencyMs: 0, jitterMs: 0 });

	/**
	 * n inputs cycling through the twelve companies by domain, LinkedIn URL and website, with every
	 * 4th an unknown domain; each company comes back in several forms, so Apollo's answer merges them.
	 */
	const inputs = (n: number): IDataObject[] =>
		Array.from({ length: n }, (_, i) => {
			const org = organizationsOf(fake())[i % 12];
			if (i % 4 === 3) return { domain: `unknown${i}.example` };
			if (i % 4 === 1) return { linkedin_url: org.linkedin_url };
			if (i % 4 === 2) return { website: `https://www.${org.primary_domain}/` };
			return { domain: org.primary_domain };
		});
	const expected = (n: number) =>
		Array.from({ length: n }, (_, i) => (i % 4 === 3 ? null : organizationsOf(fake())[i % 12].id));

	it.each([
		['compact', 'identifiers'],
		['positional', 'position'],
		['reversed', 'identifiers'],
	] as const)('sends ceil(n/10) calls and maps a %s answer back item by item', async (shape, alignedBy) => {
		fake().configure({ orgBulkResponse: shape });
		const { items, error } = await runOrganization(fake(), SEQUENTIAL, inputs(25));
		expect(error).toBeUndefined();
		const calls = apolloCalls(fake(), 'org_bulk_enrich');
		expect(calls.map((call) => [call.method, call.detailsCount, call.query])).toEqual([
			['POST', 10, {}],
			['POST', 10, {}],
			['POST', 5, {}],
		]);
		expect(sentDetails(calls[0]).slice(0, 3)).toEqual([
			{ domain: organizationsOf(fake())[0].primary_domain },
			{ linkedin_url: organizationsOf(fake())[1].linkedin_url },
			{ website: `https://www.${organizationsOf(fake())[2].primary_domain}/` },
		]);
		expect(items.map((item) => orgJson(item).organization?.id ?? null)).toEqual(expected(25));
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const { apollo } = orgJson(item);
			expect(apollo).toMatchObject({
				operation: 'bulkEnrich',
				matched: index % 4 !== 3,
				noMatchReason: index % 4 === 3 ? 'no_organization_returned' : null,
				dedupe: null,
			});
			const batch = Math.floor(index / 10);
			expect(apollo.call).toMatchObject({ batchNumber: batch + 1, batchSize: calls[batch].detailsCount, alignedBy });
		});
		expect(orgJson(items[0]).apollo.call).toMatchObject({ totalRequestedRecords: 10, missingRecords: 2, uniqueEnrichedRecords: 8 });
	});

	it('flags a loosely named organization it cannot attribute, and pairs it by position when it can', async () => {
		const acme = organizationsOf(fake())[0];
		const list = [
			{ name: 'ACME Robotics, Inc.' },
			{ domain: 'nowhere.example' },
			{ domain: organizationsOf(fake())[1].primary_domain },
		];
		// Apollo's compact answer lists Acme and Blue Harbor: nothing says which entry Acme was for.
		const compact = await runOrganization(fake(), BULK, list);
		expect(compact.items.map((item) => orgJson(item).apollo.noMatchReason)).toEqual([
			'ambiguous_response',
			'ambiguous_response',
			null,
		]);

		fake().configure({ orgBulkResponse: 'positional' });
		const positional = await runOrganization(fake(), BULK, list);
		expect(orgJson(positional.items[0]).organization?.id).toBe(acme.id);
	});

	it('honours a smaller batch size, and sends repeated inputs once', async () => {
		await runOrganization(fake(), { ...BULK, options: { enrichRepeatedInputsOnce: false }, tuning: { batchSize: 4, maxConcurrentRequests: 1 } }, inputs(25));
		expect(apolloCalls(fake(), 'org_bulk_enrich').map((call) => call.detailsCount)).toEqual([4, 4, 4, 4, 4, 4, 1]);

		fake().clearLog();
		const list = [...inputs(12), ...inputs(12)];
		const { items } = await runOrganization(fake(), BULK, list);
		expect(apolloCalls(fake(), 'org_bulk_enrich').map((call) => call.detailsCount).sort()).toEqual([10, 2]);
		expect(items.map((item) => orgJson(item).organization?.id ?? null)).toEqual([...expected(12), ...expected(12)]);
		expect(orgJson(items[12]).apollo.dedupe).toEqual({
			sharedWithItem: 0,
			run: { repeatedItems: 12, callsSaved: 1, creditsSaved: 9 },
		});
		expect(items.map((item) => item.pairedItem)).toEqual(list.map((_, item) => ({ item })));
	});

	it('keeps order and pairedItem when concurrent answers arrive out of order', async () => {
		fake().configure({ latencyMs: 5, jitterMs: 80, orgBulkResponse: 'reversed' });
		const { items } = await runOrganization(fake(), { ...BULK, options: { enrichRepeatedInputsOnce: false } }, inputs(60));
		expect(apolloCalls(fake(), 'org_bulk_enrich')).toHaveLength(6);
		expect(items.map((item) => orgJson(item).organization?.id ?? null)).toEqual(expected(60));
		expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	it('checks every item before the first call; with Continue On Fail bad items keep their place', async () => {
		const list = inputs(12);
		list[5] = { linkedin_url: 'https://example.com/company/acme' };
		list[8] = {};
		const failed = await runOrganization(fake(), BULK, list);
		expect(failed.error?.message).toBe('LinkedIn URL "https://example.com/company/acme" is not a linkedin.com address [item 5]');
		expect(failed.error?.description).toMatch(/^Field: LinkedIn URL\..* 1 more item\(s\) after it have problems too\.$/);
		expect(apolloCalls(fake())).toHaveLength(0);

		const kept = await runOrganization(fake(), { ...BULK, options: { enrichRepeatedInputsOnce: false } }, list, { continueOnFail: true });
		expect(kept.items).toHaveLength(12);
		expect(kept.items[5].json.error).toMatch(/\[item 5\]$/);
		expect(kept.items[8].json.error).toMatch(/^No identifier to match on.*\[item 8\]$/);
		expect([kept.items[5].pairedItem, kept.items[8].pairedItem]).toEqual([{ item: 5 }, { item: 8 }]);
		expect(apolloCalls(fake(), 'org_bulk_enrich').map((call) => call.detailsCount)).toEqual([10]);
		expect(orgJson(kept.items[6]).organization?.id).toBe(organizationsOf(fake())[6].id);
	});

	it('makes a no-match an error with Error on No Match, an error item with Continue On Fail', async () => {
		const settings = { options: { errorOnNoMatch: true }, tuning: { maxConcurrentRequests: 1 } };
		const failed = await runOrganization(fake(), { ...BULK, ...settings }, inputs(4));
		expect(failed.error?.message).toBe('Apollo found no organization [item 3]');
		const kept = await runOrganization(fake(), { ...BULK, ...settings }, inputs(4), { continueOnFail: true });
		expect(kept.items.map((item) => item.json.error ?? orgJson(item).organization?.id)).toEqual([
			...expected(3),
			'Apollo found no organization [item 3]',
		]);
	});

	it('marks every item of a failed chunk, and only those; without Continue On Fail names its first item', async () => {
		fake().injectFaults([{ route: 'org_bulk_enrich', kind: 'status', status: 500, skip: 1 }]);
		const kept = await runOrganization(fake(), SEQUENTIAL, inputs(25), { continueOnFail: true });
		const failed = kept.items.map((item, index) => (item.json.error ? index : -1)).filter((index) => index >= 0);
		expect(failed).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
		expect(kept.items[10].json.httpCode).toBe('500');
		expect(apolloCalls(fake(), 'org_bulk_enrich')).toHaveLength(3);

		fake().clearLog();
		const body = { status: 'failed', error_code: 'RECORD_LIMIT_EXCEEDED', error_message: 'domain count cannot be more than 10' };
		fake().injectFaults([{ route: 'org_bulk_enrich', kind: 'status', status: 400, skip: 1, body }]);
		const stopped = await runOrganization(fake(), SEQUENTIAL, inputs(25));
		expect(stopped.error?.message).toBe('Apollo rejected the request');
		expect(stopped.error?.description).toMatch(/^Apollo said: "domain count cannot be more than 10"\. /);
		expect((stopped.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(10);
		expect(stopped.error?.description).toMatch(/10 item\(s\) were enriched by calls sent before this failure was known.*Not enriched: items 10–24/);
		expect(apolloCalls(fake(), 'org_bulk_enrich')).toHaveLength(2);
	});

	it('refuses an answer it cannot map, without sending the chunk again', async () => {
		fake().injectFaults([{ route: 'org_bulk_enrich', kind: 'status', status: 200, body: { status: 'success' } }]);
		const { error } = await runOrganization(fake(), BULK, inputs(3));
		expect(error?.message).toBe('Apollo answered bulk_enrich without an `organizations` list');
		expect(error?.description).toMatch(/not re-sent/);
		expect(apolloCalls(fake(), 'org_bulk_enrich')).toHaveLength(1);
	});

	it('waits out 429s in its own route window, and stops cleanly on the daily limit', async () => {
		fake().configure({ rateLimitsByRoute: { org_bulk_enrich: { minute: { limit: 2, windowMs: 1_000 } } } });
		const paced = await runOrganization(fake(), { ...BULK, options: { enrichRepeatedInputsOnce: false } }, inputs(30));
		expect(paced.error).toBeUndefined();
		const answered = apolloCalls(fake(), 'org_bulk_enrich').filter((call) => call.status === 200);
		expect(answered).toHaveLength(3);
		expect(new Set(answered.map((call) => JSON.stringify(sentDetails(call)))).size).toBe(3);

		fake().clearLog();
		fake().resetWindows();
		fake().configure({ rateLimitsByRoute: { org_bulk_enrich: { minute: { limit: 1000 }, day: { limit: 2 } } } });
		const kept = await runOrganization(fake(), SEQUENTIAL, inputs(40), { continueOnFail: true });
		expect(kept.items.slice(20).every((item) => item.json.error === "Apollo's daily API limit is used up")).toBe(true);
		expect(kept.items.slice(0, 20).every((item) => !item.json.error)).toBe(true);
		expect(apolloCalls(fake(), 'org_bulk_enrich').map((call) => call.status)).toEqual([200, 200, 429]);
	});

	it("reports Apollo's own words for 401 and 403", async () => {
		const unauthorised = await runOrganization(fake(), BULK, inputs(2), { apiKey: 'wrong-key' });
		expect(unauthorised.error?.message).toBe('Apollo did not accept the API key');
		expect(unauthorised.error?.description).toMatch(/^Apollo said: "Invalid API key\./);
		await withScopedKey(['api/v1/organizations/enrich'], async (scoped) => {
			const forbidden = await runOrganization(scoped, BULK, inputs(2));
			expect(forbidden.error?.message).toBe('This API key may not call /api/v1/organizations/bulk_enrich');
			expect(forbidden.error?.description).toMatch(/not authorized to access api\/v1\/organizations\/bulk_enrich/);
			expect(forbidden.error?.description).toMatch(/master key/);
		});
	});
});

import { apolloCalls, jsonOf, MAPPED_IDENTIFIERS, runEnrich, sentDetails, useFakeApollo, withScopedKey } from './support';

const BULK = { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS };
/**
 * Calls one after another, for the tests that read the request log in send order or fault the
 * n-th call: concurrent calls may reach the fake in any order. Concurrency has its own tests
 * (person.bulkEnrich.concurrency.test.ts).
 */
const SEQUENTIAL = { ...BULK, tuning: { maxConcurrentRequests: 1 } };


describe('Person → Bulk Enrich, run through n8n-core against the fake Apollo', () => {
	const fake = useFakeApollo({ rateLimits: { minute: { limit: 1000 } } });

	/** n inputs cycling through known people, with every 4th an unknown email. */
	const inputs = (n: number) =>
		Array.from({ length: n }, (_, i) =>
			i % 4 === 3 ? { email: `unknown${i}@nowhere.example` } : { email: fake().directory[i % fake().directory.length].email },
		);

	it("sends Company Domain as Apollo's `domain`, reduced from what was pasted, and pairs the match to its item", async () => {
		const [alex, priya] = fake().directory;
		const { items, error } = await runEnrich(fake(), SEQUENTIAL, [
			{ first_name: priya.first_name, last_name: priya.last_name, domain: `https://www.${priya.organization.primary_domain}/team` },
			{ email: alex.email },
		]);
		expect(error).toBeUndefined();
		const [call] = apolloCalls(fake(), 'bulk_match');
		expect(sentDetails(call)).toEqual([
			{ first_name: priya.first_name, last_name: priya.last_name, domain: priya.organization.primary_domain },
			{ email: alex.email },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(jsonOf(items[0]).person?.id).toBe(priya.id);
		expect(jsonOf(items[0]).apollo).toMatchObject({ operation: 'bulkEnrich', matched: true, requestId: call.requestId });
	});

	it('sends ceil(n/10) calls and maps every match, nulls included, to its own item', async () => {
		const { items, error } = await runEnrich(fake(), SEQUENTIAL, inputs(25));
		expect(error).toBeUndefined();
		const calls = apolloCalls(fake(), 'bulk_match');
		expect(calls.map((call) => call.detailsCount)).toEqual([10, 10, 5]);
		expect(items).toHaveLength(25);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const output = jsonOf(item);
			if (index % 4 === 3) {
				expect(output.apollo).toMatchObject({ matched: false, noMatchReason: 'no_person_returned' });
				expect(output.person).toBeNull();
			} else {
				expect(output.person?.email).toBe(fake().directory[index % fake().directory.length].email);
			}
			const batch = Math.floor(index / 10);
			expect(output.apollo.requestId).toBe(calls[batch].requestId);
			expect(output.apollo.call).toMatchObject({ batchNumber: batch + 1, batchSize: calls[batch].detailsCount });
		});
		expect(jsonOf(items[0]).apollo.call).toMatchObject({ totalRequestedEnrichments: 10, missingRecords: 2 });
		expect(typeof jsonOf(items[0]).apollo.call.creditsConsumed).toBe('number');
	});

	it('puts flags in the query string and details in the body', async () => {
		await runEnrich(fake(), { ...BULK, revealPersonalEmails: true }, inputs(2));
		const [call] = apolloCalls(fake(), 'bulk_match');
		expect(call.query).toEqual({ reveal_personal_emails: 'true' });
		expect(sentDetails(call)).toEqual([{ email: fake().directory[0].email }, { email: fake().directory[1].email }]);
	});

	it('honours a smaller batch size', async () => {
		await runEnrich(fake(), { ...BULK, tuning: { batchSize: 4, maxConcurrentRequests: 1 } }, inputs(25));
		expect(apolloCalls(fake(), 'bulk_match').map((call) => call.detailsCount)).toEqual([4, 4, 4, 4, 4, 4, 1]);
	});

	it('maps waterfall results and leaves out the counters Apollo omits', async () => {
		const { items } = await runEnrich(
			fake(),
			{ ...BULK, runWaterfallEmail: true, asyncResults: { webhookUrl: 'http://127.0.0.1:9/hook' } },
			inputs(4),
		);
		expect(jsonOf(items[0]).apollo.waterfall).toMatchObject({ status: 'accepted' });
		expect(jsonOf(items[0]).apollo.call).toMatchObject({ creditsConsumed: null, missingRecords: null });
		// A waterfall miss is the match_confidence "none" stub, not null.
		expect(jsonOf(items[3]).apollo).toMatchObject({ matched: false, noMatchReason: 'match_confidence_none' });
	});

	it('with Continue On Fail, keeps bad items out of the calls and in their place in the output', async () => {
		const list = inputs(12);
		list[5] = { email: 'broken' };
		const { items } = await runEnrich(fake(), BULK, list, { continueOnFail: true });
		expect(items).toHaveLength(12);
		expect(items[5].json.error).toBe('Email "broken" is not an email address [item 5]');
		expect(items[5].pairedItem).toEqual({ item: 5 });
		const calls = apolloCalls(fake(), 'bulk_match');
		expect(calls.map((call) => call.detailsCount)).toEqual([10, 1]);
		expect(jsonOf(items[6]).person?.email).toBe(fake().directory[6].email);
	});

	it('marks every item of a failed chunk, and only those, with Continue On Fail', async () => {
		fake().injectFaults([{ route: 'bulk_match', kind: 'status', status: 500, skip: 1 }]);
		const { items } = await runEnrich(fake(), SEQUENTIAL, inputs(25), { continueOnFail: true });
		expect(items).toHaveLength(25);
		const failed = items.map((item, index) => (item.json.error ? index : -1)).filter((index) => index >= 0);
		expect(failed).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
		expect(items[10].json.httpCode).toBe('500');
		expect(String(items[10].json.description)).toMatch(/not retried automatically/);
		// The 500 is not re-sent: Apollo may have billed it.
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(3);
	});

	it('without Continue On Fail, fails on the chunk, names its first item and what was already done', async () => {
		fake().injectFaults([{ route: 'bulk_match', kind: 'status', status: 422, skip: 1, body: { status: 'failed', error_code: 'UNKNOWN_ERROR', error_message: 'no implicit conversion of Symbol into Integer' } }]);
		const { error } = await runEnrich(fake(), SEQUENTIAL, inputs(25));
		expect(error?.message).toBe('Apollo could not process the request');
		expect(error?.description).toMatch(/^Apollo said: "no implicit conversion of Symbol into Integer"\. /);
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(10);
		expect(error?.description).toMatch(/10 item\(s\) were enriched by calls sent before this failure was known/);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(2);
	});

	it('waits out a 429 and never re-sends a chunk Apollo answered', async () => {
		fake().configure({ rateLimits: { minute: { limit: 2, windowMs: 1_000 } } });
		const { items, error } = await runEnrich(fake(), BULK, inputs(30));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(30);
		const calls = apolloCalls(fake(), 'bulk_match');
		const answered = calls.filter((call) => call.status === 200);
		expect(calls.filter((call) => call.status === 429).length).toBeGreaterThan(0);
		expect(answered).toHaveLength(3);
		// Each chunk's details were answered exactly once.
		const answeredBodies = answered.map((call) => JSON.stringify(sentDetails(call)));
		expect(new Set(answeredBodies).size).toBe(3);
	});

	it('retries a 503 but not a dropped connection or an unreadable body', async () => {
		fake().injectFaults([{ route: 'bulk_match', kind: 'status', status: 503 }]);
		const retried = await runEnrich(fake(), BULK, inputs(3));
		expect(retried.error).toBeUndefined();
		expect(apolloCalls(fake(), 'bulk_match').map((call) => call.status)).toEqual([503, 200]);

		fake().clearLog();
		fake().injectFaults([{ route: 'bulk_match', kind: 'drop' }]);
		const dropped = await runEnrich(fake(), BULK, inputs(3));
		expect(dropped.error?.description).toMatch(/may have done and billed the work/);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(1);

		fake().clearLog();
		fake().injectFaults([{ route: 'bulk_match', kind: 'invalidJson' }]);
		const garbled = await runEnrich(fake(), BULK, inputs(3));
		expect(garbled.error?.message).toBe('Apollo sent a response that is not valid JSON');
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(1);
	});

	it('stops cleanly when the daily window is used up, sending nothing more', async () => {
		fake().configure({ rateLimits: { minute: { limit: 1000 }, day: { limit: 2 } } });
		const failed = await runEnrich(fake(), BULK, inputs(40));
		expect(failed.error?.message).toBe("Apollo's daily API limit is used up");
		expect(failed.error?.description).toMatch(/20 item\(s\) were enriched by calls sent before this failure was known/);
		expect(apolloCalls(fake(), 'bulk_match').map((call) => call.status)).toEqual([200, 200, 429]);

		fake().clearLog();
		fake().resetWindows();
		const kept = await runEnrich(fake(), BULK, inputs(40), { continueOnFail: true });
		expect(kept.items).toHaveLength(40);
		expect(kept.items.slice(0, 20).every((item) => !item.json.error)).toBe(true);
		expect(kept.items.slice(20).every((item) => item.json.error === "Apollo's daily API limit is used up")).toBe(true);
		expect(kept.items.map((item) => item.pairedItem)).toEqual(kept.items.map((_, item) => ({ item })));
		// One 429 for chunk 3; chunk 4 is never sent.
		expect(apolloCalls(fake(), 'bulk_match').map((call) => call.status)).toEqual([200, 200, 429]);
	});

	it("reports Apollo's own words for 401 and 403", async () => {
		const unauthorised = await runEnrich(fake(), BULK, inputs(2), { apiKey: 'wrong-key' });
		expect(unauthorised.error?.message).toBe('Apollo did not accept the API key');
		expect(unauthorised.error?.description).toMatch(/^Apollo said: "Invalid API key\..*Check the API key/);

		await withScopedKey(['api/v1/people/match'], async (scoped) => {
			const forbidden = await runEnrich(scoped, BULK, inputs(2));
			expect(forbidden.error?.message).toBe('This API key may not call /api/v1/people/bulk_match');
			expect(forbidden.error?.description).toMatch(/not authorized to access api\/v1\/people\/bulk_match/);
			expect(forbidden.error?.description).toMatch(/master key/);
		});
	});
});

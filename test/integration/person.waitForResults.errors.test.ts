import { apolloCalls, fakePerTest, jsonOf, runEnrich } from './support';
import { asyncResultOf, DEAD_WEBHOOK_URL, hintsOf, personOf, polls, QUICK_POLLS, withMobile } from './waitSupport';

const emails = { email: '={{ $json.email }}' };
const waitingReveal = { revealPhoneNumber: true, asyncResults: { webhookUrl: DEAD_WEBHOOK_URL, waitForResults: true, maxWaitSeconds: 30 } };

describe('Person → Wait for Results: results that will not come, and poll errors', () => {
	const startFake = fakePerTest();

	it('does not poll a skipped phone reveal, and marks why', async () => {
		const fake = await startFake({ skipConcurrentPhoneReveals: true, webhook: { delayMs: 60_000, ...QUICK_POLLS } });
		const inputs = withMobile(fake)
			.slice(0, 2)
			.map((person) => ({ email: person.email }));
		// A first run starts the reveals (Apollo takes minutes); the second asks again meanwhile.
		const first = await runEnrich(
			fake,
			{ operation: 'bulkEnrich', ...emails, revealPhoneNumber: true, asyncResults: { webhookUrl: DEAD_WEBHOOK_URL } },
			inputs,
		);
		expect(jsonOf(first.items[0]).apollo.phoneEnrichment).toMatchObject({ status: 'pending' });
		fake.clearLog();

		const run = await runEnrich(fake, { operation: 'bulkEnrich', ...emails, ...waitingReveal }, inputs);
		expect(run.error).toBeUndefined();
		for (const item of run.items) {
			expect(jsonOf(item).apollo.phoneEnrichment).toMatchObject({ status: 'skipped' });
			expect(asyncResultOf(item)).toMatchObject({
				status: 'none',
				reason: 'phone_enrichment_skipped',
				requestId: jsonOf(item).apollo.requestId,
				message: expect.stringMatching(/^Apollo answered phone_enrichment.status "skipped": A phone reveal is already running/),
			});
		}
		expect(polls(fake)).toEqual([]);
		expect(hintsOf(run)).toEqual([expect.stringMatching(/^2 item\(s\) will get no phone or waterfall result/)]);
	});

	it('does not poll a waterfall Apollo did not accept', async () => {
		const fake = await startFake({ waterfallConfigured: false, webhook: QUICK_POLLS });
		const flags = { runWaterfallEmail: true, asyncResults: { webhookUrl: DEAD_WEBHOOK_URL, waitForResults: true } };
		const run = await runEnrich(fake, { operation: 'enrich', ...emails, ...flags }, [{ email: fake.directory[0].email }]);
		expect(run.error).toBeUndefined();
		expect(asyncResultOf(run.items[0])).toMatchObject({
			status: 'none',
			reason: 'waterfall_not_accepted',
			message: expect.stringMatching(/"failed": No waterfall template is configured/),
		});
		expect(polls(fake)).toEqual([]);
	});

	it("marks every request id when the poll route's daily limit is used up (Continue On Fail)", async () => {
		const fake = await startFake({ webhook: { delayMs: 30, ...QUICK_POLLS } });
		fake.injectFaults([
			{
				route: 'webhook_result',
				kind: 'status',
				status: 429,
				body: { message: 'The maximum number of api calls allowed for api/v1/webhook_result/show is 600 times per day.' },
				headers: { 'retry-after': '3600', 'x-24-hour-requests-left': '0' },
			},
		]);
		const people = withMobile(fake).slice(0, 4);
		const run = await runEnrich(
			fake,
			{ operation: 'bulkEnrich', ...emails, ...waitingReveal, tuning: { batchSize: 2 } },
			people.map((person) => ({ email: person.email })),
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		const requestIds = apolloCalls(fake, 'bulk_match').map((call) => call.requestId);
		run.items.forEach((item, index) => {
			expect(personOf(item).id).toBe(people[index].id);
			expect(asyncResultOf(item)).toMatchObject({
				status: 'error',
				requestId: requestIds[Math.floor(index / 2)],
				reason: 'daily_limit_exhausted',
				message: expect.stringMatching(/^Apollo's daily API limit is used up/),
			});
		});
		// The second id's poll was never sent.
		expect(polls(fake)).toEqual([[requestIds[0], 429]]);
	});

	describe('a poll error (here: an expired request id) belongs to its request id', () => {
		async function runWithExpiredFirstId(continueOnFail: boolean) {
			const fake = await startFake({ webhook: { delayMs: 30, ...QUICK_POLLS } });
			// The first poll of the run is the first chunk's, sent alone while the rate-limit
			// scheduler learns the headers; it gets Apollo's 410.
			fake.injectFaults([
				{ route: 'webhook_result', kind: 'status', status: 410, body: { error_code: 'request_id_expired' } },
			]);
			const people = withMobile(fake).slice(0, 4);
			const run = await runEnrich(
				fake,
				{ operation: 'bulkEnrich', ...emails, ...waitingReveal, tuning: { batchSize: 2 } },
				people.map((person) => ({ email: person.email })),
				{ continueOnFail },
			);
			const requestIds = apolloCalls(fake, 'bulk_match').map((call) => call.requestId as string);
			return { fake, run, people, requestIds };
		}

		it('with Continue On Fail: marks that chunk\'s items, keeps their enrichment, delivers the rest', async () => {
			const { fake, run, people, requestIds } = await runWithExpiredFirstId(true);
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			for (const index of [0, 1]) {
				const item = run.items[index];
				expect(personOf(item).id).toBe(people[index].id);
				expect(jsonOf(item).apollo.matched).toBe(true);
				expect(asyncResultOf(item)).toMatchObject({
					status: 'error',
					requestId: requestIds[0],
					reason: 'request_id_expired',
					message: expect.stringMatching(/^This request ID has expired: .*30 days/),
				});
			}
			for (const index of [2, 3]) {
				const meta = asyncResultOf(run.items[index]);
				expect(meta).toMatchObject({ status: 'delivered', requestId: requestIds[1] });
				expect(meta.phoneNumbers[0].number).toBe(people[index].mobile_phone?.sanitized_number);
			}
			// The failed id is not polled again.
			expect(polls(fake).filter(([id]) => id === requestIds[0])).toEqual([[requestIds[0], 410]]);
			expect(hintsOf(run)).toEqual([expect.stringMatching(/could not be fetched for 2 item\(s\)/)]);
		});

		it('without Continue On Fail: stops the node with the error, and says the enrichment itself was done', async () => {
			const { fake, run, requestIds } = await runWithExpiredFirstId(false);
			expect(run.items).toEqual([]);
			expect(run.error?.message).toBe(`This request ID has expired: ${requestIds[0]}`);
			expect(run.error?.description).toMatch(/30 days/);
			expect(run.error?.description).toMatch(/The enrichment itself succeeded for 4 item\(s\)/);
			// Nothing is polled after the failure: only a poll already in flight may finish.
			const sent = polls(fake);
			expect(sent[0]).toEqual([requestIds[0], 410]);
			expect(new Set(sent.map(([id]) => id)).size).toBe(sent.length);
		});
	});
});

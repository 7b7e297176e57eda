import type { IDataObject } from 'n8n-workflow';

import { startReceiver, type Receiver } from '../fake-apollo/test-helpers';
import { apolloCalls, fakePerTest, jsonOf, runEnrich } from './support';
import {
	asyncResultOf,
	DEAD_WEBHOOK_URL,
	hintsOf,
	personOf,
	polls,
	QUICK_POLLS,
	withMobile,
	withoutMobile,
} from './waitSupport';

const emails = { email: '={{ $json.email }}' };

describe('Person → Wait for Results: waiting, merging, timing out', () => {
	const startFake = fakePerTest();

	it('polls each chunk\'s request id until the delivery lands, and merges the phones into each person', async () => {
		// Each result is held until it has been polled once: the first poll finds nothing yet.
		const fake = await startFake({ webhook: { delayMs: 0, deliverAfterPolls: 1, ...QUICK_POLLS } });
		const [a, b, c, d] = withMobile(fake);
		const [noMobile] = withoutMobile(fake);
		const inputs = [a, b, noMobile, c, { email: 'nobody@nowhere.example' }, d, b].map((person) => ({
			email: person.email,
		}));
		const run = await runEnrich(
			fake,
			{
				operation: 'bulkEnrich',
				...emails,
				revealPhoneNumber: true, asyncResults: { webhookUrl: DEAD_WEBHOOK_URL, waitForResults: true, maxWaitSeconds: 30 }, tuning: { batchSize: 2 },
			},
			inputs,
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));

		// Six distinct people in chunks of 2: three calls, three request ids, each polled until 200.
		const requestIds = apolloCalls(fake, 'bulk_match').map((call) => call.requestId);
		expect(requestIds).toHaveLength(3);
		expect(new Set(requestIds).size).toBe(3);
		for (const requestId of requestIds) {
			const statuses = polls(fake).filter(([id]) => id === requestId).map(([, status]) => status);
			expect(statuses[0]).toBe(404);
			expect(statuses[statuses.length - 1]).toBe(200);
		}

		const expected = [a, b, noMobile, c, null, d, b];
		run.items.forEach((item, index) => {
			const person = expected[index];
			const meta = asyncResultOf(item);
			if (person === null) {
				expect(jsonOf(item).apollo.matched).toBe(false);
				expect(meta).toMatchObject({ status: 'none', reason: 'no_match' });
				return;
			}
			expect(personOf(item).id).toBe(person.id);
			expect(meta).toMatchObject({
				status: 'delivered',
				requestId: jsonOf(item).apollo.requestId,
				personInResult: true,
				webhookStatus: 'failed',
				requestType: 'phone',
			});
			// The fake could not POST to the dead URL; polling got the result anyway.
			expect(meta.message).toMatch(/could not POST the result to the Webhook URL/);
			expect(meta.polls).toBeGreaterThanOrEqual(2);
			const mobile = person.mobile_phone?.sanitized_number;
			expect(meta.phoneNumbers.map((phone) => phone.number)).toEqual(mobile ? [mobile] : []);
			expect((personOf(item).phone_numbers ?? []).map((phone) => phone.sanitized_number)).toEqual(mobile ? [mobile] : []);
			if (mobile) expect(meta.phoneNumbers[0]).toMatchObject({ type: 'mobile', status: 'valid_number' });
		});

		// The repeated input shares item 1's lookup but has its own copies of the merged data.
		expect(jsonOf(run.items[6]).apollo.dedupe).toMatchObject({ sharedWithItem: 1 });
		expect(personOf(run.items[6]).phone_numbers).toEqual(personOf(run.items[1]).phone_numbers);
		expect(personOf(run.items[6]).phone_numbers).not.toBe(personOf(run.items[1]).phone_numbers);
		expect(asyncResultOf(run.items[6]).phoneNumbers).not.toBe(asyncResultOf(run.items[1]).phoneNumbers);
	});

	it('fills the email the email waterfall left out (Enrich, delivered to a live webhook too)', async () => {
		const fake = await startFake({ webhook: { delayMs: 30, ...QUICK_POLLS } });
		const receiver: Receiver = await startReceiver();
		try {
			const [a, b] = fake.directory;
			const run = await runEnrich(
				fake,
				{ operation: 'enrich', ...emails, runWaterfallEmail: true, asyncResults: { webhookUrl: receiver.url, waitForResults: true } },
				[{ email: a.email }, { email: b.email }],
			);
			expect(run.error).toBeUndefined();
			expect(apolloCalls(fake, 'match')).toHaveLength(2);
			[a, b].forEach((person, index) => {
				const item = run.items[index];
				expect(jsonOf(item).apollo.waterfall).toMatchObject({ status: 'accepted' });
				expect(personOf(item)).toMatchObject({ id: person.id, email: person.email, email_status: 'verified' });
				expect(asyncResultOf(item)).toMatchObject({
					status: 'delivered',
					webhookStatus: 'success',
					requestType: 'waterfall',
					message: null,
					emails: [{ email: person.email, status: 'Verified', source: 'waterfall', position: 0 }],
					phoneNumbers: [],
				});
				expect(item.pairedItem).toEqual({ item: index });
			});
			// Both ways work at once: the webhook received the same results.
			expect(receiver.received.length).toBeGreaterThanOrEqual(2);
		} finally {
			await receiver.close();
		}
	});

	it('reports items still pending at Max Wait, with their request id, and never drops them', async () => {
		const fake = await startFake({ webhook: { delayMs: 60_000, ...QUICK_POLLS } });
		const people = withMobile(fake).slice(0, 3);
		const run = await runEnrich(
			fake,
			{
				operation: 'bulkEnrich',
				...emails,
				revealPhoneNumber: true, asyncResults: { webhookUrl: DEAD_WEBHOOK_URL, waitForResults: true, maxWaitSeconds: 2 },
			},
			people.map((person) => ({ email: person.email })),
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(3);
		const requestId = apolloCalls(fake, 'bulk_match')[0].requestId;
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(personOf(item).id).toBe(people[index].id);
			const meta = asyncResultOf(item);
			expect(meta).toMatchObject({ status: 'pending', requestId, phoneNumbers: [], emails: [] });
			expect(meta.polls).toBeGreaterThanOrEqual(1);
			expect(typeof meta.waitedSeconds).toBe('number');
			expect(meta.message).toMatch(/Get Webhook Result/);
		});
		expect(polls(fake).every(([id, status]) => id === requestId && status === 404)).toBe(true);
		expect(hintsOf(run)).toEqual([expect.stringMatching(/^3 item\(s\) were still waiting for Apollo's results/)]);
	});

	it('does nothing extra without an async option, and says so', async () => {
		const fake = await startFake();
		const run = await runEnrich(
			fake,
			{ operation: 'enrich', ...emails, asyncResults: { waitForResults: true } },
			[{ email: fake.directory[0].email }],
		);
		expect(run.error).toBeUndefined();
		expect(jsonOf(run.items[0]).apollo).not.toHaveProperty('asyncResult');
		expect(polls(fake)).toEqual([]);
		expect(hintsOf(run)).toEqual([expect.stringMatching(/Wait for Results has nothing to wait for/)]);
	});

	it('still needs a Webhook URL or Poll Only, and says so before any call', async () => {
		const fake = await startFake();
		const parameters: IDataObject = { operation: 'enrich', ...emails, revealPhoneNumber: true, asyncResults: { waitForResults: true } };
		const run = await runEnrich(fake, parameters, [{ email: fake.directory[0].email }]);
		expect(run.error?.message).toBe('Reveal Phone Number needs a Webhook URL [item 0]');
		expect(run.error?.description).toMatch(/Poll Only/);
		expect(apolloCalls(fake)).toHaveLength(0);
	});
});

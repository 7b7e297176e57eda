import type { FakeApollo } from '../fake-apollo';
import { startReceiver } from '../fake-apollo/test-helpers';
import { oncePerFile } from '../support/lifecycle';
import { apolloCalls, jsonOf, runEnrich, useFakeApollo } from './support';

const poll = (fake: FakeApollo, requestId: string, continueOnFail = false) =>
	runEnrich(fake, { operation: 'getWebhookResult', requestId }, [{}], { continueOnFail });

describe('Person → Get Webhook Result', () => {
	// Held until polled once: the first poll finds the result pending, whatever the timing.
	const fake = useFakeApollo({ webhook: { delayMs: 0, deliverAfterPolls: 1, repeats: 2, repeatDelayMs: 10 } });
	/** A stand-in webhook receiver that just acknowledges Apollo's deliveries. */
	const receiver = oncePerFile(startReceiver);

	it('round-trips the exact request id: pending first, then the delivered phone numbers', async () => {
		const enriched = await runEnrich(
			fake(),
			{
				operation: 'bulkEnrich',
				email: '={{ $json.email }}',
				revealPhoneNumber: true, asyncResults: { webhookUrl: receiver().url },
			},
			[{ email: fake().directory[0].email }, { email: fake().directory[1].email }],
		);
		const requestId = jsonOf(enriched.items[0]).apollo.requestId as string;
		expect(requestId).toBe(apolloCalls(fake(), 'bulk_match')[0].requestId);
		expect(jsonOf(enriched.items[0]).apollo.phoneEnrichment).toMatchObject({ status: 'pending' });
		// What a plain JSON.parse would have produced instead: a different, unknown id.
		const rounded = String(Number(requestId));
		expect(rounded).not.toBe(requestId);

		const pending = await poll(fake(), '={{ "' + requestId + '" }}');
		expect(pending.items[0].json).toMatchObject({ requestId, status: 'pending', pending: true, retryAfterSeconds: 10 });

		await fake().waitForDeliveries(1, 5_000);
		const done = await poll(fake(), requestId);
		expect(done.items[0].json).toMatchObject({ requestId, status: 'success', pending: false, requestType: 'phone' });
		const result = done.items[0].json.result as { people: Array<{ id: string; phone_numbers: unknown[] }> };
		expect(result.people.map((person) => person.id)).toEqual([fake().directory[0].id, fake().directory[1].id]);
		expect(result.people[0].phone_numbers.length).toBeGreaterThan(0);
		expect(done.items[0].pairedItem).toEqual({ item: 0 });

		const wrong = await poll(fake(), rounded);
		expect(wrong.error?.message).toBe(`Apollo does not know this request ID: ${rounded} [item 0]`);

		// The receiver got the same payload, once per delivery attempt (repeats included).
		await fake().waitForDeliveries(3, 5_000);
		expect(receiver().received.length).toBeGreaterThanOrEqual(3);
	});

	it('explains expired and invalid ids, and checks the id before calling Apollo', async () => {
		const enriched = await runEnrich(
			fake(),
			{ operation: 'enrich', email: fake().directory[2].email, runWaterfallPhone: true, asyncResults: { webhookUrl: receiver().url } },
			[{}],
		);
		const requestId = jsonOf(enriched.items[0]).apollo.requestId as string;
		fake().expireRequest(requestId);
		const expired = await poll(fake(), requestId);
		expect(expired.error?.message).toBe(`This request ID has expired: ${requestId} [item 0]`);
		expect(expired.error?.description).toMatch(/30 days/);

		fake().clearLog();
		const notAnId = await poll(fake(), 'abc');
		expect(notAnId.error?.message).toBe('Request ID "abc" is not an Apollo request ID [item 0]');
		const empty = await poll(fake(), '={{ $json.request_id }}');
		expect(empty.error?.message).toBe('Request ID is empty [item 0]');
		const lostDigits = await poll(fake(), '={{ 1039995589705121901 }}');
		expect(lostDigits.error?.message).toMatch(/has lost digits \[item 0\]$/);
		expect(apolloCalls(fake())).toHaveLength(0);

		const kept = await poll(fake(), 'abc', true);
		expect(kept.items[0].json.error).toBe('Request ID "abc" is not an Apollo request ID [item 0]');
		expect(kept.items[0].pairedItem).toEqual({ item: 0 });
	});
});

/**
 * Options → Max Credits per Run: a call whose worst case (Apollo's pricing: 1 per person found, 8
 * more per mobile revealed) could pass the cap is not sent; its items come out flagged. Checked
 * against the fake Apollo's own charges, with 8 calls in flight.
 */
import type { FakeApollo } from '../fake-apollo';
import type { IDataObject } from 'n8n-workflow';

import { DEAD_WEBHOOK_URL } from './waitSupport';
import { apolloCalls, hintsOf, MAPPED_IDENTIFIERS, runEnrich, useFakeApollo } from './support';

function found(fake: FakeApollo, count: number): IDataObject[] {
	return fake.directory.slice(0, count).map((person) => ({ email: person.email }));
}


describe('Person: Max Credits per Run', () => {
	const fake = useFakeApollo({ latencyMs: 20, jitterMs: 20, webhook: { delayMs: 0, repeats: 0 }, rateLimits: { minute: { limit: 1000 } } });

	it('never passes the cap with 8 calls in flight, and flags what it held back', async () => {
		const inputs = found(fake(), 60);
		const run = await runEnrich(
			fake(),
			{ operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS, options: { maxCreditsPerRun: 25 }, tuning: { maxConcurrentRequests: 8 } },
			inputs,
		);
		expect(run.error).toBeUndefined();
		expect(fake().creditsCharged()).toBeLessThanOrEqual(25);
		expect(fake().creditsCharged()).toBe(20);
		const held = run.items.filter((item) => item.json.skipped === 'credit_cap');
		expect(held).toHaveLength(40);
		expect(run.items.map((item) => item.pairedItem)).toEqual(inputs.map((_, index) => ({ item: index })));
		expect(hintsOf(run).join('\n')).toMatch(/40 item\(s\) were not sent: their calls could have passed Options → Max Credits per Run \(25\)/);
	});

	it('counts 9 credits a person with Reveal Phone Number, and the mobiles Apollo charges later stay within the cap', async () => {
		const inputs = found(fake(), 30);
		const run = await runEnrich(
			fake(),
			{
				operation: 'enrich',
				...MAPPED_IDENTIFIERS,
				revealPhoneNumber: true,
				asyncResults: { webhookUrl: DEAD_WEBHOOK_URL },
				options: { maxCreditsPerRun: 40 },
				tuning: { maxConcurrentRequests: 8 },
			},
			inputs,
		);
		expect(run.error).toBeUndefined();
		expect(apolloCalls(fake(), 'match')).toHaveLength(4);
		expect(fake().creditsCharged()).toBeLessThanOrEqual(40);
		expect(run.items.filter((item) => item.json.skipped === 'credit_cap')).toHaveLength(26);
	});

	it('misses cost nothing, so a call waits for the calls in flight before it is held back', async () => {
		const misses = Array.from({ length: 30 }, (_, index) => ({ email: `nobody.${index}@nowhere.example` }));
		const run = await runEnrich(
			fake(),
			{ operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS, options: { maxCreditsPerRun: 10 }, tuning: { maxConcurrentRequests: 8 } },
			misses,
		);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(3);
		expect(run.items.every((item) => item.json.skipped === null)).toBe(true);
	});

	it('refuses a waterfall before any call: Apollo does not publish what its vendors charge', async () => {
		const run = await runEnrich(
			fake(),
			{ operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS, runWaterfallEmail: true, asyncResults: { webhookUrl: DEAD_WEBHOOK_URL }, options: { maxCreditsPerRun: 100 } },
			found(fake(), 3),
		);
		expect(run.error?.message).toMatch(/Max Credits per Run cannot bound a waterfall \[item 0\]/);
		expect(apolloCalls(fake())).toEqual([]);
	});
});

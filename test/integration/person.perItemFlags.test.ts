/**
 * Reveal and waterfall flags per item: items are grouped by their flags into their own calls, so
 * a list where most people already have a phone pays the mobile price only for the rest.
 */
import type { FakeApollo } from '../fake-apollo';
import type { IDataObject } from 'n8n-workflow';

import { DEAD_WEBHOOK_URL } from './waitSupport';
import { apolloCalls, runEnrich, useFakeApollo } from './support';

describe('Person: reveal flags per item', () => {
	const fake = useFakeApollo({ latencyMs: 5, webhook: { delayMs: 0, repeats: 0 }, rateLimits: { minute: { limit: 1000 } } });

	// 25 people; 15 (60%) already have a phone in the sheet.
	const list = (fake_: FakeApollo): IDataObject[] =>
		fake_.directory.slice(0, 25).map((person, index) => ({ email: person.email, phone: index % 5 < 3 ? '+1 555 0100' : '' }));

	const PER_ITEM = {
		operation: 'bulkEnrich',
		email: '={{ $json.email }}',
		revealPhoneNumber: '={{ !$json.phone }}',
		asyncResults: { webhookUrl: DEAD_WEBHOOK_URL },
	};

	it('groups items by their flags: ceil(n/10) calls per group, the reveal only where asked', async () => {
		const inputs = list(fake());
		const run = await runEnrich(fake(), PER_ITEM, inputs);
		expect(run.error).toBeUndefined();
		const calls = apolloCalls(fake(), 'bulk_match');
		const withReveal = calls.filter((call) => call.query.reveal_phone_number === 'true');
		const without = calls.filter((call) => call.query.reveal_phone_number === undefined);
		expect(withReveal.map((call) => call.detailsCount)).toEqual([10]);
		expect(without.map((call) => call.detailsCount)).toEqual([10, 5]);
		expect(without.every((call) => call.query.webhook_url === undefined)).toBe(true);
		// Each item still gets its own person, in its place.
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect((item.json.person as { email: string }).email).toBe(inputs[index].email);
		});
	});

	it('pays the mobile price for the 40% only, against revealing for everyone', async () => {
		const inputs = list(fake());
		await runEnrich(fake(), PER_ITEM, inputs);
		await fake().waitForDeliveries(1);
		const perItem = fake().creditsCharged();

		fake().clearLog();
		await runEnrich(fake(), { ...PER_ITEM, revealPhoneNumber: true }, inputs);
		await fake().waitForDeliveries(3);
		const everyone = fake().creditsCharged();
		expect(perItem).toBeLessThan(everyone);
	});

	it('asks for a Webhook URL only for the items that need one, before any call', async () => {
		const run = await runEnrich(fake(), { ...PER_ITEM, asyncResults: {} }, list(fake()));
		// Item 3 is the first without a phone.
		expect(run.error?.message).toMatch(/Reveal Phone Number needs a Webhook URL \[item 3\]|Reveal Phone Number needs a Webhook URL \(item 3\)/);
		expect(apolloCalls(fake())).toEqual([]);
	});
});

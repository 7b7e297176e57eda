import type { IDataObject } from 'n8n-workflow';

import { jsonOf, runEnrich, withFake } from '../integration/support';
import { oncePerFile } from '../support/lifecycle';
import { startTrigger } from './support';

describe('The pair: Apollo Enrich with Reveal Phone Number → fake Apollo → Apollo Webhook Trigger', () => {
	// Every delivery is sent three times, two of the copies at the same moment as the first.
	const fake = oncePerFile(async () => await withFake({ webhook: { delayMs: 50, repeats: 2, repeatDelayMs: 5, concurrentRepeats: true } }));
	const trigger = oncePerFile(async () => await startTrigger());

	it('emits each revealed person exactly once, however often Apollo delivers', async () => {
		const people = fake().directory.slice(0, 12);
		const enriched = await runEnrich(
			fake(),
			{
				operation: 'bulkEnrich',
				email: '={{ $json.email }}',
				// The URL exactly as the trigger shows it (the secret is its last segment).
				revealPhoneNumber: true, asyncResults: { webhookUrl: trigger().productionUrl() },
			},
			people.map((person) => ({ email: person.email })),
		);
		expect(enriched.error).toBeUndefined();
		const requestIds = new Set(enriched.items.map((item) => jsonOf(item).apollo.requestId));
		expect(requestIds.size).toBe(2);

		// 2 calls → 2 deliveries, each POSTed 3 times.
		await fake().waitForDeliveries(6, 10_000);
		await trigger().idle();
		expect(fake().deliveries.filter((delivery) => delivery.status === 200)).toHaveLength(6);
		expect(trigger().executions).toHaveLength(2);

		const emitted = trigger().executions.flatMap((execution) => execution.items.map((item) => item.json as IDataObject));
		const emittedIds = emitted.map((item) => item.apolloPersonId);
		expect(new Set(emittedIds).size).toBe(emittedIds.length);
		expect(emittedIds.sort()).toEqual(people.map((person) => person.id).sort());
		// Joinable with the Enrich output on the Apollo person id.
		const enrichedIds = enriched.items.map((item) => jsonOf(item).person?.id);
		expect(enrichedIds.sort()).toEqual(emittedIds.sort());
		const withPhones = emitted.filter((item) => (item.phoneNumbers as unknown[]).length > 0);
		expect(withPhones.length).toBe(people.filter((person) => person.mobile_phone !== null).length);
	});
});

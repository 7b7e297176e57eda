import { formatTable, ITEM_COUNT, runScenario, SCENARIOS, type FaultRow } from './scenarios';

describe('Apollo Enrich under injected faults (through n8n-core, fake Apollo)', () => {
	const rows: FaultRow[] = [];
	afterAll(() => {
		console.log(`Fault injection, Bulk Enrich of ${ITEM_COUNT} distinct people:\n${formatTable(rows)}`);
	});

	it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s: every item accounted for, nothing re-sent', async (_name, scenario) => {
		const { row, stopMessage } = await runScenario(scenario);
		rows.push(row);
		expect(row.itemsLost).toBe(0);
		expect(row.enriched + row.noMatch + row.errors).toBe(ITEM_COUNT);
		expect(row.resentAfter2xx).toBe(0);
		if (scenario.expectStop) {
			expect(stopMessage).toBeDefined();
			expect(row.errors).toBeGreaterThan(0);
		} else {
			expect(stopMessage).toBeUndefined();
			expect(row.errors).toBe(0);
			expect(row.answered2xx).toBe(ITEM_COUNT / 10);
		}
	}, 120_000);
});

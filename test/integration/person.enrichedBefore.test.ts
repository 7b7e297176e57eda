/**
 * Options → Skip People Enriched Before: n8n's deduplication store (here the harness's in-memory
 * port of it) remembers each lookup Apollo answered, chunk by chunk, and later runs skip those
 * people without a call.
 */
import type { FakeApollo } from '../fake-apollo';
import type { IDataObject } from 'n8n-workflow';

import { harnessDeduplication } from '../harness';
import { apolloCalls, hintsOf, MAPPED_IDENTIFIERS, runEnrich, summaryOf, useFakeApollo } from './support';

const DAY = 86_400_000;
const REMEMBER = { skipEnrichedWithinDays: 30 };
const BULK = { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS, options: REMEMBER };

function people(fake: FakeApollo, count: number, misses = 0): IDataObject[] {
	const found = fake.directory.slice(0, count).map((person) => ({ email: person.email }));
	const missing = Array.from({ length: misses }, (_, index) => ({ email: `nobody.${index}@nowhere.example` }));
	return [...found, ...missing];
}

function sentDetails(fake: FakeApollo): number {
	return apolloCalls(fake, 'bulk_match').reduce((sum, call) => sum + (call.detailsCount ?? 0), 0);
}

describe('Person: Skip People Enriched Before (memory across runs)', () => {
	const fake = useFakeApollo({ latencyMs: 5, rateLimits: { minute: { limit: 1000 } } });
	beforeEach(() => {
		harnessDeduplication.clear();
	});
	afterEach(() => jest.restoreAllMocks());

	it('a second run of the same list makes no call and spends no credit, misses included', async () => {
		const inputs = people(fake(), 10, 2);
		const first = await runEnrich(fake(), BULK, inputs);
		expect(first.error).toBeUndefined();
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(2);

		fake().clearLog();
		const second = await runEnrich(fake(), BULK, inputs);
		expect(second.error).toBeUndefined();
		expect(apolloCalls(fake())).toEqual([]);
		expect(fake().creditsCharged()).toBe(0);
		expect(second.items).toHaveLength(12);
		second.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ matched: false, skipped: 'enriched_before', credits: 0, lookedUpBy: `email=${String(inputs[index].email)}` });
		});
		const hints = [summaryOf(second) ?? '', ...hintsOf(second)];
		expect(hints.join('\n')).toMatch(/12 skipped \(enriched in an earlier run\)/);
	});

	it('remembers chunk by chunk: a run stopped after 3 of 10 chunks is re-run for the other 7 only', async () => {
		const inputs = people(fake(), 70).concat(people(fake(), 30).map((_, index) => ({ email: `extra.${index}@acme-robotics.example` })));
		fake().injectFaults([{ route: 'bulk_match', kind: 'status', status: 500, skip: 3 }]);
		const sequential = { ...BULK, tuning: { maxConcurrentRequests: 1 } };
		const crashed = await runEnrich(fake(), sequential, inputs);
		expect(crashed.error).toBeDefined();
		expect(apolloCalls(fake(), 'bulk_match').filter((call) => call.status === 200)).toHaveLength(3);

		fake().clearLog();
		const rerun = await runEnrich(fake(), sequential, inputs);
		expect(rerun.error).toBeUndefined();
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(7);
		expect(sentDetails(fake())).toBe(70);
		expect(rerun.items.slice(0, 30).every((item) => item.json.skipped === 'enriched_before')).toBe(true);
		expect(rerun.items.slice(30).every((item) => item.json.skipped === null)).toBe(true);
	});

	it('asks Apollo again once the window is over, or when other reveals are asked for', async () => {
		const inputs = people(fake(), 5);
		await runEnrich(fake(), BULK, inputs);

		fake().clearLog();
		await runEnrich(fake(), { ...BULK, revealPersonalEmails: true }, inputs);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(1);

		fake().clearLog();
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + 46 * DAY);
		await runEnrich(fake(), BULK, inputs);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(1);
	});

	it("knows a person by the Apollo id found for them, whatever they were first looked up by", async () => {
		const person = fake().directory[3];
		await runEnrich(fake(), BULK, [{ email: person.email }]);
		fake().clearLog();
		const byId = await runEnrich(
			fake(),
			{ operation: 'bulkEnrich', additionalIdentifiers: { apolloId: '={{ $json.id }}' }, options: REMEMBER },
			[{ id: person.id }],
		);
		expect(apolloCalls(fake())).toEqual([]);
		expect(byId.items[0].json).toMatchObject({ skipped: 'enriched_before', lookedUpBy: `id=${person.id}` });
	});

	it('Forget Earlier Runs clears the memory first, then remembers the run as usual', async () => {
		const inputs = people(fake(), 5);
		await runEnrich(fake(), BULK, inputs);
		fake().clearLog();
		await runEnrich(fake(), { ...BULK, options: { ...REMEMBER, forgetEarlierRuns: true } }, inputs);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(1);
		fake().clearLog();
		await runEnrich(fake(), BULK, inputs);
		expect(apolloCalls(fake())).toEqual([]);
	});

	it('a check cut short is detected by the next run, which clears the memory instead of trusting it', async () => {
		const inputs = people(fake(), 5);
		await runEnrich(fake(), BULK, inputs);
		// What a check leaves behind when n8n dies between its two writes: the marker and the values.
		const [row] = [...harnessDeduplication.rows.values()];
		const { createHash } = await import('node:crypto');
		row.push(createHash('md5').update('apollo-enrich|check-in-progress').digest('base64'));
		fake().clearLog();
		const run = await runEnrich(fake(), BULK, inputs);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(1);
		const hints = [summaryOf(run) ?? '', ...hintsOf(run)];
		expect(hints.join('\n')).toMatch(/half-written/);
	});

	it('without the option, it neither reads nor writes the store', async () => {
		const calls = harnessDeduplication.calls;
		await runEnrich(fake(), { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS }, people(fake(), 3));
		expect(harnessDeduplication.calls).toBe(calls);
	});
});

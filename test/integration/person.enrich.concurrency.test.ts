/**
 * Enrich (one people/match call per person) with concurrent calls and repeats enriched once,
 * through n8n-core against the fake Apollo; and the one-call-at-a-time mode the benchmark's
 * baseline uses.
 */
import type { IDataObject } from 'n8n-workflow';

import { apolloCalls, jsonOf, MAPPED_IDENTIFIERS, runEnrich, useFakeApollo } from './support';

const ENRICH = { operation: 'enrich', ...MAPPED_IDENTIFIERS };

describe('Enrich under concurrency, through n8n-core against the fake Apollo', () => {
	const fake = useFakeApollo({ latencyMs: 0, jitterMs: 0 });

	const people = (n: number): IDataObject[] =>
		Array.from({ length: n }, (_, i) => ({ email: fake().directory[i]?.email ?? `unknown${i}@nowhere.example` }));

	it('keeps order, pairedItem and each request id when answers arrive out of order', async () => {
		fake().configure({ latencyMs: 5, jitterMs: 100 });
		const list = people(30);
		const { items, error } = await runEnrich(fake(), ENRICH, list);
		expect(error).toBeUndefined();
		const calls = apolloCalls(fake(), 'match');
		expect(calls).toHaveLength(30);
		const answerOrder = [...calls].sort((a, b) => (a.respondedAt ?? 0) - (b.respondedAt ?? 0));
		expect(answerOrder.map((call) => call.seq)).not.toEqual(calls.map((call) => call.seq));
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const call = calls.find((candidate) => candidate.query.email === list[index].email);
			expect(jsonOf(item).apollo.requestId).toBe(call?.requestId);
			expect(jsonOf(item).person?.email).toBe(list[index].email);
		});
	});

	it('calls Apollo once per distinct person and fans the result out', async () => {
		const distinct = people(8);
		const list = [...distinct, ...distinct.slice(0, 6), ...distinct.slice(0, 6).map((input) => ({ email: String(input.email).toUpperCase() }))];
		const { items } = await runEnrich(fake(), ENRICH, list);
		expect(apolloCalls(fake(), 'match')).toHaveLength(8);
		expect(items).toHaveLength(20);
		items.forEach((item, index) => {
			const first = index < 8 ? index : (index - 8) % 6;
			expect(item.pairedItem).toEqual({ item: index });
			expect(jsonOf(item).person?.id).toBe(fake().directory[first].id);
			expect(jsonOf(item).apollo.dedupe).toMatchObject({
				sharedWithItem: index < 8 ? null : first,
				run: { repeatedItems: 12, callsSaved: 12, creditsSaved: 12 },
			});
		});
	});

	it('with Max Concurrent Requests 1 and repeats sent, calls one at a time in input order', async () => {
		const list = [...people(4), ...people(4)];
		const settings = { options: { enrichRepeatedInputsOnce: false }, tuning: { maxConcurrentRequests: 1 } };
		const { items } = await runEnrich(fake(), { ...ENRICH, ...settings }, list);
		const calls = apolloCalls(fake(), 'match');
		expect(calls.map((call) => call.query.email)).toEqual(list.map((input) => input.email));
		// Each call was answered before the next one reached Apollo.
		calls.slice(1).forEach((call, index) => {
			expect(call.receivedAt).toBeGreaterThanOrEqual(calls[index].respondedAt ?? Number.POSITIVE_INFINITY);
		});
		expect(items.map((item) => jsonOf(item).apollo.dedupe)).toEqual(list.map(() => null));
	});
});

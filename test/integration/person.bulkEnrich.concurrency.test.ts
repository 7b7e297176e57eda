/**
 * Bulk Enrich with its defaults (concurrent calls, repeats enriched once), through n8n-core
 * against the fake Apollo. No assertion here depends on how long anything takes.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LoggedRequest } from '../fake-apollo';
import { apolloCalls, jsonOf, MAPPED_IDENTIFIERS, runEnrich, sentDetails, useFakeApollo } from './support';

const BULK = { operation: 'bulkEnrich', ...MAPPED_IDENTIFIERS };


/** Groups answered calls into the fake's fixed windows, by when each was admitted. */
function windowsOf(calls: LoggedRequest[], windowMs: number): LoggedRequest[][] {
	const windows: LoggedRequest[][] = [];
	let start = Number.NEGATIVE_INFINITY;
	const admitted = calls.filter((call) => call.status === 200).sort((a, b) => (a.respondedAt ?? 0) - (b.respondedAt ?? 0));
	for (const call of admitted) {
		const at = call.respondedAt ?? 0;
		if (at >= start + windowMs) {
			windows.push([]);
			start = at;
		}
		windows[windows.length - 1].push(call);
	}
	return windows;
}

describe('Bulk Enrich under concurrency, through n8n-core against the fake Apollo', () => {
	const fake = useFakeApollo({ latencyMs: 0, jitterMs: 0, rateLimits: { minute: { limit: 1000 } } });

	/** n different people: the directory's, by email, LinkedIn or name, then unknown emails. */
	const distinct = (n: number): IDataObject[] =>
		Array.from({ length: n }, (_, i) => {
			const person = fake().directory[i];
			if (person === undefined) return { email: `unknown${i}@nowhere.example` };
			if (i % 5 === 1) return { linkedin_url: person.linkedin_url };
			if (i % 5 === 2) {
				return { first_name: person.first_name, last_name: person.last_name, domain: person.organization.primary_domain };
			}
			return { email: person.email };
		});

	it('keeps order, pairedItem and mapping when answers arrive out of order', async () => {
		fake().configure({ latencyMs: 5, jitterMs: 120 });
		const list = distinct(95);
		const { items, error } = await runEnrich(fake(), BULK, list);
		expect(error).toBeUndefined();

		const calls = apolloCalls(fake(), 'bulk_match');
		expect(calls.map((call) => call.detailsCount).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([5, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
		const answerOrder = [...calls].sort((a, b) => (a.respondedAt ?? 0) - (b.respondedAt ?? 0));
		expect(answerOrder.map((call) => call.seq)).not.toEqual(calls.map((call) => call.seq));

		expect(items).toHaveLength(95);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const output = jsonOf(item);
			const person = fake().directory[index];
			if (person === undefined) expect(output.person).toBeNull();
			else expect(output.person?.id).toBe(person.id);
			// The item's meta comes from the call that carried it, at its position in that call.
			const call = calls.find((candidate) => candidate.requestId === output.apollo.requestId);
			const batch = Math.floor(index / 10);
			expect(output.apollo.call).toMatchObject({ batchNumber: batch + 1, batchSize: call?.detailsCount });
			const sent = sentDetails(call as LoggedRequest)[index % 10];
			const identifier = list[index].email ?? list[index].linkedin_url ?? list[index].last_name;
			expect(Object.values(sent)).toContain(identifier);
		});
	});

	it('enriches repeated inputs once and gives every repeat the result, with its own pairedItem', async () => {
		const unique = distinct(25);
		const shout = (input: IDataObject): IDataObject =>
			Object.fromEntries(Object.entries(input).reverse().map(([key, value]) => [key, String(value).toUpperCase()]));
		// 25 people, then each again in capitals and reversed key order, then 10 of them a third time.
		const list = [...unique, ...unique.map(shout), ...unique.slice(0, 10)];
		const { items, error } = await runEnrich(fake(), BULK, list);
		expect(error).toBeUndefined();

		const calls = apolloCalls(fake(), 'bulk_match');
		expect(calls).toHaveLength(Math.ceil(25 / 10));
		expect(calls.reduce((sum, call) => sum + (call.detailsCount ?? 0), 0)).toBe(25);
		expect(items).toHaveLength(60);
		const matchedRepeats = list.slice(25).filter((_, offset) => fake().directory[offset % 25] !== undefined).length;
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const first = index % 25;
			const output = jsonOf(item);
			expect(output.person?.id).toBe(fake().directory[first].id);
			expect(output.apollo.dedupe).toEqual({
				sharedWithItem: index < 25 ? null : first,
				run: { repeatedItems: 35, callsSaved: Math.ceil(60 / 10) - 3, creditsSaved: matchedRepeats },
			});
			if (index >= 25) {
				expect(output.person).toEqual(jsonOf(items[first]).person);
				expect(output.person).not.toBe(jsonOf(items[first]).person);
			}
		});
	});

	it('sends every repeat when Enrich Repeated Inputs Once is off', async () => {
		const list = [...distinct(5), ...distinct(5)];
		const { items } = await runEnrich(fake(), { ...BULK, options: { enrichRepeatedInputsOnce: false }, tuning: { batchSize: 5 } }, list);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(2);
		expect(items.map((item) => jsonOf(item).apollo.dedupe)).toEqual(list.map(() => null));
	});

	it('paces calls by the rate-limit headers: a 429 only in the first window, no chunk sent twice', async () => {
		const windowMs = 1_500;
		fake().configure({ latencyMs: 20, rateLimits: { minute: { limit: 4, windowMs } } });
		const { items, error } = await runEnrich(fake(), BULK, distinct(100));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(100);

		const calls = apolloCalls(fake(), 'bulk_match');
		const answered = calls.filter((call) => call.status === 200);
		expect(answered).toHaveLength(10);
		expect(new Set(answered.map((call) => JSON.stringify(sentDetails(call)))).size).toBe(10);
		// Eight may be in flight, yet each window got exactly its 4 calls.
		const windows = windowsOf(calls, windowMs);
		expect(windows.map((window) => window.length)).toEqual([4, 4, 2]);
		// The one probe that learns when windows reset; after that, the scheduler waits instead.
		const rejected = calls.filter((call) => call.status === 429);
		expect(rejected).toHaveLength(1);
		expect(rejected[0].seq).toBeLessThan(windows[1][0].seq);
		expect(calls.every((call) => call.status === 200 || call.status === 429)).toBe(true);
	});

	it('stops cleanly on the daily limit, naming what was and was not enriched', async () => {
		fake().configure({ rateLimits: { minute: { limit: 1000 }, day: { limit: 5 } } });
		const failed = await runEnrich(fake(), BULK, distinct(100));
		expect(failed.error?.message).toBe("Apollo's daily API limit is used up");
		expect(failed.error?.description).toMatch(/50 item\(s\) were enriched by calls sent before this failure was known/);
		expect(failed.error?.description).toMatch(/Not enriched: items 50–99 \(50 in all\)/);
		expect(apolloCalls(fake(), 'bulk_match').map((call) => call.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);

		fake().clearLog();
		fake().resetWindows();
		const kept = await runEnrich(fake(), BULK, distinct(100), { continueOnFail: true });
		expect(kept.items).toHaveLength(100);
		expect(kept.items.map((item) => item.pairedItem)).toEqual(kept.items.map((_, item) => ({ item })));
		expect(kept.items.slice(0, 50).every((item) => !item.json.error)).toBe(true);
		expect(kept.items.slice(50).every((item) => item.json.error === "Apollo's daily API limit is used up")).toBe(true);
		expect(apolloCalls(fake(), 'bulk_match')).toHaveLength(6);
	});

	it('fails the calls behind a reset longer than Max Rate Limit Wait without sending them', async () => {
		fake().configure({ rateLimits: { minute: { limit: 2, windowMs: 5_000 } } });
		const tuning = { maxRateLimitWaitSeconds: 1 };
		const { items } = await runEnrich(fake(), { ...BULK, tuning }, distinct(60), { continueOnFail: true });
		expect(items).toHaveLength(60);
		expect(items.slice(0, 20).every((item) => !item.json.error)).toBe(true);
		// The probe that met the 429, then every chunk that would have had to wait.
		expect(items.slice(20).every((item) => /longer than this node waits$/.test(String(item.json.error)))).toBe(true);
		expect(String(items[20].json.description)).toMatch(/Nothing was billed for the rejected call/);
		expect(String(items[59].json.description)).toMatch(/This call was not sent/);
		expect(apolloCalls(fake(), 'bulk_match').map((call) => call.status)).toEqual([200, 200, 429]);
	});

	it('with Continue On Fail, fails only the chunk that failed, and does not re-send it', async () => {
		fake().configure({ latencyMs: 5, jitterMs: 30 });
		fake().injectFaults([{ route: 'bulk_match', kind: 'status', status: 500, skip: 3 }]);
		const { items } = await runEnrich(fake(), BULK, distinct(100), { continueOnFail: true });
		expect(items).toHaveLength(100);
		expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const failed = items.map((item, index) => (item.json.error ? index : -1)).filter((index) => index >= 0);
		expect(failed).toHaveLength(10);
		expect(failed).toEqual(Array.from({ length: 10 }, (_, offset) => failed[0] + offset));
		expect(failed[0] % 10).toBe(0);
		expect(items[failed[0]].json.httpCode).toBe('500');
		const calls = apolloCalls(fake(), 'bulk_match');
		expect(calls).toHaveLength(10);
		expect(calls.filter((call) => call.status === 500)).toHaveLength(1);
	});

	it('without Continue On Fail, stops sending at the first failure and says what was done', async () => {
		fake().configure({ latencyMs: 10 });
		fake().injectFaults([{ route: 'bulk_match', kind: 'status', status: 422, skip: 3, body: { error: 'Unprocessable' } }]);
		const { error } = await runEnrich(fake(), BULK, distinct(300));
		expect(error?.message).toBe('Apollo could not process the request');
		expect(error?.description).toMatch(/^Apollo said: "Unprocessable"\. /);
		const calls = apolloCalls(fake(), 'bulk_match');
		const enriched = calls.filter((call) => call.status === 200).length * 10;
		expect(error?.description).toContain(`${enriched} item(s) were enriched by calls sent before this failure was known`);
		expect(error?.description).toContain(`(${300 - enriched} in all)`);
		// The calls in flight finished; the rest of the 30 chunks were never sent.
		expect(calls.length).toBeLessThan(30);
	});
});

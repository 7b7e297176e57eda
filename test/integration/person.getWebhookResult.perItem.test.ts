/**
 * Get Webhook Result fed by Bulk Enrich's output, as the README's recipe does: one poll per
 * distinct request id, each item its own person's share, items with nothing pending flagged
 * without a call. Run through n8n-core against the fake Apollo.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FakeApollo } from '../fake-apollo';
import { apolloCalls, jsonOf, runEnrich, withFake } from './support';

/** Nobody listens here: Apollo's POST fails at once, and the result waits to be polled. */
const DEAD_WEBHOOK = 'http://127.0.0.1:9/webhook/apollo';

type ResultJson = IDataObject & {
	requestId: string;
	status: string;
	reason: string | null;
	apolloId: string | null;
	personInResult: boolean | null;
	phoneNumbers: Array<{ number: string }>;
	result: { people: Array<{ id: string }> } | null;
};

const resultOf = (item: INodeExecutionData) => item.json as ResultJson;

describe('Person → Get Webhook Result after Bulk Enrich', () => {
	let fake: FakeApollo;
	beforeAll(async () => {
		fake = await withFake({ webhook: { delayMs: 0, repeats: 0, repeatDelayMs: 0 } });
	});
	afterAll(async () => await fake.close());
	beforeEach(() => fake.clearLog());

	/** 10 people Apollo knows (chunk 1), then 2 it does not (chunk 2, whose id Apollo never keeps). */
	async function bulkWithMisses(): Promise<INodeExecutionData[]> {
		const emails = [...fake.directory.slice(0, 10).map((person) => person.email), 'nobody.1@nowhere.example', 'nobody.2@nowhere.example'];
		const enriched = await runEnrich(
			fake,
			{ operation: 'bulkEnrich', email: '={{ $json.email }}', revealPhoneNumber: true, asyncResults: { webhookUrl: DEAD_WEBHOOK } },
			emails.map((email) => ({ email })),
		);
		expect(enriched.error).toBeUndefined();
		await fake.waitForDeliveries(1, 5_000);
		fake.clearLog();
		return enriched.items;
	}

	const getResults = async (inputs: INodeExecutionData[], continueOnFail = false) =>
		await runEnrich(
			fake,
			{ operation: 'getWebhookResult' },
			inputs.map((item) => item.json),
			{ continueOnFail },
		);

	it('polls each request id once and gives each item its own person; misses pass through flagged', async () => {
		const enriched = await bulkWithMisses();
		const ids = enriched.map((item) => jsonOf(item).apollo.requestId as string);
		expect(new Set(ids).size).toBe(2);

		// The Request ID's default reads requestId (Simplify on) or apollo.requestId (off): the README's recipe.
		const { items, error } = await getResults(enriched);
		expect(error).toBeUndefined();
		expect(apolloCalls(fake, 'webhook_result').map((call) => call.path)).toEqual([`/api/v1/webhook_result/${ids[0]}`]);
		expect(items.map((item) => item.pairedItem)).toEqual(enriched.map((_, item) => ({ item })));

		for (const [index, item] of items.slice(0, 10).entries()) {
			const personId = jsonOf(enriched[index]).person?.id;
			expect(resultOf(item)).toMatchObject({ requestId: ids[0], status: 'failed', apolloId: personId, personInResult: true });
			expect(resultOf(item).result?.people.map((person) => person.id)).toEqual([personId]);
		}
		const withPhones = items.filter((item) => resultOf(item).phoneNumbers.length > 0);
		expect(withPhones.length).toBeGreaterThan(0);
		for (const item of items.slice(10)) {
			expect(resultOf(item)).toMatchObject({
				requestId: ids[10],
				status: 'none',
				pending: false,
				reason: 'no_match',
				personInResult: null,
				result: null,
			});
		}
	});

	it("works on Bulk Enrich's default, simplified output, with the default Request ID", async () => {
		const emails = [...fake.directory.slice(0, 3).map((person) => person.email), 'nobody.1@nowhere.example'];
		const enriched = await runEnrich(
			fake,
			{ operation: 'bulkEnrich', email: '={{ $json.email }}', revealPhoneNumber: true, asyncResults: { webhookUrl: DEAD_WEBHOOK }, simplify: true },
			emails.map((email) => ({ email })),
		);
		await fake.waitForDeliveries(1, 5_000);
		fake.clearLog();
		const { items, error } = await getResults(enriched.items);
		expect(error).toBeUndefined();
		expect(apolloCalls(fake, 'webhook_result')).toHaveLength(1);
		items.slice(0, 3).forEach((item, index) => {
			expect(resultOf(item)).toMatchObject({ apolloId: enriched.items[index].json.apolloId, personInResult: true });
		});
		expect(resultOf(items[3])).toMatchObject({ status: 'none', reason: 'no_match' });
	});

	it('keeps each item’s share its own: changing one leaves the others be', async () => {
		const { items } = await getResults((await bulkWithMisses()).slice(0, 2));
		const [first, second] = items.map(resultOf);
		expect(first.result).not.toBe(second.result);
		expect(first.result?.people[0].id).not.toBe(second.result?.people[0].id);
	});

	it('reads the person from simplified items (apolloId) and skips what Wait for Results settled', async () => {
		const enriched = await bulkWithMisses();
		const inputs = enriched.slice(0, 3).map((item, index) => {
			const json = jsonOf(item);
			const simplified: IDataObject = { apolloId: json.person?.id, matched: true, requestId: json.apollo.requestId };
			// As Wait for Results leaves an item whose result it merged.
			if (index === 2) simplified.apollo = { asyncResult: { status: 'delivered' } };
			return { json: simplified };
		});
		const { items } = await runEnrich(fake, { operation: 'getWebhookResult', requestId: '={{ $json.requestId }}' }, inputs.map((item) => item.json));
		expect(apolloCalls(fake, 'webhook_result')).toHaveLength(1);
		expect(items.slice(0, 2).map((item) => resultOf(item).result?.people.map((person) => person.id))).toEqual([
			[inputs[0].json.apolloId],
			[inputs[1].json.apolloId],
		]);
		expect(resultOf(items[2])).toMatchObject({ status: 'none', reason: 'already_delivered', apolloId: inputs[2].json.apolloId });
	});

	it('with Continue On Fail, one failed poll marks each item waiting for it, once', async () => {
		const unknown = '-1039995589705121901';
		const { items, error } = await runEnrich(fake, { operation: 'getWebhookResult', requestId: unknown }, [{}, {}, {}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(apolloCalls(fake, 'webhook_result')).toHaveLength(1);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) expect(item.json.error).toBe(`Apollo does not know this request ID: ${unknown} [items 0–2]`);

		fake.clearLog();
		const stopped = await runEnrich(fake, { operation: 'getWebhookResult', requestId: unknown }, [{}, {}]);
		expect(stopped.error?.message).toBe(`Apollo does not know this request ID: ${unknown} [items 0–1]`);
		expect(apolloCalls(fake, 'webhook_result')).toHaveLength(1);
	});

	it('checks every Request ID before the first call', async () => {
		const enriched = await bulkWithMisses();
		const inputs = enriched.slice(0, 3).map((item) => item.json);
		const { error } = await runEnrich(
			fake,
			{ operation: 'getWebhookResult', requestId: '={{ $itemIndex === 2 ? "abc" : $json.apollo.requestId }}' },
			inputs,
		);
		expect(error?.message).toBe('Request ID "abc" is not an Apollo request ID [item 2]');
		expect(apolloCalls(fake)).toHaveLength(0);
	});

	it('still fetches the whole result for one pasted request id', async () => {
		const enriched = await bulkWithMisses();
		const requestId = jsonOf(enriched[0]).apollo.requestId as string;
		const { items } = await runEnrich(fake, { operation: 'getWebhookResult', requestId }, [{}]);
		expect(resultOf(items[0])).toMatchObject({ requestId, status: 'failed', apolloId: null, personInResult: null, phoneNumbers: [] });
		expect(resultOf(items[0]).result?.people).toHaveLength(10);
	});
});

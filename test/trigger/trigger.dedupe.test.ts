import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { canonicalJson, shortDigest } from '../../nodes/ApolloWebhookTrigger/protocol/canonicalJson';
import { storageDigest } from '../../nodes/ApolloWebhookTrigger/protocol/dedupe';
import {
	apolloDeliveries,
	InMemoryStaticDataStore,
	JsonFileStaticDataStore,
	simulateDeliveries,
	type WebhookHost,
} from './webhook-host';
import { spawnHostCli } from './webhook-host/test-helpers';
import { bareUrl, createClient, forgetInProcessMemory, SECRET, storedDigests, TRIGGER_TYPE, triggerPerTest } from './support';

const client = createClient();
const host = triggerPerTest();
afterAll(async () => await client.close());

const deliveries = apolloDeliveries({ count: 40, seed: 21, kinds: ['waterfall'], peoplePerDelivery: 2 });
const url = (trigger: WebhookHost) => bareUrl(trigger, { secret: SECRET });

/** The trigger's stored keys, from the workflow's static data as n8n would persist it. */
async function storedKeys(trigger: WebhookHost): Promise<string[]> {
	return storedDigests(await trigger.staticData());
}

describe('Apollo Webhook Trigger: duplicate removal', () => {
	it('acknowledges a retry with 200 and starts no second run', async () => {
		const trigger = await host();
		const first = await client.post(url(trigger), deliveries[0].body);
		const retry = await client.post(url(trigger), deliveries[0].body);
		expect(first.body).toMatchObject({ received: true, duplicate: false });
		expect(retry).toMatchObject({ status: 200, body: { received: true, duplicate: true, dedupeKey: (first.body as IDataObject).dedupeKey } });
		await trigger.idle();
		expect(trigger.executions).toHaveLength(1);
	});

	it('lets exactly one of many simultaneous copies through', async () => {
		const trigger = await host({}, { storeLatencyMs: 20 });
		const replies = await Promise.all(Array.from({ length: 10 }, async () => await client.post(url(trigger), deliveries[1].body)));
		expect(replies.every((reply) => reply.status === 200)).toBe(true);
		expect(replies.filter((reply) => (reply.body as IDataObject).duplicate === false)).toHaveLength(1);
		await trigger.idle();
		expect(trigger.executions).toHaveLength(1);
	});

	it('treats key order as irrelevant but a changed payload as a new delivery', async () => {
		const trigger = await host();
		const body = deliveries[2].body;
		const reordered = Object.fromEntries(Object.entries(body).reverse());
		const changed = { ...body, records_enriched: 999 };
		for (const payload of [body, reordered, changed]) await client.post(url(trigger), payload);
		await trigger.idle();
		expect(trigger.executions).toHaveLength(2);
	});

	it('can key on the request id alone, or on a field', async () => {
		const byRequest = await host({ options: { dedupeKey: 'requestId' } });
		await client.post(url(byRequest), deliveries[3].body);
		await client.post(url(byRequest), { ...deliveries[3].body, records_enriched: 999 });
		// A phone reveal has no request_id: it is answered 200 and keyed by its content, so Apollo
		// does not retry it into oblivion, and its own retries are still dropped.
		const phone = apolloDeliveries({ count: 1, seed: 3, kinds: ['phone'] })[0].body;
		expect((await client.post(url(byRequest), phone)).body).toMatchObject({ received: true, duplicate: false, dedupeKey: expect.stringMatching(/^no-request-id:/) });
		expect((await client.post(url(byRequest), phone)).body).toMatchObject({ received: true, duplicate: true });
		await byRequest.idle();
		expect(byRequest.executions).toHaveLength(2);

		const byField = await host({ options: { dedupeKey: 'field', dedupeField: 'people.0.id' } });
		await client.post(url(byField), deliveries[4].body);
		const again = await client.post(url(byField), { ...deliveries[4].body, request_id: '1' });
		expect((again.body as IDataObject).dedupeKey).toBe(`field:people.0.id=${String((deliveries[4].body.people as IDataObject[])[0].id)}`);
		await byField.idle();
		expect(byField.executions).toHaveLength(1);
	});

	it('can run duplicates flagged instead of dropping them', async () => {
		const trigger = await host({ options: { duplicateHandling: 'emitFlagged' } });
		await client.post(url(trigger), deliveries[5].body);
		await client.post(url(trigger), deliveries[5].body);
		await trigger.idle();
		expect(trigger.executions.map((execution) => (execution.items[0].json.delivery as IDataObject).duplicate)).toEqual([false, true]);
	});

	it.each([1, 2] as const)('keeps every key of overlapping deliveries stored, in n8n %i.x\'s save order', async (n8nMajor) => {
		const store = new InMemoryStaticDataStore();
		const workflowId = `wf-overlap-${n8nMajor}`;
		const trigger = await host({}, { store, storeLatencyMs: 25, workflowId, n8nMajor });
		const batch = deliveries.slice(10, 30);
		await Promise.all(batch.map(async (delivery) => await client.post(url(trigger), delivery.body)));
		await trigger.idle();
		expect(trigger.executions).toHaveLength(20);
		// Each save read a state without its neighbours' keys; each wrote back all this process knew.
		expect(await storedKeys(trigger)).toHaveLength(20);

		// A restart forgets the in-process memory; the stored state alone still stops the retries.
		await trigger.close();
		forgetInProcessMemory();
		const restarted = await host({}, { store, workflowId, n8nMajor });
		for (const delivery of batch) {
			expect((await client.post(url(restarted), delivery.body)).body).toMatchObject({ duplicate: true });
		}
		await restarted.idle();
		expect(restarted.executions).toHaveLength(0);
	});

	it('writes back a key that a stale save dropped, on the next request', async () => {
		const store = new InMemoryStaticDataStore();
		const trigger = await host({}, { store, workflowId: 'wf-heal' });
		await client.post(url(trigger), deliveries[31].body);
		const keptState = await store.load();
		await client.post(url(trigger), deliveries[32].body);
		// Something saves an older copy of the state (a node after the trigger, at its run's end).
		await store.save(keptState);
		expect(await storedKeys(trigger)).toHaveLength(1);
		await client.post(url(trigger), deliveries[33].body);
		expect(await storedKeys(trigger)).toHaveLength(3);
	});

	it('keeps the keys of a state that version 1 of the node stored, and rewrites it in the new form', async () => {
		const probe = await host();
		const { dedupeKey } = (await client.post(url(probe), deliveries[37].body)).body as { dedupeKey: string };
		// Version 1 stored `seen`: the 22-character digest of each key → first seen (ms).
		const store = new InMemoryStaticDataStore({
			'node:Apollo Webhook Trigger': { dedupe: { seen: { [shortDigest(dedupeKey)]: Date.now() - 60_000 }, prunedAt: 0, size: 1 } },
		});
		forgetInProcessMemory();
		const upgraded = await host({}, { store, workflowId: 'wf-version-1-state' });
		expect((await client.post(url(upgraded), deliveries[37].body)).body).toMatchObject({ duplicate: true, dedupeKey });
		expect((await client.post(url(upgraded), deliveries[38].body)).body).toMatchObject({ duplicate: false });
		await upgraded.idle();
		expect(upgraded.executions).toHaveLength(1);
		expect(await storedKeys(upgraded)).toEqual([storageDigest(dedupeKey), expect.any(String)]);
	});

	it('keeps the stored state within its cap, pruning the oldest', async () => {
		const many = apolloDeliveries({ count: 150, seed: 5, kinds: ['waterfall'] });
		const trigger = await host({ options: { maxKeys: 100 } });
		for (const delivery of many) await client.post(url(trigger), delivery.body);
		await trigger.idle();
		expect(trigger.executions).toHaveLength(150);
		const keys = await storedKeys(trigger);
		expect(keys).toHaveLength(100);
		const size = Buffer.byteLength(JSON.stringify((await trigger.staticData())['node:Apollo Webhook Trigger']));
		expect(size).toBeLessThan(100 * 22 + 100);
	});

	it('never suppresses or records test events, but flags known ones', async () => {
		const store = new InMemoryStaticDataStore();
		const production = await host({}, { store, workflowId: 'wf-test-mode' });
		await client.post(url(production), deliveries[6].body);
		await production.idle();
		await production.close();

		const testing = await host({}, { store, workflowId: 'wf-test-mode-editor', mode: 'test' });
		const known = await client.post(bareUrl(testing, { secret: SECRET }, 'test'), deliveries[6].body);
		expect(known.status).toBe(200);
		await testing.idle();
		await testing.armTestWebhook();
		await client.post(bareUrl(testing, { secret: SECRET }, 'test'), deliveries[7].body);
		await testing.idle();
		await testing.armTestWebhook();
		const again = await client.post(bareUrl(testing, { secret: SECRET }, 'test'), deliveries[7].body);
		await testing.idle();
		expect(again.status).toBe(200);
		expect(testing.executions).toHaveLength(3);
		expect(testing.executions.map((execution) => (execution.items[0].json.delivery as IDataObject).duplicate)).toEqual([true, false, false]);
		expect(await storedKeys(testing)).toHaveLength(1);
	});
});

describe('Apollo Webhook Trigger under a delivery simulator (undici, real HTTP)', () => {
	it('starts exactly one run per distinct delivery: ~30% repeats, sequential and concurrent', async () => {
		const payloads = apolloDeliveries({ count: 1500, seed: 99, kinds: ['phone', 'waterfall'], peoplePerDelivery: 3 }).map((d) => d.body);
		const distinct = new Set(payloads.map((payload) => canonicalJson(payload))).size;
		const trigger = await host({}, { storeLatencyMs: 2 });
		const report = await simulateDeliveries({
			url: url(trigger),
			payloads,
			repeatRatio: 0.3,
			maxRepeats: 2,
			concurrentDuplicateRatio: 0.5,
			concurrency: 8,
			seed: 7,
			maxRequests: 3_000,
			timeoutMs: 120_000,
		});
		await trigger.idle();
		expect(report.errors).toEqual([]);
		expect(report.sent).toBe(report.distinctDeliveries + report.duplicatesSent);
		expect(report.duplicatesSent / report.distinctDeliveries).toBeGreaterThan(0.25);
		expect(report.concurrentDuplicates).toBeGreaterThan(50);
		expect(report.statusCounts).toEqual({ 200: report.sent });
		// Exactly one run per distinct delivery: none lost, none doubled.
		expect(trigger.executions).toHaveLength(distinct);
		const runKeys = trigger.executions.map((execution) => (execution.items[0].json.delivery as IDataObject).dedupeKey);
		expect(new Set(runKeys).size).toBe(distinct);
		console.log(`delivery simulator: sent ${report.sent} (${report.distinctDeliveries} deliveries, ${report.duplicatesSent} repeats, ${report.concurrentDuplicates} concurrent), ${distinct} distinct payloads, ${trigger.executions.length} runs started, 0 lost`);
	}, 180_000);
});

describe('Apollo Webhook Trigger across a real restart of the n8n process', () => {
	it('still suppresses old retries after the process is killed and started again', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apollo-trigger-restart-'));
		const storeFile = path.join(dir, 'static-data.json');
		const args = ['--type', TRIGGER_TYPE, '--name', 'Apollo Webhook Trigger', '--webhook-id', 'restart-test', '--store', storeFile, '--parameters', JSON.stringify({ verification: 'secret', secret: SECRET })];
		const first = await spawnHostCli(args);
		const endpoint = (base: string) => `${base}?secret=${SECRET}`;
		try {
			for (const delivery of deliveries.slice(31, 36)) expect((await client.post(endpoint(first.productionUrl), delivery.body)).body).toMatchObject({ duplicate: false });
		} finally {
			await first.stop('SIGKILL');
		}
		// Saved before each 200 went out, so even a crash right after keeps every key.
		expect(storedDigests(await new JsonFileStaticDataStore(storeFile).load())).toHaveLength(5);

		const second = await spawnHostCli(args);
		try {
			for (const delivery of deliveries.slice(31, 36)) expect((await client.post(endpoint(second.productionUrl), delivery.body)).body).toMatchObject({ duplicate: true });
			expect((await client.post(endpoint(second.productionUrl), deliveries[36].body)).body).toMatchObject({ duplicate: false });
		} finally {
			await second.stop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);
});

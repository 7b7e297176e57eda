/**
 * n8n 2.x on Node 24 with the packed package: it loads, the example workflow runs against the fake
 * Apollo, and the pair (Enrich with Reveal Phone Number → Apollo delivers, with retries, to the
 * trigger's production URL) emits each person once.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { startFakeApollo, type FakeApolloServer } from '../fake-apollo';
import { N8N2, NODE24_BIN, NODE24_VERSION } from './setup/versions';
import { createFakeCredential, expectPackageLoaded, runExampleWorkflow, runSearchExample } from './support/enrich-check';
import { nodeOutput } from './support/n8n-api';
import {
	ENRICH_NODE,
	EXAMPLE_TRIGGER,
	productionUrl,
	revealPhonesWorkflow,
	startInstance,
	stopInstance,
	TRIGGER_NODE,
	triggerWorkflow,
	type Instance,
} from './support/workflows';

describe(`n8n ${N8N2.version} on Node ${NODE24_VERSION}: the packed package`, () => {
	let instance: Instance;
	let fake: FakeApolloServer;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		// Every webhook delivery is POSTed three times, the copies at the same moment as the first.
		fake = await startFakeApollo({ seed: 7, webhook: { delayMs: 50, repeats: 2, repeatDelayMs: 5, concurrentRepeats: true } });
		instance = await startInstance(N8N2, NODE24_BIN, 'n8n-2-enrich');
	}, 300_000);

	afterAll(async () => {
		await stopInstance(instance);
		await fake?.close();
	});

	it('is the n8n and Node it should be', async () => {
		const settings = await instance.api.settings();
		expect({ n8n: settings.versionCli, node: settings.nodeJsVersion }).toEqual({ n8n: N8N2.version, node: NODE24_VERSION });
	});

	it('loads both node types and the credential type from the community-package folder', async () => {
		await expectPackageLoaded(instance);
	});

	it('tests the credential and runs examples/bulk-enrich.workflow.json against the fake Apollo', async () => {
		credential = await createFakeCredential(instance, fake);
		await runExampleWorkflow(instance, fake, credential);
	}, 120_000);

	it('runs examples/search-then-enrich.workflow.json: Search per account, then Bulk Enrich by Apollo Person ID', async () => {
		await runSearchExample(instance, fake, credential);
	}, 120_000);

	it('the pair: Enrich with Reveal Phone Number, Apollo delivers three times, the trigger emits each person once', async () => {
		const secret = randomBytes(16).toString('hex');
		const webhookId = randomUUID();
		const trigger = await instance.api.createWorkflow(triggerWorkflow('E2E: phones arrive', webhookId, secret));
		await instance.api.activate(trigger, true);
		fake.clearLog();

		const people = fake.directory.slice(0, 12);
		const webhookUrl = productionUrl(instance.n8n.baseUrl, webhookId, secret);
		const emails = people.map((person) => person.email);
		const enrich = await instance.api.createWorkflow(revealPhonesWorkflow(credential, emails, webhookUrl));
		const execution = await instance.api.waitForExecution(await instance.api.runManually(enrich.id, EXAMPLE_TRIGGER));
		expect(execution.status).toBe('success');
		type Enriched = { person: { id: string } | null; apollo: { requestId: string } };
		const enriched = nodeOutput(execution, ENRICH_NODE).map((item) => item.json as Enriched);
		expect(new Set(enriched.map((item) => item.apollo.requestId)).size).toBe(2);
		// The node sent the URL exactly as the trigger shows it (in the query, as Apollo documents).
		const calls = fake.requestLog.filter((entry) => entry.route === 'bulk_match');
		expect(calls.map((call) => call.query.webhook_url)).toEqual([webhookUrl, webhookUrl]);

		// 2 calls → 2 deliveries, each POSTed 3 times, all accepted by n8n.
		await fake.waitForDeliveries(6, 30_000);
		expect(fake.deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200, 200, 200]);
		const runs = await instance.api.settledExecutions(trigger.id);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success']);

		type Emitted = { apolloPersonId: string; phoneNumbers: unknown[] };
		const emitted = runs.flatMap((run) => nodeOutput(run, TRIGGER_NODE).map((item) => item.json as Emitted));
		const emittedIds = emitted.map((item) => item.apolloPersonId).sort();
		expect(emittedIds).toEqual(people.map((person) => person.id).sort());
		// Joinable with the Enrich output on the Apollo person id.
		expect(enriched.map((item) => item.person?.id).sort()).toEqual(emittedIds);
		const withMobile = people.filter((person) => person.mobile_phone !== null).length;
		expect(emitted.filter((item) => item.phoneNumbers.length > 0)).toHaveLength(withMobile);
	}, 180_000);

	it('did not try to reach anything outside 127.0.0.1', () => {
		expect(instance.n8n.egressAttempts()).toEqual([]);
	});
});

/**
 * Users who have not moved to n8n 2.x: the packed package in a current n8n 1.x, on this
 * machine's own Node (20), loads and runs the example workflow. Plus a short trigger check,
 * because 1.x activates workflows synchronously and stores static data its own way.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { startFakeApollo, type FakeApolloServer } from '../fake-apollo';
import { apolloDeliveries } from '../trigger/webhook-host';
import { createClient, type Reply, type TestClient } from '../trigger/webhook-host/test-helpers';
import { N8N1 } from './setup/versions';
import { createFakeCredential, expectPackageLoaded, runExampleWorkflow, runSearchExample } from './support/enrich-check';
import { nodeOutput, sleep } from './support/n8n-api';
import { productionUrl, startInstance, stopInstance, TRIGGER_NODE, triggerWorkflow, type Instance } from './support/workflows';

describe(`n8n ${N8N1.version} on this machine's Node (${process.version})`, () => {
	let instance: Instance;
	let fake: FakeApolloServer;
	let client: TestClient;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		fake = await startFakeApollo({ seed: 7 });
		client = createClient();
		instance = await startInstance(N8N1, process.execPath, 'n8n-1-enrich');
	}, 300_000);

	afterAll(async () => {
		await client?.close();
		await stopInstance(instance);
		await fake?.close();
	});

	it('is the n8n and Node it should be', async () => {
		const settings = await instance.api.settings();
		expect({ n8n: settings.versionCli, node: settings.nodeJsVersion }).toEqual({ n8n: N8N1.version, node: process.versions.node });
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

	it('runs the trigger once per delivery on its production URL', async () => {
		const secret = randomBytes(16).toString('hex');
		const webhookId = randomUUID();
		const workflow = await instance.api.createWorkflow(triggerWorkflow('E2E: 1.x deliveries', webhookId, secret));
		await instance.api.activate(workflow, false);
		expect(await instance.api.findWebhook(`${webhookId}/apollo`)).toMatchObject({ workflowId: workflow.id });

		const url = productionUrl(instance.n8n.baseUrl, webhookId, secret);
		const [first, second] = apolloDeliveries({ count: 2, seed: 5, peoplePerDelivery: 2 });
		const answers: Reply[] = [];
		for (const body of [first.body, first.body, second.body, first.body]) answers.push(await client.post(url, body));
		expect(answers.map((answer) => [answer.status, (answer.body as { duplicate: boolean }).duplicate])).toEqual([
			[200, false],
			[200, true],
			[200, false],
			[200, true],
		]);
		// A wrong secret in the path matches no webhook: n8n's 404.
		expect((await client.post(productionUrl(instance.n8n.baseUrl, webhookId, 'wrong'), second.body)).status).toBe(404);

		const runs = await instance.api.settledExecutions(workflow.id);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
		const emitted = runs.flatMap((run) => nodeOutput(run, TRIGGER_NODE).map((item) => item.json.apolloPersonId as string));
		expect(emitted).toHaveLength(4);
	}, 120_000);

	it('remembers deliveries that were never repeated across a restart of n8n', async () => {
		// The same check as in n8n2.restart.e2e.ts: 1.x saves the webhook's static data before it
		// starts the run (2.x after, see handleDelivery.ts), sequentially and in a burst.
		const secret = randomBytes(16).toString('hex');
		const webhookId = randomUUID();
		const workflow = await instance.api.createWorkflow(triggerWorkflow('E2E: 1.x restart', webhookId, secret));
		await instance.api.activate(workflow, false);
		const url = productionUrl(instance.n8n.baseUrl, webhookId, secret);
		const bodies = apolloDeliveries({ count: 10, seed: 404, peoplePerDelivery: 2 }).map((delivery) => delivery.body);
		const burst = apolloDeliveries({ count: 30, seed: 505, peoplePerDelivery: 2 }).map((delivery) => delivery.body);
		const duplicateFlag = async (body: Record<string, unknown>) =>
			((await client.post(url, body)).body as { duplicate?: boolean }).duplicate;
		const send = async () => {
			const flags: unknown[] = [];
			for (const body of [...bodies, ...burst]) flags.push(await duplicateFlag(body));
			return flags;
		};
		for (const body of bodies) expect(await duplicateFlag(body)).toBe(false);
		expect(await Promise.all(burst.map(duplicateFlag))).toEqual(burst.map(() => false));
		await instance.api.settledExecutions(workflow.id);
		await instance.n8n.restart();
		// Live again once the bare …/apollo answers a call without a secret itself (401).
		const probe = productionUrl(instance.n8n.baseUrl, webhookId);
		while ((await client.post(probe, {}).catch(() => undefined))?.status !== 401) await sleep(250);
		expect(await send()).toEqual([...bodies, ...burst].map(() => true));
		expect(await instance.api.settledExecutions(workflow.id)).toHaveLength(bodies.length + burst.length);
	}, 180_000);

	it('did not try to reach anything outside 127.0.0.1', () => {
		expect(instance.n8n.egressAttempts()).toEqual([]);
	});
});

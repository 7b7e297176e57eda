import type { IDataObject } from 'n8n-workflow';

import { NO_OP_NODE_TYPE } from '../../harness';
import { apolloDeliveries } from './apollo-deliveries';
import { InMemoryStaticDataStore } from './static-data-store';
import { createClient, testHostPerTest } from './test-helpers';
import { BARE_TEST_TRIGGER_TYPE, testTriggerNode } from './test-trigger';
import type { WebhookHost } from './types';

const client = createClient();
const waterfall = apolloDeliveries({ count: 3, seed: 11, kinds: ['waterfall'] });

const start = testHostPerTest();

/** Events of one request, in order, without timestamps. */
const eventsOf = (host: WebhookHost, seq: number) =>
	host.timeline.filter((e) => e.seq === seq).map((e) => e.event);

afterAll(async () => await client.close());

describe('webhook host: routing and parsing like n8n', () => {
	it('serves the production path n8n registers and starts a run with the body as the item', async () => {
		const host = await start();
		expect(host.webhookPath).toBe('4f6c1a52-7f0e-4a57-9c1e-5d1b2b3c4d5e/webhook');
		const body = waterfall[0].body;

		const reply = await client.post(host.productionUrl(), body);

		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ message: 'Workflow was started' });
		await host.idle();
		expect(host.executions).toHaveLength(1);
		const [execution] = host.executions;
		expect(execution).toMatchObject({ mode: 'webhook', status: 'success' });
		expect(execution.items.map((item) => item.json)).toEqual([body]);
		expect(Object.keys(execution.run?.data.resultData.runData ?? {})).toEqual([
			'Dedupe Test Trigger',
		]);
		expect(host.responses[0]).toMatchObject({ status: 200, executionId: execution.id });
	});

	it("answers unknown paths, wrong methods and other routes with n8n's 404s", async () => {
		const host = await start();

		const unknown = await client.post(`${host.productionUrl()}-nope`, {});
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({
			code: 404,
			message: `The requested webhook "POST ${host.webhookPath}-nope" is not registered.`,
			hint: expect.stringMatching(/^The workflow must be active for a production URL/),
		});

		const wrongMethod = await client.send('GET', host.productionUrl());
		expect(wrongMethod.status).toBe(404);
		expect(wrongMethod.body).toEqual({
			code: 404,
			message:
				'This webhook is not registered for GET requests. Did you mean to make a POST request?',
		});

		// A production host has no test registration: TestWebhooks' message has no method.
		const testUrl = await client.post(host.testUrl(), {});
		expect(testUrl.status).toBe(404);
		expect(testUrl.body).toMatchObject({
			message: `The requested webhook "${host.webhookPath}" is not registered.`,
			hint: expect.stringMatching(/^Click the 'Execute workflow' button/),
		});

		const unsupported = await client.send('TRACE', host.productionUrl());
		expect(unsupported).toMatchObject({
			status: 500,
			body: { code: 0, message: 'The method TRACE is not supported.' },
		});
		expect((await client.post(`${host.url}/rest/other`, {})).status).toBe(404);
		expect(host.executions).toHaveLength(0);
	});

	it('answers 422 for a body that is not JSON, before webhook() is called', async () => {
		const host = await start();

		const reply = await client.post(host.productionUrl(), '{"request_id": 1,');

		expect(reply.status).toBe(422);
		expect(reply.body).toMatchObject({ code: 422, message: 'Failed to parse request body' });
		expect(host.responses[0].bodyParseError).toEqual(expect.any(String));
		expect(eventsOf(host, 1)).not.toContain('webhook-called');
		expect(host.executions).toHaveLength(0);
	});

	it('lets the node answer a bad secret itself (noWebhookResponse), reading the query', async () => {
		const host = await start({ node: testTriggerNode({ parameters: { secret: 's3' } }) });

		const denied = await client.post(host.productionUrl({ secret: 'wrong' }), waterfall[0].body);
		const allowed = await client.post(host.productionUrl('secret=s3'), waterfall[0].body);

		expect(denied).toMatchObject({ status: 401, body: { error: 'invalid secret' } });
		expect(host.responses[0].answeredBy).toBe('node');
		expect(allowed.status).toBe(200);
		expect(host.responses[1].answeredBy).toBe('host');
		expect(host.executions).toHaveLength(1);
	});
});

describe('webhook host: answers, runs and static data', () => {
	it('acknowledges a duplicate with the webhookResponse, starting no run and saving nothing', async () => {
		const host = await start();
		const body = waterfall[1].body;

		await client.post(host.productionUrl(), body);
		const duplicate = await client.post(host.productionUrl(), body);

		expect(duplicate).toMatchObject({
			status: 200,
			body: { ok: true, duplicate: true, mode: 'webhook' },
		});
		expect(host.executions).toHaveLength(1);
		expect(eventsOf(host, 2)).not.toContain('static-data-saved');
		expect(await host.staticData()).toEqual({
			'node:Dedupe Test Trigger': { seen: { [waterfall[1].requestId]: 1 } },
		});
	});

	it('saves changed static data in the response callback: after webhook(), before the answer', async () => {
		const host = await start({ storeLatencyMs: 30 });

		await client.post(host.productionUrl(), waterfall[0].body);

		// Store content is already there when the caller has its answer.
		expect(await host.staticData()).toHaveProperty(['node:Dedupe Test Trigger', 'seen']);
		const order = eventsOf(host, 1).filter((e) => e !== 'execution-finished');
		expect(order).toEqual([
			'received',
			'static-data-loaded', // LiveWebhooks reads the workflow row
			'webhook-called',
			'webhook-returned',
			'static-data-loaded', // WorkflowRunner.run reloads static data for the run
			'execution-started',
			'static-data-saved', // response callback: saveStaticData, then resolve
			'response-sent',
		]);
	});

	it('n8n 2.x: starting the run clears the changed flag, so a run-starting request saves nothing', async () => {
		const host = await start({ n8nMajor: 2 });

		await client.post(host.productionUrl(), waterfall[0].body);
		await host.idle();

		// What real n8n 2.41.1 does (found by the e2e suite): the key is gone after a restart.
		expect(eventsOf(host, 1)).not.toContain('static-data-saved');
		expect(await host.staticData()).toEqual({});
		// So the naive trigger takes the retry for a new delivery.
		await client.post(host.productionUrl(), waterfall[0].body);
		expect(host.executions).toHaveLength(2);
	});

	it('gives a trigger without responseData in its description the body "firstEntryJson"', async () => {
		const host = await start({ node: testTriggerNode({ type: BARE_TEST_TRIGGER_TYPE }) });

		const started = await client.post(host.productionUrl(), waterfall[0].body);
		const duplicate = await client.post(host.productionUrl(), waterfall[0].body);

		// n8n evaluates the missing `responseData` with the default 'firstEntryJson' and sends
		// that string; a run-less answer still uses webhookResponse.
		expect(started).toMatchObject({ status: 200, body: 'firstEntryJson' });
		expect(duplicate.body).toMatchObject({ duplicate: true });
	});

	it('answers 500 when webhook() throws, records a failed execution and does not save', async () => {
		const host = await start();

		const reply = await client.post(host.productionUrl(), { request_id: 'x', throw: true });

		expect(reply).toMatchObject({
			status: 500,
			body: { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' },
		});
		await host.idle();
		expect(host.executions).toEqual([
			expect.objectContaining({ status: 'error', error: 'deliberate failure in webhook()' }),
		]);
		expect(await host.staticData()).toEqual({});
	});

	it('runs downstream nodes through WorkflowExecute with the trigger items', async () => {
		const host = await start({
			downstreamNodes: [
				{
					id: 'noop',
					name: 'No Op',
					type: NO_OP_NODE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
				},
			],
			connections: {
				'Dedupe Test Trigger': { main: [[{ node: 'No Op', type: 'main', index: 0 }]] },
			},
		});

		await client.post(host.productionUrl(), waterfall[2].body);
		await host.idle();

		const runData = host.executions[0].run?.data.resultData.runData ?? {};
		expect(runData['No Op'][0].data?.main[0]?.map((item) => item.json)).toEqual([
			waterfall[2].body,
		]);
	});
});

describe('webhook host: test URL', () => {
	it('runs in manual mode, persists nothing and serves one run per arming, as n8n does', async () => {
		const store = new InMemoryStaticDataStore({ 'node:Dedupe Test Trigger': { seen: {} } });
		const host = await start({ mode: 'test', store });
		const body: IDataObject = { request_id: 'test-1' };

		const first = await client.post(host.testUrl(), body);
		expect(first).toMatchObject({ status: 200, body: { message: 'Workflow was started' } });
		await host.idle();
		expect(host.executions[0].mode).toBe('manual');

		// The test webhook unregistered itself after starting a run.
		const second = await client.post(host.testUrl(), body);
		expect(second.status).toBe(404);
		expect(second.body).toMatchObject({ hint: expect.stringMatching(/^Click the 'Execute/) });
		expect((await client.post(host.productionUrl(), body)).status).toBe(404);

		// Nothing was saved, so after "Execute workflow" the same delivery runs again.
		await host.armTestWebhook();
		expect((await client.post(host.testUrl(), body)).body).toEqual({
			message: 'Workflow was started',
		});
		await host.idle();
		expect(host.executions).toHaveLength(2);
		expect(await host.staticData()).toEqual({ 'node:Dedupe Test Trigger': { seen: {} } });
		expect(host.timeline.map((e) => e.event)).not.toContain('static-data-saved');
	});
});

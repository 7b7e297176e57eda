/**
 * Issue 15, problem 1, reproduced with n8n's defaults: executions that finished (the database
 * says `success`) but stay "running" in the memory of the process that enqueued them. Measured in
 * queue mode (main, 2 workers, 1 webhook process) for the Apollo trigger and for n8n's own
 * Webhook node, and in regular mode (SQLite) for both.
 *
 * Cause (docs/queue-mode.md): n8n 2.41 deletes a job from Redis the moment a worker completes it,
 * and Bull's `job.finished()`, which main calls only after enqueuing and running its
 * `workflowExecuteBefore` hooks, never settles for a job that is already gone. It takes a short
 * job, an idle worker and a busy main: what a stream of trigger deliveries produces. The counts
 * depend on timing, so they are printed, not asserted; what is asserted is that nothing is lost,
 * that the executions main leaves out of its list are exactly the ones its shutdown waits for,
 * and that regular mode leaves none.
 */
import { randomUUID } from 'node:crypto';

import { simulateDeliveries, type SimulationReport } from '../../trigger/webhook-host';
import { sleep } from '../support/n8n-api';
import { deliveryBodies, TriggerSession, type TriggerWorkflow } from '../support/trigger-session';
import { QueueCluster } from './support/cluster';
import { formatShutdown, gracefulShutdown, leftRunningOnMain, type LeftRunning } from './support/left-running';
import { controlWebhookWorkflow } from './support/queue-workflows';

const log = (line: string) => process.stdout.write(`[left running] ${line}\n`);

/** 300 deliveries to the trigger (6 at a time) while the control gets 300 requests one by one. */
async function triggerWithControlAlongside(session: TriggerSession, trigger: TriggerWorkflow, controlUrl: string, seed: number) {
	const payloads = deliveryBodies(300, seed);
	const send = (url: string, bodies: unknown[], concurrency: number) =>
		simulateDeliveries({ url, payloads: bodies, repeatRatio: 0, concurrency, timeoutMs: 400_000, requestTimeoutMs: 30_000 });
	const [apollo, control] = await Promise.all([send(trigger.url, payloads, 6), send(controlUrl, deliveryBodies(300, seed + 1), 1)]);
	session.ledger.add(payloads, apollo, `seed ${seed}`);
	return { apollo, control };
}

const sent = (report: SimulationReport) => `${report.sent} requests (${JSON.stringify(report.statusCounts)}) in ${(report.elapsedMs / 1000).toFixed(1)} s`;

describe('queue mode with n8n defaults: executions left running in memory', () => {
	let cluster: QueueCluster;
	let session: TriggerSession;
	let trigger: TriggerWorkflow;
	let controlId: string;
	let controlUrl: string;
	const left: Record<string, LeftRunning> = {};

	beforeAll(async () => {
		cluster = await QueueCluster.start({ name: 'defaults', workers: 2, webhookProcesses: 1 });
		session = TriggerSession.attach({ n8n: cluster.main, api: cluster.api });
		trigger = await session.addTrigger('E2E queue defaults: Apollo deliveries');
		await session.waitUntilLive(session.at(trigger, cluster.webhooks[0].baseUrl));
		const path = randomUUID();
		const control = await cluster.api.createWorkflow(controlWebhookWorkflow(path));
		await cluster.api.activate(control, true);
		controlId = control.id;
		controlUrl = `${cluster.main.baseUrl}/webhook/${path}`;
	}, 600_000);

	afterAll(async () => {
		await session?.stop();
		await cluster?.dispose();
	});

	const settle = async (workflowId: string) => await leftRunningOnMain(() => cluster.executionRows(workflowId), cluster.api, workflowId);

	it('trigger on main, the Webhook node alongside: every run succeeds; some stay "running" in main', async () => {
		const { apollo, control } = await triggerWithControlAlongside(session, trigger, controlUrl, 501);
		log(`main: trigger ${sent(apollo)}; Webhook node ${sent(control)}`);
		left.trigger = await settle(trigger.workflow.id);
		left.control = await settle(controlId);
		log(`main, Apollo trigger: ${JSON.stringify(left.trigger)}`);
		log(`main, Webhook → No Operation alongside: ${JSON.stringify(left.control)}`);
		expect(left.trigger.statuses).toEqual({ success: session.ledger.all.length });
		expect(left.control.statuses).toEqual({ success: 300 });
	});

	it('the Webhook node alone, 6 at a time (the control of issue 15)', async () => {
		const before = left.control.inDatabase;
		const report = await simulateDeliveries({ url: controlUrl, payloads: deliveryBodies(300, 503), repeatRatio: 0, concurrency: 6, timeoutMs: 400_000 });
		log(`main: Webhook node alone ${sent(report)}`);
		const now = await settle(controlId);
		log(`main, Webhook → No Operation alone: ${now.leftRunning - left.control.leftRunning} more left running (${JSON.stringify(now)})`);
		expect(now.statuses).toEqual({ success: before + 300 });
		left.control = now;
	});

	it('trigger on a webhook process: its shutdown waits for what it left running', async () => {
		const webhook = cluster.webhooks[0];
		const payloads = deliveryBodies(150, 504);
		const report = await simulateDeliveries({ url: session.at(trigger, webhook.baseUrl).url, payloads, repeatRatio: 0, concurrency: 6, timeoutMs: 400_000, requestTimeoutMs: 30_000 });
		session.ledger.add(payloads, report, 'webhook-1');
		log(`webhook-1: trigger ${sent(report)}`);
		const settled = await settle(trigger.workflow.id);
		expect(settled.statuses).toEqual({ success: session.ledger.all.length });
		const shutdown = await gracefulShutdown(webhook);
		log(`graceful shutdown ${formatShutdown(shutdown)}`);
	});

	it("main's shutdown waits for exactly the executions its list leaves out", async () => {
		const listedOut = (await settle(trigger.workflow.id)).leftRunning + (await settle(controlId)).leftRunning;
		const shutdown = await gracefulShutdown(cluster.main);
		log(`graceful shutdown ${formatShutdown(shutdown)}; executions missing from main's list: ${listedOut}`);
		expect(shutdown.waitedFor).toBe(listedOut);
	});
});

describe('regular mode (SQLite): executions left running in memory', () => {
	let session: TriggerSession;

	beforeAll(async () => {
		session = await TriggerSession.start('left-running-regular');
	}, 300_000);

	afterAll(async () => {
		await session?.stop();
	});

	it('none, for the trigger and for the Webhook node alongside; shutdown waits for nothing', async () => {
		const { api, n8n } = session.instance;
		const trigger = await session.addTrigger('E2E regular: Apollo deliveries');
		const path = randomUUID();
		const control = await api.createWorkflow(controlWebhookWorkflow(path));
		await api.activate(control, true);
		await sleep(1_000);
		const { apollo, control: controlReport } = await triggerWithControlAlongside(session, trigger, `${n8n.baseUrl}/webhook/${path}`, 501);
		log(`regular: trigger ${sent(apollo)}; Webhook node ${sent(controlReport)}`);
		const listed = {
			trigger: (await api.settledExecutions(trigger.workflow.id)).length,
			control: (await api.settledExecutions(control.id)).length,
		};
		// SQLite is not reachable from here: each distinct delivery must have run once, and be listed.
		expect(listed).toEqual({ trigger: session.ledger.all.length, control: 300 });
		const shutdown = await gracefulShutdown(n8n);
		log(`regular mode: listed ${JSON.stringify(listed)}; graceful shutdown ${formatShutdown(shutdown)}`);
		expect({ waitedFor: shutdown.waitedFor, timedOut: shutdown.timedOut }).toEqual({ waitedFor: 0, timedOut: false });
	});
});

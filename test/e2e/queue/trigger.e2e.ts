/**
 * The Apollo Webhook Trigger in queue mode, set up as docs/queue-mode.md recommends: main,
 * 2 workers and 2 webhook processes on one Postgres and one Redis. Deliveries go to main and to
 * the webhook processes; runs execute on the workers. What holds and what does not:
 * - on one process, one run per delivery, however its copies arrive (one after another or at
 *   the same moment);
 * - a later copy at another process is a duplicate (the key is in the database by then);
 * - copies at two processes at the same moment can both run (measured and printed, not a
 *   guarantee: docs/queue-mode.md says to route Apollo's path to one process);
 * - no execution is left running in any process's memory, and a graceful shutdown waits for
 *   nothing.
 */
import { checkExecutions, DeliveryLedger } from '../support/deliveries';
import { sleep } from '../support/n8n-api';
import { deliveryBodies, TriggerSession, type TriggerWorkflow } from '../support/trigger-session';
import { simulateDeliveries } from '../../trigger/webhook-host';
import { QueueCluster, RECOMMENDED_ENV } from './support/cluster';
import { formatShutdown, gracefulShutdown, leftRunningOnMain } from './support/left-running';
import { formatResources } from './support/resources';

const log = (line: string) => process.stdout.write(`[queue trigger] ${line}\n`);

describe('queue mode (main, 2 workers, 2 webhook processes): Apollo Webhook Trigger', () => {
	let cluster: QueueCluster;
	let session: TriggerSession;
	let trigger: TriggerWorkflow;

	beforeAll(async () => {
		const started = Date.now();
		cluster = await QueueCluster.start({ name: 'trigger', workers: 2, webhookProcesses: 2, env: RECOMMENDED_ENV });
		log(`cluster up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
		session = TriggerSession.attach({ n8n: cluster.main, api: cluster.api });
		trigger = await session.addTrigger('E2E queue: Apollo deliveries');
	}, 600_000);

	afterAll(async () => {
		await session?.stop();
		await cluster?.dispose();
	});

	const byProcess = () => [
		{ name: 'main', trigger },
		...cluster.webhooks.map((n8n) => ({ name: n8n.name.replace(/^queue-trigger-/, ''), trigger: session.at(trigger, n8n.baseUrl) })),
	];

	it('answers on main and on both webhook processes', async () => {
		for (const { trigger: here } of byProcess()) await session.waitUntilLive(here);
	});

	it('on one process: one run per delivery, copies one after another or at the same moment', async () => {
		const [main, webhook1] = byProcess();
		for (const [{ name, trigger: here }, seed] of [
			[main, 401],
			[webhook1, 402],
		] as const) {
			const report = await session.simulate(here, deliveryBodies(150, seed), name);
			expect({ name, errors: report.errors, statuses: report.statusCounts }).toEqual({ name, errors: [], statuses: { 200: report.sent } });
			log(`${name}: ${report.sent} requests, ${report.duplicatesSent} repeats (${report.concurrentDuplicates} at the same moment), ${report.elapsedMs} ms`);
		}
		const executions = await cluster.api.settledExecutions(trigger.workflow.id);
		const check = checkExecutions(session.ledger, executions);
		expect({ ...check, missing: check.missing.length }).toEqual({
			missing: 0,
			repeated: [],
			unexpected: [],
			keyConflicts: [],
			wrongPeople: [],
			statuses: { success: session.ledger.all.length },
		});
		log(`one process: ${session.ledger.all.length} distinct deliveries → ${executions.length} executions`);
	});

	it('a later copy at another process is a duplicate', async () => {
		const [main, , webhook2] = byProcess();
		const before = (await cluster.api.settledExecutions(trigger.workflow.id)).length;
		// What main took goes to webhook-2, what webhook-1 took goes to main.
		for (const [{ name, trigger: here }, seed] of [
			[webhook2, 401],
			[main, 402],
		] as const) {
			const payloads = deliveryBodies(150, seed);
			const report = await simulateDeliveries({ url: here.url, payloads, repeatRatio: 0, concurrency: 6, timeoutMs: 240_000, requestTimeoutMs: 30_000 });
			session.ledger.add(payloads, report, `later at ${name}`);
			const fresh = report.results.filter((result) => (result.body as { duplicate?: boolean } | undefined)?.duplicate !== true);
			expect({ name, fresh: fresh.length, statuses: report.statusCounts }).toEqual({ name, fresh: 0, statuses: { 200: report.sent } });
		}
		await sleep(2_000);
		expect(await cluster.api.settledExecutions(trigger.workflow.id)).toHaveLength(before);
		log(`later copies at another process: 300 requests, 0 runs`);
	});

	it('leaves no execution running in main, and main lists every one', async () => {
		const left = await leftRunningOnMain(() => cluster.executionRows(trigger.workflow.id), cluster.api, trigger.workflow.id);
		log(`after ${session.ledger.all.length} deliveries: ${JSON.stringify(left)}`);
		expect(left).toEqual({ statuses: { success: session.ledger.all.length }, inDatabase: session.ledger.all.length, listed: session.ledger.all.length, leftRunning: 0 });
	});

	it('copies at two webhook processes at the same moment: measured (both may run)', async () => {
		const simultaneous = await session.addTrigger('E2E queue: simultaneous copies');
		const [, webhook1, webhook2] = byProcess().map(({ name }) => name);
		const urls = cluster.webhooks.map((n8n) => session.at(simultaneous, n8n.baseUrl));
		for (const url of urls) await session.waitUntilLive(url);
		const payloads = deliveryBodies(100, 403);
		const ledger = new DeliveryLedger();
		let next = 0;
		const lane = async () => {
			while (next < payloads.length) {
				const body = payloads[next++];
				const answers = await Promise.all(urls.map(async (here) => await session.client.post(here.url, body)));
				for (const answer of answers) {
					const reply = answer.body as { duplicate?: boolean; dedupeKey?: string };
					ledger.recordFor(body).answers.push({ status: answer.status, duplicate: reply.duplicate, dedupeKey: reply.dedupeKey, phase: 'simultaneous' });
				}
			}
		};
		await Promise.all(Array.from({ length: 4 }, lane));
		const executions = await cluster.api.settledExecutions(simultaneous.workflow.id);
		const check = checkExecutions(ledger, executions);
		// Every delivery ran, none more than once per process.
		expect({ missing: check.missing.length, unexpected: check.unexpected, keyConflicts: check.keyConflicts }).toEqual({
			missing: 0,
			unexpected: [],
			keyConflicts: [],
		});
		expect(check.repeated.filter((repeat) => repeat.executions.length > 2)).toEqual([]);
		const twice = check.repeated.length;
		log(`same moment at ${webhook1} and ${webhook2}: ${ledger.all.length} deliveries → ${executions.length} executions (${twice} ran twice)`);
	});

	it('costs: memory and disk of the running cluster', async () => {
		log(formatResources(await cluster.resources()));
	});

	it('shuts down main and the webhook processes without waiting for anything', async () => {
		const reports = [];
		for (const n8n of [...cluster.webhooks, cluster.main]) reports.push(await gracefulShutdown(n8n));
		log(`graceful shutdown: ${reports.map(formatShutdown).join('; ')}`);
		expect(reports.map(({ process, waitedFor, timedOut }) => ({ process, waitedFor, timedOut }))).toEqual(
			reports.map(({ process }) => ({ process, waitedFor: 0, timedOut: false })),
		);
	});

	it('did not try to reach anything outside 127.0.0.1', () => {
		expect(cluster.processes.flatMap((n8n) => n8n.egressAttempts())).toEqual([]);
	});
});

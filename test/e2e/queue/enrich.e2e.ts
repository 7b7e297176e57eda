/**
 * Apollo Enrich in queue mode (main, 2 workers, 1 webhook process; Postgres, Redis), against the
 * fake Apollo: the example workflow gives on a worker what it gives in regular mode, item for
 * item; ten enrichments started at once through a webhook process all succeed on the workers;
 * and a worker killed mid-run: what n8n does with the execution, and what a re-run costs at
 * Apollo (issue 11's cross-run memory is what keeps it from paying twice).
 */
import { DEFAULT_PEOPLE, findPerson, startFakeApollo, type FakeApolloServer } from '../../fake-apollo';
import { directoryPerson, identityOf } from '../../bench/workloads';
import { createClient } from '../../trigger/webhook-host/test-helpers';
import { N8N2, NODE24_BIN } from '../setup/versions';
import { createFakeCredential, expectPackageLoaded, runExampleWorkflow } from '../support/enrich-check';
import { nodeOutput, sleep, type Execution, type ExecutionItem } from '../support/n8n-api';
import { ENRICH_NODE, ENRICH_TYPE, EXAMPLE_TRIGGER, startInstance, stopInstance } from '../support/workflows';
import {
	builtNodeHasCrossRunMemory,
	bulkChunks,
	CROSS_RUN_MEMORY_OPTION,
	killedRunCost,
	reRunCost,
} from './support/chunk-accounting';
import { QueueCluster, RECOMMENDED_ENV } from './support/cluster';
import { largeBulkEnrichWorkflow, webhookEnrichWorkflow } from './support/queue-workflows';
import { formatResources } from './support/resources';

const log = (line: string) => process.stdout.write(`[queue enrich] ${line}\n`);

const CROSS_RUN_MEMORY = builtNodeHasCrossRunMemory();
/** People k = 0..1199 of the benchmark's directory, besides the fake's 72 built-in ones. */
const EXTRA_PEOPLE = 1_200;
const KILLED_RUN_PEOPLE = 1_000;
const KILLED_RUN_CONCURRENCY = 2;

function errorMessage(execution: Execution): string | undefined {
	return (execution.data?.resultData.error as { message?: string } | undefined)?.message;
}

/** What may differ between two runs of the same items: Apollo's id for each call. */
function comparable(items: ExecutionItem[]): unknown[] {
	return items.map((item) => {
		const json = structuredClone(item.json) as { apollo?: { requestId?: unknown } };
		if (json.apollo) delete json.apollo.requestId;
		return { json, pairedItem: item.pairedItem };
	});
}

describe('queue mode (main, 2 workers, 1 webhook process): Apollo Enrich', () => {
	let cluster: QueueCluster;
	let fake: FakeApolloServer;
	let credential: { id: string; name: string };
	let regularItems: ExecutionItem[];

	beforeAll(async () => {
		const people = [...DEFAULT_PEOPLE, ...Array.from({ length: EXTRA_PEOPLE }, (_, k) => directoryPerson(k))];
		fake = await startFakeApollo({ seed: 7, people });
		// The reference: the same example in regular mode (SQLite), before the cluster starts.
		const regular = await startInstance(N8N2, NODE24_BIN, 'queue-enrich-regular');
		try {
			const regularCredential = await createFakeCredential(regular, fake);
			regularItems = (await runExampleWorkflow(regular, fake, regularCredential)).items;
		} finally {
			await stopInstance(regular);
		}
		const started = Date.now();
		cluster = await QueueCluster.start({ name: 'enrich', workers: 2, webhookProcesses: 1, env: RECOMMENDED_ENV });
		log(`cluster up in ${((Date.now() - started) / 1000).toFixed(0)} s; built node has ${CROSS_RUN_MEMORY_OPTION}: ${CROSS_RUN_MEMORY}`);
	}, 600_000);

	afterAll(async () => {
		await cluster?.dispose();
		await fake?.close();
	});

	it('main lists both node types and the credential type; the credential test works', async () => {
		await expectPackageLoaded({ n8n: cluster.main, api: cluster.api });
		credential = await createFakeCredential({ n8n: cluster.main, api: cluster.api }, fake);
	});

	it('examples/bulk-enrich.workflow.json on a worker gives what regular mode gives, item for item', async () => {
		const { executionId, items } = await runExampleWorkflow({ n8n: cluster.main, api: cluster.api }, fake, credential);
		const worker = await cluster.workerOf(executionId);
		log(`example workflow: execution ${executionId} ran on ${worker.name}, ${items.length} items`);
		expect(comparable(items)).toEqual(comparable(regularItems));
	});

	it('ten enrichments started at once through the webhook process all succeed on the workers', async () => {
		const path = 'e2e-queue-enrich';
		const workflow = await cluster.api.createWorkflow(webhookEnrichWorkflow(credential, path));
		await cluster.api.activate(workflow, true);
		const url = `${cluster.webhooks[0].baseUrl}/webhook/${path}`;
		const batches = Array.from({ length: 10 }, (_, batch) => Array.from({ length: 12 }, (_, i) => identityOf(batch * 12 + i)));
		fake.clearLog();
		const client = createClient();
		try {
			const answers = await Promise.all(batches.map(async (people) => await client.post(url, { people: people.map(({ email }) => ({ email })) })));
			expect(answers.map((answer) => answer.status)).toEqual(batches.map(() => 200));
		} finally {
			await client.close();
		}
		const executions = await cluster.api.settledExecutions(workflow.id);
		expect(executions.map((execution) => execution.status)).toEqual(batches.map(() => 'success'));
		const seen = new Set<string>();
		for (const execution of executions) {
			const inputs = nodeOutput(execution, 'Split Out').map((item) => String(item.json.email));
			const items = nodeOutput(execution, ENRICH_NODE);
			expect(items.map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
			// Each item is its input's person, as the fake's directory has it.
			const found = items.map((item) => (item.json as { person: { id: string } | null }).person?.id);
			expect(found).toEqual(inputs.map((email) => findPerson(fake.directory, { email })?.id));
			for (const email of inputs) seen.add(email);
		}
		expect(seen.size).toBe(120);
		const onWorkers = await Promise.all(executions.map(async (execution) => (await cluster.workerOf(execution.id)).name));
		const perWorker = onWorkers.reduce<Record<string, number>>((counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }), {});
		log(`10 at once: ${executions.length} succeeded, 120 people, ${fake.requestLog.filter((entry) => entry.route === 'bulk_match').length} bulk_match calls; per worker ${JSON.stringify(perWorker)}`);
	});

	it('costs: memory and disk of the running cluster', async () => {
		log(formatResources(await cluster.resources()));
	});

	it(`a worker killed mid-run: n8n fails the execution; what a re-run sends again (${CROSS_RUN_MEMORY_OPTION}: ${CROSS_RUN_MEMORY ? 'on' : 'not in the node yet'})`, async () => {
		const type = await cluster.api.nodeType(ENRICH_TYPE);
		expect(JSON.stringify(type?.properties ?? []).includes(`"${CROSS_RUN_MEMORY_OPTION}"`)).toBe(CROSS_RUN_MEMORY);
		const emails = Array.from({ length: KILLED_RUN_PEOPLE }, (_, i) => identityOf(200 + i).email);
		const options = { maxConcurrentRequests: KILLED_RUN_CONCURRENCY, ...(CROSS_RUN_MEMORY ? { [CROSS_RUN_MEMORY_OPTION]: 30 } : {}) };
		const workflow = await cluster.api.createWorkflow(largeBulkEnrichWorkflow(credential, emails, options));
		fake.configure({ latencyMs: 150 });
		fake.clearLog();

		const runStarted = Date.now();
		const executionId = await cluster.api.runManually(workflow.id, EXAMPLE_TRIGGER);
		const worker = await cluster.workerOf(executionId);
		const answered = () => bulkChunks(fake.requestLog, runStarted).filter((chunk) => chunk.status === 200).length;
		while (answered() < 30) await sleep(50);
		const killedAt = Date.now();
		await worker.kill();
		const failed = await cluster.api.waitForExecution(executionId, 180_000);
		const failedAfterS = ((Date.now() - killedAt) / 1000).toFixed(0);
		await sleep(1_000);
		const killed = killedRunCost(bulkChunks(fake.requestLog, runStarted, killedAt), killedAt);
		const error = errorMessage(failed);
		log(
			`killed ${worker.name} mid-run: ${killed.sentBeforeKill} chunks sent, ${killed.answeredBeforeKill} answered before the kill, ` +
				`${killed.billed} billed (${killed.billedPeople.size} people); n8n marked the execution "${failed.status}" ${failedAfterS} s later: ${error}`,
		);
		expect(failed.status).not.toBe('success');

		// "Retry" in the executions list.
		const retryFrom = Date.now();
		const retried = await cluster.api.retry(executionId).then(
			(execution) => `${execution.status} (execution ${execution.id}: ${errorMessage(execution)})`,
			(retryError: Error) => `refused: ${retryError.message.slice(0, 160)}`,
		);
		log(`retry of the failed execution: ${retried}; ${bulkChunks(fake.requestLog, retryFrom).length} chunks sent`);

		// A fresh run of the same workflow, on the surviving worker.
		const reRunFrom = Date.now();
		const reRun = await cluster.api.waitForExecution(await cluster.api.runManually(workflow.id, EXAMPLE_TRIGGER), 180_000);
		expect(reRun.status).toBe('success');
		const items = nodeOutput(reRun, ENRICH_NODE);
		expect(items).toHaveLength(KILLED_RUN_PEOPLE);
		expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const again = reRunCost(bulkChunks(fake.requestLog, reRunFrom), killed.billedPeople);
		log(
			`fresh re-run: ${again.chunks} chunks (${again.people} people); ${again.reBilledChunks} chunks re-send people Apollo had billed ` +
				`(${again.reBilledPeople} of ${killed.billedPeople.size} people billed twice)` +
				(CROSS_RUN_MEMORY ? '' : ` — waiting for issue 11 (${CROSS_RUN_MEMORY_OPTION})`),
		);
		fake.configure({ latencyMs: 0 });
		if (CROSS_RUN_MEMORY) {
			// Only chunks answered while the worker died can be paid twice: at most one per request in flight.
			expect(again.reBilledChunks).toBeLessThanOrEqual(KILLED_RUN_CONCURRENCY);
		} else {
			// Today: every person the killed run paid for is paid for again.
			expect(again.reBilledPeople).toBe(killed.billedPeople.size);
		}
	});

	if (!CROSS_RUN_MEMORY) {
		it.todo(`issue 11: with ${CROSS_RUN_MEMORY_OPTION} on, the re-run after a killed worker re-sends no chunk Apollo answered (switches on by itself once the built node has the option)`);
	}

	it('did not try to reach anything outside 127.0.0.1', () => {
		expect(cluster.processes.flatMap((n8n) => n8n.egressAttempts())).toEqual([]);
	});
});

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
import { nodeOutput, type ExecutionItem } from '../support/n8n-api';
import { ENRICH_NODE, ENRICH_TYPE, startInstance, stopInstance } from '../support/workflows';
import { CROSS_RUN_MEMORY_OPTION, parameterHome, placeParameters } from './support/built-node';
import { QueueCluster, RECOMMENDED_ENV } from './support/cluster';
import { errorMessage, killWorkerMidRun } from './support/killed-worker';
import { webhookEnrichWorkflow } from './support/queue-workflows';
import { formatResources } from './support/resources';

const log = (line: string) => process.stdout.write(`[queue enrich] ${line}\n`);

const CROSS_RUN_MEMORY = parameterHome(CROSS_RUN_MEMORY_OPTION) !== undefined;
/** People k = 0..1199 of the benchmark's directory, besides the fake's 72 built-in ones. */
const EXTRA_PEOPLE = 1_200;
const KILLED_RUN_PEOPLE = 1_000;
const KILLED_RUN_CONCURRENCY = 2;

/** What may differ between two runs of the same items: Apollo's id for each call. */
function withoutRequestIds(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutRequestIds);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => key !== 'requestId')
			.map(([key, entry]) => [key, withoutRequestIds(entry)]),
	);
}

function comparable(items: ExecutionItem[]): unknown[] {
	return items.map((item) => ({ json: withoutRequestIds(item.json), pairedItem: item.pairedItem }));
}

/** The person's Apollo id in any output shape: raw (`person.id`), simplified (`apolloId`), older builds (`id`). */
function personIdOf(json: Record<string, unknown>): unknown {
	if ('person' in json) return (json.person as { id?: string } | null)?.id;
	return 'apolloId' in json ? (json.apolloId ?? undefined) : json.id;
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
			const found = items.map((item) => personIdOf(item.json));
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
		const parameters = placeParameters({
			maxConcurrentRequests: KILLED_RUN_CONCURRENCY,
			...(CROSS_RUN_MEMORY ? { [CROSS_RUN_MEMORY_OPTION]: 30 } : {}),
		});
		fake.configure({ latencyMs: 150 });
		fake.clearLog();
		const emails = Array.from({ length: KILLED_RUN_PEOPLE }, (_, i) => identityOf(200 + i).email);
		const report = await killWorkerMidRun(cluster, fake, credential, { emails, parameters, killAfterAnswered: 30 }).finally(() =>
			fake.configure({ latencyMs: 0 }),
		);
		const { killed, reRunCost: again } = report;
		log(
			`killed ${report.worker} mid-run: ${killed.sentBeforeKill} chunks sent, ${killed.answeredBeforeKill} answered before the kill, ` +
				`${killed.billed} billed (${killed.billedPeople.size} people); n8n marked the execution "${report.failed.status}" ` +
				`${report.failedAfterS} s later: ${errorMessage(report.failed)}`,
		);
		log(`retry of the failed execution: ${report.retry}; ${report.retryChunks} chunks sent`);
		log(
			`fresh re-run: ${again.chunks} chunks (${again.people} people); ${again.reBilledChunks} chunks re-send people Apollo had billed ` +
				`(${again.reBilledPeople} of ${killed.billedPeople.size} people billed twice)` +
				(CROSS_RUN_MEMORY ? '' : ` — waiting for issue 11 (${CROSS_RUN_MEMORY_OPTION})`),
		);
		expect(report.failed.status).not.toBe('success');
		expect(report.reRun.status).toBe('success');
		const items = nodeOutput(report.reRun, ENRICH_NODE);
		expect(items.map((item) => item.pairedItem)).toEqual(emails.map((_, item) => ({ item })));
		if (CROSS_RUN_MEMORY) {
			// Only chunks answered while the worker died can be paid twice: at most one per call in flight.
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

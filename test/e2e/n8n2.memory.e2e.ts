/**
 * Options → Skip People Enriched Before in a real n8n 2.x, on n8n's own deduplication store
 * (SQLite `processed_data`): a second run of the same list makes no call, and a run killed in the
 * middle (SIGKILL, as a crash would) is re-run for the chunks Apollo had not answered only.
 */
import { startFakeApollo, type FakeApolloServer } from '../fake-apollo';
import { directoryPerson, identityOf } from '../bench/workloads';
import { N8N2, NODE24_BIN } from './setup/versions';
import { createFakeCredential } from './support/enrich-check';
import { nodeOutput, sleep } from './support/n8n-api';
import { ENRICH_NODE, EXAMPLE_TRIGGER, enrichWorkflow, startInstance, stopInstance, type Instance } from './support/workflows';

const PEOPLE = 300;
const REMEMBER = { skipEnrichedWithinDays: 30 };

function bulkCalls(fake: FakeApolloServer) {
	return fake.requestLog.filter((entry) => entry.route === 'bulk_match');
}

describe('n8n 2.x: Skip People Enriched Before, on n8n\'s own deduplication store', () => {
	let instance: Instance;
	let fake: FakeApolloServer;
	let credential: { id: string; name: string };
	const inputs = Array.from({ length: PEOPLE }, (_, k) => ({ email: identityOf(k).email }));

	beforeAll(async () => {
		fake = await startFakeApollo({ seed: 7, latencyMs: 300, people: Array.from({ length: PEOPLE }, (_, k) => directoryPerson(k)) });
		instance = await startInstance(N8N2, NODE24_BIN, 'n8n-2-memory');
		credential = await createFakeCredential(instance, fake);
	}, 300_000);

	afterAll(async () => {
		await stopInstance(instance);
		await fake?.close();
	});

	it('a second run of the same list makes no call', async () => {
		const few = inputs.slice(0, 12);
		const workflow = await instance.api.createWorkflow(
			enrichWorkflow('E2E: remember', credential, few, { operation: 'bulkEnrich', email: '={{ $json.email }}', options: REMEMBER }),
		);
		fake.clearLog();
		const first = await instance.api.waitForExecution(await instance.api.runManually(workflow.id, EXAMPLE_TRIGGER));
		expect(first.status).toBe('success');
		expect(bulkCalls(fake)).toHaveLength(2);

		fake.clearLog();
		const second = await instance.api.waitForExecution(await instance.api.runManually(workflow.id, EXAMPLE_TRIGGER));
		expect(second.status).toBe('success');
		expect(fake.requestLog.filter((entry) => entry.route !== 'auth_health')).toEqual([]);
		const items = nodeOutput(second, ENRICH_NODE);
		expect(items).toHaveLength(12);
		expect(items.every((item) => (item.json as { skipped: string }).skipped === 'enriched_before')).toBe(true);
	}, 120_000);

	it('a run killed halfway is re-run for the chunks Apollo had not answered', async () => {
		const workflow = await instance.api.createWorkflow(
			enrichWorkflow('E2E: crash and re-run', credential, inputs, {
				operation: 'bulkEnrich',
				email: '={{ $json.email }}',
				options: REMEMBER,
				tuning: { maxConcurrentRequests: 2 },
			}),
		);
		fake.clearLog();
		await instance.api.runManually(workflow.id, EXAMPLE_TRIGGER);
		while (bulkCalls(fake).filter((call) => call.status === 200).length < 10) await sleep(50);
		await instance.n8n.kill();
		const before = bulkCalls(fake);
		const answered = before.filter((call) => call.status === 200);
		const answeredEmails = new Set(answered.flatMap((call) => (call.body as { details: Array<{ email: string }> }).details.map((d) => d.email)));

		await instance.n8n.start();
		await instance.api.logIn();
		fake.clearLog();
		const rerun = await instance.api.waitForExecution(await instance.api.runManually(workflow.id, EXAMPLE_TRIGGER), 120_000);
		expect(rerun.status).toBe('success');
		const after = bulkCalls(fake);
		const resent = after.filter((call) =>
			(call.body as { details: Array<{ email: string }> }).details.some((detail) => answeredEmails.has(detail.email)),
		);
		process.stdout.write(
			`[e2e] crash: ${before.length} chunks sent and ${answered.length} answered before SIGKILL; the re-run sent ${after.length} of ${PEOPLE / 10}, ${resent.length} of them answered before the kill\n`,
		);
		// Every chunk is enriched exactly once in all, but for what was answered at the very moment of the kill.
		expect(after.length).toBeLessThanOrEqual(PEOPLE / 10 - answered.length + 2);
		expect(resent.length).toBeLessThanOrEqual(2);
		const items = nodeOutput(rerun, ENRICH_NODE);
		expect(items).toHaveLength(PEOPLE);
		expect(items.filter((item) => (item.json as { skipped: string | null }).skipped === 'enriched_before').length).toBeGreaterThanOrEqual((answered.length - 2) * 10);
	}, 300_000);

	it('did not try to reach anything outside 127.0.0.1', () => {
		expect(instance.n8n.egressAttempts()).toEqual([]);
	});
});

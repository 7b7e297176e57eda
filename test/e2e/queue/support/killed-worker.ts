/**
 * A worker killed mid-run (SIGKILL, as when its container or machine dies) during a long Bulk
 * Enrich, then what a user can do next: "Retry" in the executions list, and a fresh run of the
 * same workflow. Measured at the fake Apollo: chunks sent and answered before the kill, and how
 * many of the re-run's chunks send people Apollo had already billed.
 */
import type { FakeApolloServer } from '../../../fake-apollo';
import { sleep, type Execution } from '../../support/n8n-api';
import { EXAMPLE_TRIGGER } from '../../support/workflows';
import { bulkChunks, killedRunCost, reRunCost, type KilledRunCost, type ReRunCost } from './chunk-accounting';
import type { QueueCluster } from './cluster';
import { largeBulkEnrichWorkflow } from './queue-workflows';

export interface KilledWorkerScenario {
	emails: string[];
	/** Node parameters, placed where the built node has them (built-node.ts). */
	parameters: Record<string, unknown>;
	/** Kill the worker once Apollo has answered this many chunks. */
	killAfterAnswered: number;
}

export interface KilledWorkerReport {
	worker: string;
	killed: KilledRunCost;
	/** The killed run's execution as n8n left it, and how long after the kill. */
	failed: Execution;
	failedAfterS: number;
	/** What "Retry" did: the new execution's status and message, or why n8n refused. */
	retry: string;
	retryChunks: number;
	reRun: Execution;
	reRunCost: ReRunCost;
}

export function errorMessage(execution: Execution): string | undefined {
	return (execution.data?.resultData.error as { message?: string } | undefined)?.message;
}

export async function killWorkerMidRun(
	cluster: QueueCluster,
	fake: FakeApolloServer,
	credential: { id: string; name: string },
	scenario: KilledWorkerScenario,
): Promise<KilledWorkerReport> {
	const workflow = await cluster.api.createWorkflow(largeBulkEnrichWorkflow(credential, scenario.emails, scenario.parameters));
	const runStarted = Date.now();
	const executionId = await cluster.api.runManually(workflow.id, EXAMPLE_TRIGGER);
	const worker = await cluster.workerOf(executionId);
	const answered = () => bulkChunks(fake.requestLog, runStarted).filter((chunk) => chunk.status === 200).length;
	while (answered() < scenario.killAfterAnswered) await sleep(50);
	const killedAt = Date.now();
	await worker.kill();
	// Lock expiry, the stalled-job check and main's 30 s of rechecks: about 45 s with the cluster's settings.
	const failed = await cluster.api.waitForExecution(executionId, 180_000);
	const failedAfterS = Math.round((Date.now() - killedAt) / 1000);
	// In-flight calls to the dead worker are still answered (and billed) by Apollo.
	await sleep(1_000);
	const killed = killedRunCost(bulkChunks(fake.requestLog, runStarted, killedAt), killedAt);

	const retryFrom = Date.now();
	const retry = await cluster.api.retry(executionId).then(
		(execution) => `${execution.status} (execution ${execution.id}: ${errorMessage(execution)})`,
		(error: Error) => `refused: ${error.message.slice(0, 160)}`,
	);
	const retryChunks = bulkChunks(fake.requestLog, retryFrom).length;

	const reRunFrom = Date.now();
	const reRun = await cluster.api.waitForExecution(await cluster.api.runManually(workflow.id, EXAMPLE_TRIGGER), 180_000);
	return {
		worker: worker.name,
		killed,
		failed,
		failedAfterS,
		retry,
		retryChunks,
		reRun,
		reRunCost: reRunCost(bulkChunks(fake.requestLog, reRunFrom), killed.billedPeople),
	};
}

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { createRunExecutionData, deepCopy } from 'n8n-workflow';

import type { StaticDataStore } from './static-data-store';
import type { TimelineEventName, WebhookExecution } from './types';

export interface ExecutionStarterDeps {
	store: StaticDataStore;
	executions: WebhookExecution[];
	/** What the execution hooks get as the workflow row. */
	workflow: Pick<IWorkflowBase, 'id' | 'name' | 'nodes' | 'connections'>;
	buildWorkflow(staticData: IDataObject): Workflow;
	buildAdditionalData(
		extra: Partial<IWorkflowExecuteAdditionalData>,
	): IWorkflowExecuteAdditionalData;
	note(seq: number, event: TimelineEventName): void;
	/** Registers background work so `idle()` / `close()` can wait for it. */
	track(work: Promise<unknown>): void;
}

export interface StartExecutionInput {
	seq: number;
	mode: 'webhook' | 'manual';
	receivedAt: number;
	triggerName: string;
	workflowData: INodeExecutionData[][];
	webhookError?: Error;
}

/**
 * Plays the part of n8n's `WorkflowRunner.run` in regular (non-queue) mode: reads static data
 * fresh (`loadStaticData = true`), builds a new Workflow, starts WorkflowExecute with the
 * trigger's items on the stack, and returns the execution id without waiting for the run. At the
 * end of a non-manual run, changed static data is written back whole (the CLI's
 * `workflowExecuteAfter` hook): the second, independent overwrite of the same column.
 */
export class ExecutionStarter {
	private counter = 0;

	private readonly workflowBase: IWorkflowBase;

	constructor(private readonly deps: ExecutionStarterDeps) {
		const now = new Date();
		this.workflowBase = {
			...deps.workflow,
			active: true,
			isArchived: false,
			activeVersionId: null,
			createdAt: now,
			updatedAt: now,
		};
	}

	async start(input: StartExecutionInput): Promise<string> {
		const { deps } = this;
		const id = String(++this.counter);
		const record: WebhookExecution = {
			id,
			mode: input.mode,
			receivedAt: input.receivedAt,
			items: deepCopy(input.workflowData[0] ?? []),
			status: 'running',
		};
		// activeExecutions.add inserts the execution row before anything answers: a database
		// round trip, so the event loop turns at least once between the run's start and the answer.
		await new Promise((resolve) => setImmediate(resolve));
		deps.executions.push(record);
		if (input.webhookError) {
			// n8n starts a run carrying the error, which ends at once as a failed execution. The
			// host records that outcome without running it.
			record.status = 'error';
			record.error = input.webhookError.message;
			deps.note(input.seq, 'execution-started');
			return id;
		}
		const staticData = await deps.store.load();
		deps.note(input.seq, 'static-data-loaded');
		const workflow = deps.buildWorkflow(staticData);
		deps.note(input.seq, 'execution-started');
		deps.track(
			this.run(record, workflow, input).catch((error: Error) => {
				record.status = 'error';
				record.error = error.message;
			}),
		);
		return id;
	}

	private async run(record: WebhookExecution, workflow: Workflow, input: StartExecutionInput) {
		const { deps } = this;
		const hooks = new ExecutionLifecycleHooks(input.mode, record.id, this.workflowBase);
		hooks.addHandler('workflowExecuteAfter', async (_run, newStaticData) => {
			if (input.mode === 'manual' || !newStaticData) return;
			await deps.store.save(newStaticData);
			deps.note(input.seq, 'execution-static-data-saved');
		});
		const additionalData = deps.buildAdditionalData({ hooks, executionId: record.id });
		const startNode = workflow.getNode(input.triggerName);
		if (!startNode) throw new Error(`[webhook-host] No node named "${input.triggerName}"`);
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: startNode, data: { main: input.workflowData }, source: null }],
			},
		});
		const execute = new WorkflowExecute(additionalData, input.mode, runExecutionData);
		const run = await execute.processRunExecutionData(workflow);
		record.run = run;
		const error = run.data.resultData.error;
		record.status = error ? 'error' : 'success';
		if (error) record.error = error.message;
		deps.note(input.seq, 'execution-finished');
	}
}

/**
 * The run of Person → Search: one search per checked input item, several side by side (up to Max
 * Concurrent Requests) through one scheduler and gate, so every page of every search keeps to
 * Apollo's rate limit with the same waits and retries as enrichment. Outputs come back in input
 * order, each item's people together.
 *
 * A failed search fails its own item (Continue On Fail) or stops the run; Apollo's daily limit
 * stops every search not yet finished, as it does for enrichment.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AdaptiveScheduler } from '../../protocol/scheduler';
import { stopReasonOf } from '../../shared/apolloErrors';
import type { RunSettings } from '../../shared/enrichmentRun';
import { errorItem, isNodeError } from '../../shared/itemErrors';
import type { PreparedItem, PreparedItems } from '../../shared/prepareItems';
import { RequestGate, RunHaltedError } from '../../shared/requestGate';

export type RunOneSearch<D> = (record: PreparedItem<D>, gate: RequestGate) => Promise<INodeExecutionData[]>;

interface SearchRunState {
	outputs: Array<INodeExecutionData[] | undefined>;
	failure?: NodeApiError | NodeOperationError;
	/** The daily limit: every search not finished gets this error (Continue On Fail). */
	stopError?: NodeApiError;
}

export async function runSearches<D>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	prepared: PreparedItems<D>,
	search: RunOneSearch<D>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const state: SearchRunState = { outputs: new Array(ctx.getInputData().length) };
	for (const [itemIndex, error] of prepared.rejected) state.outputs[itemIndex] = [errorItem(error, itemIndex)];

	const gate = new RequestGate(
		new AdaptiveScheduler({ maxConcurrent: settings.maxConcurrentRequests }),
		settings.retryPolicy.maxWaitMs,
	);
	const records = prepared.records;
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < records.length && !gate.isHalted) {
			const record = records[next++];
			try {
				state.outputs[record.itemIndex] = await search(record, gate);
			} catch (error) {
				// Not sent because the run stopped: the stop's own error covers it below.
				if (error instanceof RunHaltedError) continue;
				if (!failSearch(ctx, state, record.itemIndex, error, continueOnFail)) gate.halt();
			}
		}
	};
	const workers = Math.min(settings.maxConcurrentRequests, records.length);
	await Promise.all(Array.from({ length: workers }, worker));

	if (state.failure) throw state.failure;
	for (const record of records) {
		if (state.outputs[record.itemIndex] === undefined && state.stopError) {
			state.outputs[record.itemIndex] = [errorItem(state.stopError, record.itemIndex)];
		}
	}
	return state.outputs.flatMap((items) => items ?? []);
}

/** Records a failed search; returns whether the run may go on. */
function failSearch(
	ctx: IExecuteFunctions,
	state: SearchRunState,
	itemIndex: number,
	error: unknown,
	continueOnFail: boolean,
): boolean {
	const nodeError = isNodeError(error) ? error : new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	nodeError.context.itemIndex = itemIndex;
	if (stopReasonOf(nodeError) === 'daily_limit_exhausted') state.stopError ??= nodeError as NodeApiError;
	if (!continueOnFail) {
		state.failure ??= nodeError;
		return false;
	}
	state.outputs[itemIndex] = [errorItem(nodeError, itemIndex)];
	return state.stopError === undefined;
}

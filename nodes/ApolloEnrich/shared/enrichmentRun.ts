/**
 * The run every enrich operation shares, whatever it enriches: repeated inputs collapsed into one
 * lookup; lookups answered in an earlier run skipped (Options → Skip … Enriched Before); lookups
 * grouped into calls by their flags; calls sent concurrently through the run's scheduler, each
 * within the credit cap; every answer fanned out to its input items in their own places, and
 * remembered as soon as it arrives. The resource supplies the call itself.
 *
 * Memory stays proportional to the calls in flight: an answer is turned into output items as soon
 * as it arrives, and nothing else of it is kept.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CreditCap } from '../protocol/credits';
import type { EnrichOperation } from '../protocol/enrichOutput';
import type { MemoryScope } from '../protocol/enrichMemory';
import type { RetryPolicy } from '../protocol/rateLimit';
import { groupRepeats, planCalls, type Lookup } from '../protocol/repeatedInputs';
import { AdaptiveScheduler } from '../protocol/scheduler';
import { stopReasonOf } from './apolloErrors';
import { EnrichMemory, type MemorySettings } from './enrichMemory';
import { addHint } from './executionHints';
import type { PreparedItem, PreparedItems } from './prepareItems';
import { RequestGate, RunHaltedError } from './requestGate';
import { RunState, type RunAnswer, type RunUnit } from './runResults';
import { reportRun } from './runReport';

export { asItemJson, type RunAnswer, type RunUnit } from './runResults';

/** The settings every enrich operation has, read once per run. */
export interface RunSettings {
	simplify: boolean;
	includeApolloDetails: boolean;
	errorOnNoMatch: boolean;
	enrichRepeatedInputsOnce: boolean;
	/** 0: no cap. */
	maxCreditsPerRun: number;
	memory: MemorySettings;
	batchSize: number;
	retryPolicy: RetryPolicy;
	maxConcurrentRequests: number;
	timeoutMs: number;
}

/** An operation's Apollo call: the lookups of one unit, sent through the run's gate. */
export type SendCall<D, Reason extends string, M, Context> = (
	ctx: IExecuteFunctions,
	unit: RunUnit<D>,
	gate: RequestGate,
	context: Context,
) => Promise<RunAnswer<Reason, M>>;

/** What a resource adds to the run: what it enriches, its call, and its prices. */
export interface RunResource<D extends object, Reason extends string, M extends object> {
	/** The output's record key, and the word messages use: `person` or `organization`. */
	recordKey: 'person' | 'organization';
	operation: EnrichOperation;
	/** Lookups per call: 1 for single enrich, the batch size for bulk. */
	perCall: number;
	send: (unit: RunUnit<D>, gate: RequestGate) => Promise<RunAnswer<Reason, M>>;
	/** Credits one matched lookup cost, judged by its call's counters. */
	creditsPerMatch: (meta: M) => number;
	/** The most one lookup of this call group can cost; null when nobody can say (a waterfall). */
	worstCasePerLookup: (group: string | undefined) => number | null;
	/** The flags that decide what Apollo sells for this call group (the memory's values carry them). */
	memoryFlags: (group: string | undefined) => string;
}

export async function runConcurrentEnrichment<D extends object, Reason extends string, M extends object>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	prepared: PreparedItems<D>,
	resource: RunResource<D, Reason, M>,
): Promise<INodeExecutionData[]> {
	const state = new RunState(ctx, resource.recordKey, resource.operation, ctx.continueOnFail(), ctx.getInputData().length);
	for (const [itemIndex, error] of prepared.rejected) state.reject(itemIndex, error);

	const lookups = groupRepeats(prepared.records, settings.enrichRepeatedInputsOnce);
	const cap = creditCapFor(ctx, settings, resource, lookups);
	const memory = await EnrichMemory.open(ctx, settings.memory);
	const scopeOf = (lookup: Lookup<PreparedItem<D>>): MemoryScope => ({
		resource: resource.recordKey,
		flags: resource.memoryFlags(lookup.items[0].group),
	});
	const toSend = memory ? await skipEnrichedBefore(ctx, state, memory, lookups, scopeOf, resource) : lookups;

	const units: Array<RunUnit<D>> = planCalls(toSend, resource.perCall).map((group, index) => ({
		number: index + 1,
		lookups: group,
		firstItem: group[0].items[0].itemIndex,
		group: group[0].items[0].group,
	}));
	await sendAll(settings, state, resource, units, { cap, memory, scopeOf });
	const memoryFailure = await memory?.flush();

	const failure = state.failureWithProgress(units);
	if (failure) throw failure;
	state.fillStopped(units);
	reportRun(ctx, state, settings, { lookups, units, perCall: resource.perCall, memoryFailure, reveal: resource });
	return state.results;
}

/** The cap, checked before anything else: a waterfall has no published price, so no cap holds. */
function creditCapFor<D extends object, Reason extends string, M extends object>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	resource: RunResource<D, Reason, M>,
	lookups: Array<Lookup<PreparedItem<D>>>,
): CreditCap | undefined {
	if (settings.maxCreditsPerRun <= 0) return undefined;
	const unpriced = lookups.find((lookup) => resource.worstCasePerLookup(lookup.items[0].group) === null);
	if (unpriced) {
		const itemIndex = unpriced.items[0].itemIndex;
		throw new NodeOperationError(ctx.getNode(), `Max Credits per Run cannot bound a waterfall [item ${itemIndex}]`, {
			itemIndex,
			description:
				"Apollo does not publish what its waterfall vendors charge, so the node cannot tell what a waterfall call may cost. Turn off the waterfall options for this run, or remove Options → Max Credits per Run. Nothing was sent.",
		});
	}
	return new CreditCap(settings.maxCreditsPerRun);
}

async function skipEnrichedBefore<D extends object, Reason extends string, M extends object>(
	ctx: IExecuteFunctions,
	state: RunState,
	memory: EnrichMemory,
	lookups: Array<Lookup<PreparedItem<D>>>,
	scopeOf: (lookup: Lookup<PreparedItem<D>>) => MemoryScope,
	resource: RunResource<D, Reason, M>,
): Promise<Array<Lookup<PreparedItem<D>>>> {
	const check = await memory.check(
		lookups.map((lookup) => ({ scope: scopeOf(lookup), details: lookup.items[0].details as never })),
	);
	if (check.reset) {
		addHint(
			ctx,
			"This node's memory of earlier runs was found half-written (a run stopped while checking it, or two runs checked it at once) and was cleared to stay safe: everyone is enriched again this time.",
			'warning',
		);
	}
	return lookups.filter((lookup, position) => {
		if (!check.seen.has(position)) return true;
		state.skip(lookup, 'enriched_before');
		state.summary.creditsSavedEnrichedBefore += resource.worstCasePerLookup(lookup.items[0].group) ?? 1;
		return false;
	});
}

interface RunAids {
	cap?: CreditCap;
	memory?: EnrichMemory;
	scopeOf: (lookup: Lookup<PreparedItem<never>>) => MemoryScope;
}

/** Workers take the next call until none is left or the run has stopped. */
async function sendAll<D extends object, Reason extends string, M extends object>(
	settings: RunSettings,
	state: RunState,
	resource: RunResource<D, Reason, M>,
	units: Array<RunUnit<D>>,
	aids: RunAids,
): Promise<void> {
	const scheduler = new AdaptiveScheduler({ maxConcurrent: settings.maxConcurrentRequests });
	const gate = new RequestGate(scheduler, settings.retryPolicy.maxWaitMs, Date.now, !state.continueOnFail);
	const budget = new Budget(aids.cap);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < units.length && !gate.isHalted) {
			const unit = units[next++];
			const worst = unit.lookups.length * (resource.worstCasePerLookup(unit.group) ?? 0);
			if (!(await budget.reserve(worst))) {
				for (const lookup of unit.lookups) state.skip(lookup, 'credit_cap');
				continue;
			}
			let cost = 0;
			try {
				const answer = await resource.send(unit, gate);
				state.summary.calls++;
				const matched = answer.classifications.filter((classification) => classification.matched).length;
				cost = matched * (resource.worstCasePerLookup(unit.group) ?? 1);
				const creditsPerMatch = resource.creditsPerMatch(answer.meta);
				state.place(unit, answer, { errorOnNoMatch: settings.errorOnNoMatch, dedupe: settings.enrichRepeatedInputsOnce, creditsPerMatch });
				remember(aids, unit, answer);
			} catch (error) {
				// Not sent because the run stopped: the stop's own error covers these items later.
				if (error instanceof RunHaltedError) continue;
				state.summary.calls++;
				// Apollo may have billed a call that failed after it was sent.
				cost = unbilled(error) ? 0 : worst;
				state.fail(unit, error as Error);
			} finally {
				budget.settle(worst, cost);
			}
			// Calls in flight finish (Apollo may bill them); no further call is sent.
			if (state.failure || state.stopError) gate.halt();
		}
	};
	const workers = Math.min(settings.maxConcurrentRequests, units.length);
	await Promise.all(Array.from({ length: workers }, worker));
}

/** Failures Apollo did not bill: it refused the call, or it was never sent. */
function unbilled(error: unknown): boolean {
	const reason = stopReasonOf(error);
	return reason === 'retries_exhausted' || reason === 'wait_too_long' || reason === 'daily_limit_exhausted';
}

function remember<D, Reason extends string, M>(aids: RunAids, unit: RunUnit<D>, answer: RunAnswer<Reason, M>): void {
	if (!aids.memory) return;
	unit.lookups.forEach((lookup, position) => {
		const classification = answer.classifications[position];
		const id = classification.matched && typeof classification.record.id === 'string' ? classification.record.id : null;
		aids.memory?.record(aids.scopeOf(lookup as never), lookup.items[0].details as never, id);
	});
}

/**
 * The credit cap as the workers see it: a call whose worst case does not fit now waits while
 * other calls are in flight (they may cost less than their worst case), and is skipped only when
 * it cannot fit even once they are settled.
 */
class Budget {
	private waiting: Array<() => void> = [];

	constructor(private readonly cap: CreditCap | undefined) {}

	async reserve(worst: number): Promise<boolean> {
		if (!this.cap) return true;
		while (!this.cap.tryReserve(worst)) {
			if (this.cap.inFlight === 0 || !this.cap.couldFit(worst)) return false;
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		return true;
	}

	settle(worst: number, cost: number): void {
		if (!this.cap) return;
		this.cap.settle(worst, cost);
		for (const wake of this.waiting.splice(0)) wake();
	}
}

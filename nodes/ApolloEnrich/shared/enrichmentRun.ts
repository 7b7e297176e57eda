/**
 * The run every enrich operation shares, whatever it enriches: repeated inputs collapsed into one
 * lookup, lookups grouped into calls, calls sent concurrently through the run's scheduler, and
 * every answer fanned out to its input items in their own places, whatever order the answers
 * come back in. The resource supplies the call itself and how a result becomes an output item.
 *
 * Memory stays proportional to the calls in flight: an answer is turned into output items as soon
 * as it arrives, and nothing else of it is kept.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { chunk } from '../protocol/batching';
import { callsFor, groupRepeats, type Lookup } from '../protocol/dedupeKeys';
import type { DedupeMeta, RunSavings } from '../protocol/dedupeKeys';
import type { RetryPolicy } from '../protocol/rateLimit';
import { AdaptiveScheduler } from '../protocol/scheduler';
import { errorItem, isNodeError, noteProgress } from './itemErrors';
import type { PreparedItem } from './prepareItems';
import { RequestGate, RunHaltedError } from './requestGate';
import { stopReasonOf } from './transport';

/** The options every enrich operation has (Options → …), read once per run. */
export interface RunSettings {
	errorOnNoMatch: boolean;
	batchSize: number;
	retryPolicy: RetryPolicy;
	maxConcurrentRequests: number;
	enrichRepeatedInputsOnce: boolean;
	timeoutMs: number;
}

/** The lookups that travel in one Apollo call. */
export interface RunUnit<P> {
	/** 1-based, in input order; reported as apollo.call.batchNumber. */
	number: number;
	lookups: Array<Lookup<P>>;
	/** The item an error of this call is reported against: its first input item. */
	firstItem: number;
}

/** Apollo's answer to one call: call-level facts, and one classification per lookup, in order. */
export interface RunAnswer<C, M> {
	meta: M;
	classifications: C[];
}

/** The no-match members of a classification union. */
export type Unmatched<C> = Extract<C, { matched: false }>;

/** What a resource adds to the run: its call, and what its results look like as items. */
export interface RunResource<P extends PreparedItem<object>, C extends { matched: boolean }, M> {
	/** Lookups per call: 1 for single enrich, the batch size for bulk. */
	perCall: number;
	send: (unit: RunUnit<P>, gate: RequestGate) => Promise<RunAnswer<C, M>>;
	outputItem: (
		record: P,
		classification: C,
		meta: M,
		dedupe: DedupeMeta | null,
	) => INodeExecutionData;
	/** For Options → Error on No Match. */
	noMatchError: (record: P, classification: Unmatched<C>) => NodeOperationError;
	/** A repeat's own copy of a match, so that a later node changing one item leaves the others be. */
	copyForRepeat: (classification: C) => C;
	/** Credits one more lookup of a matched record would have cost, judged by its call. */
	creditsPerMatch: (meta: M) => number;
}

interface RunState {
	continueOnFail: boolean;
	results: INodeExecutionData[];
	/** 1 for every item whose lookup Apollo answered. */
	answered: Uint8Array;
	enriched: number;
	creditsSaved: number;
	/** The first failure of a run without Continue On Fail; it stops the run. */
	failure?: NodeApiError | NodeOperationError;
	/** The daily limit: every call not yet answered gets this error (Continue On Fail). */
	stopError?: NodeApiError;
}

export async function runConcurrentEnrichment<
	P extends PreparedItem<object>,
	C extends { matched: boolean },
	M,
>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	prepared: { records: P[]; rejected: Map<number, NodeOperationError> },
	resource: RunResource<P, C, M>,
): Promise<INodeExecutionData[]> {
	const itemCount = ctx.getInputData().length;
	const state: RunState = {
		continueOnFail: ctx.continueOnFail(),
		results: new Array(itemCount),
		answered: new Uint8Array(itemCount),
		enriched: 0,
		creditsSaved: 0,
	};
	for (const [itemIndex, error] of prepared.rejected) {
		state.results[itemIndex] = errorItem(error, itemIndex);
	}

	const lookups = groupRepeats(prepared.records, settings.enrichRepeatedInputsOnce);
	const units: Array<RunUnit<P>> = chunk(lookups, resource.perCall).map((group, index) => ({
		number: index + 1,
		lookups: group,
		firstItem: group[0].items[0].itemIndex,
	}));
	const scheduler = new AdaptiveScheduler({ maxConcurrent: settings.maxConcurrentRequests });
	const gate = new RequestGate(scheduler, settings.retryPolicy.maxWaitMs);

	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < units.length && !gate.isHalted) {
			const unit = units[next++];
			try {
				placeAnswer(settings, state, resource, unit, await resource.send(unit, gate));
			} catch (error) {
				// Not sent because the run stopped: the stop's own error covers these items below.
				if (error instanceof RunHaltedError) continue;
				failCall(ctx, state, unit, error as Error);
			}
			// Calls in flight finish (Apollo may bill them); no further call is sent.
			if (state.failure || state.stopError) gate.halt();
		}
	};
	const workers = Math.min(settings.maxConcurrentRequests, units.length);
	await Promise.all(Array.from({ length: workers }, worker));

	if (state.failure) throw withProgress(state, state.failure, units);
	for (const unit of units) {
		// Calls the daily limit kept from being sent: their items get its error, in their places.
		for (const record of itemsOf(unit)) {
			if (state.results[record.itemIndex] === undefined && state.stopError) {
				state.results[record.itemIndex] = errorItem(state.stopError, record.itemIndex);
			}
		}
	}
	if (settings.enrichRepeatedInputsOnce) {
		const savings: RunSavings = {
			repeatedItems: prepared.records.length - lookups.length,
			callsSaved: callsFor(prepared.records.length, resource.perCall) - units.length,
			creditsSaved: Math.round(state.creditsSaved * 100) / 100,
		};
		attachSavings(ctx, state.results, savings);
	}
	return state.results;
}

function itemsOf<P>(unit: RunUnit<P>): P[] {
	return unit.lookups.flatMap((lookup) => lookup.items);
}

function placeAnswer<P extends PreparedItem<object>, C extends { matched: boolean }, M>(
	settings: RunSettings,
	state: RunState,
	resource: RunResource<P, C, M>,
	unit: RunUnit<P>,
	answer: RunAnswer<C, M>,
): void {
	unit.lookups.forEach((lookup, position) => {
		const classification = answer.classifications[position];
		const lead = lookup.items[0];
		lookup.items.forEach((record, index) => {
			state.answered[record.itemIndex] = 1;
			if (!classification.matched && settings.errorOnNoMatch) {
				const error = resource.noMatchError(record, classification as Unmatched<C>);
				if (!state.continueOnFail) {
					state.failure ??= error;
					return;
				}
				state.results[record.itemIndex] = errorItem(error, record.itemIndex);
				return;
			}
			const isRepeat = index > 0;
			if (isRepeat && classification.matched)
				state.creditsSaved += resource.creditsPerMatch(answer.meta);
			const dedupe: DedupeMeta | null = settings.enrichRepeatedInputsOnce
				? { sharedWithItem: isRepeat ? lead.itemIndex : null, run: null }
				: null;
			const own =
				isRepeat && classification.matched
					? resource.copyForRepeat(classification)
					: classification;
			state.results[record.itemIndex] = resource.outputItem(record, own, answer.meta, dedupe);
			state.enriched++;
		});
	});
}

function failCall<P extends PreparedItem<object>>(
	ctx: IExecuteFunctions,
	state: RunState,
	unit: RunUnit<P>,
	error: Error,
): void {
	if (stopReasonOf(error) === 'daily_limit_exhausted') state.stopError ??= error as NodeApiError;
	if (!state.continueOnFail) {
		state.failure ??= isNodeError(error)
			? error
			: new NodeOperationError(ctx.getNode(), error, { itemIndex: unit.firstItem });
		return;
	}
	// A failed call fails every item it carried, repeats included, each with its own error item.
	for (const record of itemsOf(unit)) {
		state.results[record.itemIndex] = errorItem(error, record.itemIndex);
	}
}

/** The failure that stopped the run, with how many items were enriched and which were not. */
function withProgress<P extends PreparedItem<object>>(
	state: RunState,
	failure: NodeApiError | NodeOperationError,
	units: Array<RunUnit<P>>,
): NodeApiError | NodeOperationError {
	const notEnriched: number[] = [];
	for (const unit of units) {
		for (const record of itemsOf(unit)) {
			if (state.answered[record.itemIndex] === 0) notEnriched.push(record.itemIndex);
		}
	}
	noteProgress(failure, state.enriched, notEnriched);
	return failure;
}

/** Every item tells the run's savings; n8n also shows them above the output. */
function attachSavings(
	ctx: IExecuteFunctions,
	results: INodeExecutionData[],
	savings: RunSavings,
): void {
	for (const item of results) {
		const apollo = (item.json as { apollo?: { dedupe?: DedupeMeta | null } }).apollo;
		if (apollo?.dedupe) apollo.dedupe.run = { ...savings };
	}
	// Older n8n versions have no execution hints; the items carry the figures anyway.
	if (savings.repeatedItems === 0 || typeof ctx.addExecutionHints !== 'function') return;
	ctx.addExecutionHints({
		message: `${savings.repeatedItems} input item(s) repeated an earlier item's identifiers and shared its result: ${savings.callsSaved} Apollo call(s) and about ${savings.creditsSaved} credit(s) saved`,
		location: 'outputPane',
	});
}

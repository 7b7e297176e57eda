/**
 * The run every enrich operation shares, whatever it enriches: repeated inputs collapsed into one
 * lookup, lookups grouped into calls, calls sent concurrently through the run's scheduler, and
 * every answer fanned out to its input items in their own places, whatever order the answers
 * come back in. The resource supplies the call itself; the output item is the same for all
 * (protocol/enrichOutput.ts).
 *
 * Memory stays proportional to the calls in flight: an answer is turned into output items as soon
 * as it arrives, and nothing else of it is kept.
 */
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { deepCopy, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { enrichOutput, type Classification, type EnrichOperation } from '../protocol/enrichOutput';
import type { RetryPolicy } from '../protocol/rateLimit';
import {
	callsFor,
	chunk,
	groupRepeats,
	type DedupeMeta,
	type Lookup,
	type RunSavings,
} from '../protocol/repeatedInputs';
import { AdaptiveScheduler } from '../protocol/scheduler';
import { errorItem, isNodeError, noteProgress } from './itemErrors';
import type { PreparedItem, PreparedItems } from './prepareItems';
import { RequestGate, RunHaltedError } from './requestGate';
import { stopReasonOf } from './apolloErrors';

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
export interface RunUnit<D> {
	/** 1-based, in input order; reported as apollo.call.batchNumber. */
	number: number;
	lookups: Array<Lookup<PreparedItem<D>>>;
	/** The item an error of this call is reported against: its first input item. */
	firstItem: number;
}

/** Apollo's answer to one call: call-level facts, and one classification per lookup, in order. */
export interface RunAnswer<Reason extends string, M> {
	meta: M;
	classifications: Array<Classification<Reason>>;
}

/** What a resource adds to the run: what it enriches, and its call. */
export interface RunResource<D extends object, Reason extends string, M extends object> {
	/** The output's record key, and the word messages use: `person` or `organization`. */
	recordKey: 'person' | 'organization';
	operation: EnrichOperation;
	/** Lookups per call: 1 for single enrich, the batch size for bulk. */
	perCall: number;
	send: (unit: RunUnit<D>, gate: RequestGate) => Promise<RunAnswer<Reason, M>>;
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

/** The protocol's plain records as n8n's item JSON: the one cast at that boundary. */
export function asItemJson(record: object): JsonObject {
	return record as unknown as JsonObject;
}

export async function runConcurrentEnrichment<D extends object, Reason extends string, M extends object>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	prepared: PreparedItems<D>,
	resource: RunResource<D, Reason, M>,
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
	const units: Array<RunUnit<D>> = chunk(lookups, resource.perCall).map((group, index) => ({
		number: index + 1,
		lookups: group,
		firstItem: group[0].items[0].itemIndex,
	}));
	await sendAll(ctx, settings, state, resource, units);

	if (state.failure) throw withProgress(state, state.failure, units);
	fillStoppedItems(state, units);
	if (settings.enrichRepeatedInputsOnce) {
		attachSavings(ctx, state.results, {
			repeatedItems: prepared.records.length - lookups.length,
			callsSaved: callsFor(prepared.records.length, resource.perCall) - units.length,
			creditsSaved: Math.round(state.creditsSaved * 100) / 100,
		});
	}
	return state.results;
}

/** Workers take the next call until none is left or the run has stopped. */
async function sendAll<D extends object, Reason extends string, M extends object>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	state: RunState,
	resource: RunResource<D, Reason, M>,
	units: Array<RunUnit<D>>,
): Promise<void> {
	const scheduler = new AdaptiveScheduler({ maxConcurrent: settings.maxConcurrentRequests });
	const gate = new RequestGate(scheduler, settings.retryPolicy.maxWaitMs);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < units.length && !gate.isHalted) {
			const unit = units[next++];
			try {
				placeAnswer(ctx, settings, state, resource, unit, await resource.send(unit, gate));
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
}

function itemsOf<D>(unit: RunUnit<D>): Array<PreparedItem<D>> {
	return unit.lookups.flatMap((lookup) => lookup.items);
}

function placeAnswer<D extends object, Reason extends string, M extends object>(
	ctx: IExecuteFunctions,
	settings: RunSettings,
	state: RunState,
	resource: RunResource<D, Reason, M>,
	unit: RunUnit<D>,
	answer: RunAnswer<Reason, M>,
): void {
	unit.lookups.forEach((lookup, position) => {
		const classification = answer.classifications[position];
		const lead = lookup.items[0];
		lookup.items.forEach((record, index) => {
			state.answered[record.itemIndex] = 1;
			if (!classification.matched && settings.errorOnNoMatch) {
				const error = noMatchError(ctx, resource.recordKey, record, classification.reason);
				if (!state.continueOnFail) {
					state.failure ??= error;
					return;
				}
				state.results[record.itemIndex] = errorItem(error, record.itemIndex);
				return;
			}
			const isRepeat = index > 0;
			if (isRepeat && classification.matched) state.creditsSaved += resource.creditsPerMatch(answer.meta);
			const dedupe: DedupeMeta | null = settings.enrichRepeatedInputsOnce
				? { sharedWithItem: isRepeat ? lead.itemIndex : null, run: null }
				: null;
			// A repeat gets its own copy, so that a later node changing one item leaves the others be.
			const own: Classification<Reason> =
				isRepeat && classification.matched
					? { matched: true, record: deepCopy(classification.record) }
					: classification;
			state.results[record.itemIndex] = {
				json: asItemJson(enrichOutput(resource.recordKey, resource.operation, own, answer.meta, dedupe)),
				pairedItem: { item: record.itemIndex },
			};
			state.enriched++;
		});
	});
}

/** For Options → Error on No Match: names the item and what was sent for it. */
function noMatchError(
	ctx: IExecuteFunctions,
	recordKey: string,
	record: PreparedItem<object>,
	reason: string,
): NodeOperationError {
	const sent = Object.entries(record.details)
		.map(([key, value]) => `${key}=${String(value)}`)
		.join(', ');
	return new NodeOperationError(ctx.getNode(), `Apollo found no ${recordKey} for item ${record.itemIndex}`, {
		itemIndex: record.itemIndex,
		description: `Sent: ${sent} (${reason}). Turn off Options → Error on No Match to output unmatched items flagged with apollo.matched = false instead.`,
	});
}

function failCall<D>(ctx: IExecuteFunctions, state: RunState, unit: RunUnit<D>, error: Error): void {
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

/** Calls the daily limit kept from being sent: their items get its error, in their places. */
function fillStoppedItems<D>(state: RunState, units: Array<RunUnit<D>>): void {
	if (!state.stopError) return;
	for (const unit of units) {
		for (const record of itemsOf(unit)) {
			if (state.results[record.itemIndex] === undefined) {
				state.results[record.itemIndex] = errorItem(state.stopError, record.itemIndex);
			}
		}
	}
}

/** The failure that stopped the run, with how many items were enriched and which were not. */
function withProgress<D>(
	state: RunState,
	failure: NodeApiError | NodeOperationError,
	units: Array<RunUnit<D>>,
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
function attachSavings(ctx: IExecuteFunctions, results: INodeExecutionData[], savings: RunSavings): void {
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

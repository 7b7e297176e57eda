/**
 * The run Enrich and Bulk Enrich share: repeated inputs collapsed into one lookup, lookups grouped
 * into calls, calls sent concurrently through the run's scheduler, and every answer fanned out to
 * its input items in their own places, whatever order the answers come back in.
 *
 * Memory stays proportional to the calls in flight: an answer is turned into output items as soon
 * as it arrives, and nothing else of it is kept.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { deepCopy, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { chunk } from '../../protocol/batching';
import { callsFor, groupRepeats, type Lookup } from '../../protocol/dedupeKeys';
import {
	creditsPerMatch,
	type CallMeta,
	type DedupeMeta,
	type PersonClassification,
	type PersonOperation,
	type RunSavings,
} from '../../protocol/personResults';
import { AdaptiveScheduler } from '../../protocol/scheduler';
import { RequestGate, RunHaltedError } from '../../shared/requestGate';
import { stopReasonOf } from '../../shared/transport';
import type { EnrichSettings } from './optionFields';
import {
	errorItem,
	isNodeError,
	noMatchError,
	noteProgress,
	personItem,
	type PreparedPerson,
	type PreparedRun,
} from './personExecution';

/** The lookups that travel in one Apollo call. */
export interface CallUnit {
	/** 1-based, in input order; reported as apollo.call.batchNumber. */
	number: number;
	lookups: Array<Lookup<PreparedPerson>>;
	/** The item an error of this call is reported against: its first input item. */
	firstItem: number;
}

/** Apollo's answer to one call: call-level facts, and one classification per lookup, in order. */
export interface CallAnswer {
	meta: CallMeta;
	classifications: PersonClassification[];
}

export type SendCall = (unit: CallUnit, gate: RequestGate) => Promise<CallAnswer>;

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

export async function runEnrichment(
	ctx: IExecuteFunctions,
	operation: PersonOperation,
	settings: EnrichSettings,
	prepared: PreparedRun,
	sendCall: SendCall,
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

	const lookups = groupRepeats(prepared.people, settings.enrichRepeatedInputsOnce);
	const perCall = operation === 'bulkEnrich' ? settings.batchSize : 1;
	const units: CallUnit[] = chunk(lookups, perCall).map((group, index) => ({
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
				placeAnswer(ctx, operation, settings, state, unit, await sendCall(unit, gate));
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
		for (const person of itemsOf(unit)) {
			if (state.results[person.itemIndex] === undefined && state.stopError) {
				state.results[person.itemIndex] = errorItem(state.stopError, person.itemIndex);
			}
		}
	}
	if (settings.enrichRepeatedInputsOnce) {
		const savings: RunSavings = {
			repeatedItems: prepared.people.length - lookups.length,
			callsSaved: callsFor(prepared.people.length, perCall) - units.length,
			creditsSaved: Math.round(state.creditsSaved * 100) / 100,
		};
		attachSavings(ctx, state.results, savings);
	}
	return state.results;
}

function itemsOf(unit: CallUnit): PreparedPerson[] {
	return unit.lookups.flatMap((lookup) => lookup.items);
}

function placeAnswer(
	ctx: IExecuteFunctions,
	operation: PersonOperation,
	settings: EnrichSettings,
	state: RunState,
	unit: CallUnit,
	answer: CallAnswer,
): void {
	unit.lookups.forEach((lookup, position) => {
		const classification = answer.classifications[position];
		const lead = lookup.items[0];
		lookup.items.forEach((person, index) => {
			state.answered[person.itemIndex] = 1;
			if (!classification.matched && settings.errorOnNoMatch) {
				const error = noMatchError(ctx, person, classification.reason);
				if (!state.continueOnFail) {
					state.failure ??= error;
					return;
				}
				state.results[person.itemIndex] = errorItem(error, person.itemIndex);
				return;
			}
			const isRepeat = index > 0;
			if (isRepeat && classification.matched) state.creditsSaved += creditsPerMatch(answer.meta);
			const dedupe: DedupeMeta | null = settings.enrichRepeatedInputsOnce
				? { sharedWithItem: isRepeat ? lead.itemIndex : null, run: null }
				: null;
			// Each repeat gets its own copy, so that a later node changing one item leaves the others be.
			const own: PersonClassification =
				isRepeat && classification.matched
					? { matched: true, person: deepCopy(classification.person) }
					: classification;
			state.results[person.itemIndex] = personItem(operation, person, own, answer.meta, dedupe);
			state.enriched++;
		});
	});
}

function failCall(ctx: IExecuteFunctions, state: RunState, unit: CallUnit, error: Error): void {
	if (stopReasonOf(error) === 'daily_limit_exhausted') state.stopError ??= error as NodeApiError;
	if (!state.continueOnFail) {
		state.failure ??= isNodeError(error)
			? error
			: new NodeOperationError(ctx.getNode(), error, { itemIndex: unit.firstItem });
		return;
	}
	// A failed call fails every item it carried, repeats included, each with its own error item.
	for (const person of itemsOf(unit)) state.results[person.itemIndex] = errorItem(error, person.itemIndex);
}

/** The failure that stopped the run, with how many items were enriched and which were not. */
function withProgress(
	state: RunState,
	failure: NodeApiError | NodeOperationError,
	units: CallUnit[],
): NodeApiError | NodeOperationError {
	const notEnriched: number[] = [];
	for (const unit of units) {
		for (const person of itemsOf(unit)) {
			if (state.answered[person.itemIndex] === 0) notEnriched.push(person.itemIndex);
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

/**
 * Where the shared run puts what happened to each input item: one output item per input item, in
 * its own place, whatever order the answers come back in; and the run's figures as it goes.
 */
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { deepCopy, NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	enrichOutput,
	skippedOutput,
	type Classification,
	type EnrichOperation,
	type SkipReason,
} from '../protocol/enrichOutput';
import type { DedupeMeta, Lookup } from '../protocol/repeatedInputs';
import { emptySummary, type RunSummary } from '../protocol/runSummary';
import { stopReasonOf } from './apolloErrors';
import { errorItem, isNodeError, noteProgress } from './itemErrors';
import type { PreparedItem } from './prepareItems';

/** The protocol's plain records as n8n's item JSON: the one cast at that boundary. */
export function asItemJson(record: object): JsonObject {
	return record as unknown as JsonObject;
}

/** The lookups that travel in one Apollo call. */
export interface RunUnit<D> {
	/** 1-based, in the order calls are planned; reported as apollo.call.batchNumber. */
	number: number;
	lookups: Array<Lookup<PreparedItem<D>>>;
	/** The item an error of this call is reported against: its first input item. */
	firstItem: number;
	/** The call group: the same flags for every lookup (protocol/repeatedInputs.ts planCalls). */
	group?: string;
}

/** Apollo's answer to one call: call-level facts, and one classification per lookup, in order. */
export interface RunAnswer<Reason extends string, M> {
	meta: M;
	classifications: Array<Classification<Reason>>;
}

export class RunState {
	readonly results: INodeExecutionData[];
	/** 1 for every item whose lookup Apollo answered. */
	readonly answered: Uint8Array;
	/** Items with an enrich output (matched or flagged), not counting no-matches made errors. */
	private enriched = 0;
	readonly summary: RunSummary;
	/** The first failure of a run without Continue On Fail; it stops the run. */
	failure?: NodeApiError | NodeOperationError;
	/** The daily limit: every call not yet answered gets this error (Continue On Fail). */
	stopError?: NodeApiError;

	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly recordKey: 'person' | 'organization',
		readonly operation: EnrichOperation,
		readonly continueOnFail: boolean,
		itemCount: number,
	) {
		this.results = new Array(itemCount);
		this.answered = new Uint8Array(itemCount);
		this.summary = emptySummary(itemCount);
	}

	reject(itemIndex: number, error: Error): void {
		this.results[itemIndex] = errorItem(error, itemIndex);
		this.summary.errors++;
	}

	skip<D>(lookup: Lookup<PreparedItem<D>>, reason: SkipReason): void {
		for (const record of lookup.items) {
			const output = skippedOutput(this.recordKey, this.operation, reason, record.details as object);
			this.results[record.itemIndex] = { json: asItemJson(output), pairedItem: { item: record.itemIndex } };
			if (reason === 'enriched_before') this.summary.skippedEnrichedBefore++;
			else this.summary.skippedCreditCap++;
		}
	}

	/** Every item of an answered call, repeats included, each in its own place. */
	place<D, Reason extends string, M extends object>(
		unit: RunUnit<D>,
		answer: RunAnswer<Reason, M>,
		options: { errorOnNoMatch: boolean; dedupe: boolean; creditsPerMatch: number },
	): void {
		unit.lookups.forEach((lookup, position) => {
			const classification = answer.classifications[position];
			lookup.items.forEach((record, index) => {
				this.answered[record.itemIndex] = 1;
				if (!classification.matched && options.errorOnNoMatch) {
					this.noMatch(record, classification.reason);
					return;
				}
				const isRepeat = index > 0;
				const dedupe: DedupeMeta | null = options.dedupe
					? { sharedWithItem: isRepeat ? lookup.items[0].itemIndex : null, run: null }
					: null;
				// A repeat gets its own copy, so that a later node changing one item leaves the others be.
				const own: Classification<Reason> =
					isRepeat && classification.matched
						? { matched: true, record: deepCopy(classification.record) }
						: classification;
				const credits = classification.matched && !isRepeat ? options.creditsPerMatch : 0;
				const facts = { details: record.details as object, meta: answer.meta, dedupe, credits };
				const output = enrichOutput(this.recordKey, this.operation, own, facts);
				this.results[record.itemIndex] = { json: asItemJson(output), pairedItem: { item: record.itemIndex } };
				this.enriched++;
				this.count(classification.matched, isRepeat, options.creditsPerMatch, credits);
			});
		});
	}

	private count(matched: boolean, isRepeat: boolean, perMatch: number, credits: number): void {
		if (matched) this.summary.matched++;
		else this.summary.noMatch++;
		if (isRepeat) {
			this.summary.repeats++;
			if (matched) this.summary.creditsSavedRepeats += perMatch;
		}
		this.summary.credits += credits;
	}

	/** Options → Error on No Match: names the item and what was sent for it. */
	private noMatch<D>(record: PreparedItem<D>, reason: string): void {
		const sent = Object.entries(record.details as object)
			.map(([key, value]) => `${key}=${String(value)}`)
			.join(', ');
		const error = new NodeOperationError(this.ctx.getNode(), `Apollo found no ${this.recordKey} [item ${record.itemIndex}]`, {
			itemIndex: record.itemIndex,
			description: `Sent: ${sent} (${reason}). Turn off Options → Error on No Match to output unmatched items flagged with matched = false instead.`,
		});
		this.summary.noMatch++;
		if (!this.continueOnFail) this.failure ??= error;
		else this.reject(record.itemIndex, error);
	}

	/** A call that failed: the run stops (without Continue On Fail) or its items become error items. */
	fail<D>(unit: RunUnit<D>, error: Error): void {
		if (stopReasonOf(error) === 'daily_limit_exhausted') this.stopError ??= error as NodeApiError;
		if (!this.continueOnFail) {
			this.failure ??= isNodeError(error)
				? error
				: new NodeOperationError(this.ctx.getNode(), error, { itemIndex: unit.firstItem });
			return;
		}
		// A failed call fails every item it carried, repeats included, each with its own error item.
		for (const record of itemsOf(unit)) this.reject(record.itemIndex, error);
	}

	/** Calls the daily limit kept from being sent: their items get its error, in their places. */
	fillStopped<D>(units: Array<RunUnit<D>>): void {
		if (!this.stopError) return;
		for (const record of units.flatMap(itemsOf)) {
			if (this.results[record.itemIndex] === undefined) this.reject(record.itemIndex, this.stopError);
		}
	}

	/** The failure that stopped the run, with what was enriched and which items were not. */
	failureWithProgress<D>(units: Array<RunUnit<D>>): NodeApiError | NodeOperationError | undefined {
		if (!this.failure) return undefined;
		const notEnriched = units
			.flatMap(itemsOf)
			.filter((record) => this.answered[record.itemIndex] === 0)
			.map((record) => record.itemIndex);
		noteProgress(this.failure, this.enriched, notEnriched);
		return this.failure;
	}
}

export function itemsOf<D>(unit: RunUnit<D>): Array<PreparedItem<D>> {
	return unit.lookups.flatMap((lookup) => lookup.items);
}

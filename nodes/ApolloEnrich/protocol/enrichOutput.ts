/**
 * One output record per input item, for every resource. Pure.
 *
 * What a table row needs at a glance comes first and flat: whether Apollo matched, what the item
 * was looked up by, why it did not match or was skipped, and what this item cost. Then the record
 * Apollo found (or null), and `apollo` with the call's details, which Simplify leaves out unless
 * asked. `credits` is this item's own share, so a column sum is the run's total: a repeat that
 * shared another item's lookup costs 0, a miss 0, a skipped item 0.
 */
import type { JsonObject } from '../../shared/apollo/json';
import type { DedupeMeta } from './repeatedInputs';

export type EnrichOperation = 'enrich' | 'bulkEnrich';

/** What a resource's classifier says of one entry in Apollo's answer. */
export type Classification<Reason extends string> =
	| { matched: true; record: JsonObject }
	| { matched: false; reason: Reason };

/** Why an item was not sent: it was enriched in an earlier run, or the credit cap held it back. */
export type SkipReason = 'enriched_before' | 'credit_cap';

export interface OutputHead {
	matched: boolean;
	noMatchReason: string | null;
	skipped: SkipReason | null;
	/** The identifiers sent for the item, as Apollo's parameter names: `email=…, domain=…`. */
	lookedUpBy: string;
	/** Credits Apollo charged for this item's own lookup in this run (an estimate; see credits.ts). */
	credits: number;
}

export type EnrichOutput<K extends string, M extends object> = OutputHead & {
	[key in K]: JsonObject | null;
} & {
	apollo: {
		operation: EnrichOperation;
		matched: boolean;
		noMatchReason: string | null;
		skipped: SkipReason | null;
	} & Partial<M> & { dedupe: DedupeMeta | null };
};

export function lookedUpBy(details: object): string {
	return Object.entries(details)
		.filter(([, value]) => value !== undefined && value !== '')
		.map(([key, value]) => `${key}=${String(value)}`)
		.join(', ');
}

export interface OutputFacts<M extends object> {
	details: object;
	meta: M;
	dedupe?: DedupeMeta | null;
	credits?: number;
}

export function enrichOutput<K extends string, Reason extends string, M extends object>(
	recordKey: K,
	operation: EnrichOperation,
	classification: Classification<Reason>,
	facts: OutputFacts<M>,
): EnrichOutput<K, M> {
	const noMatchReason = classification.matched ? null : classification.reason;
	return {
		matched: classification.matched,
		noMatchReason,
		skipped: null,
		lookedUpBy: lookedUpBy(facts.details),
		credits: facts.credits ?? 0,
		[recordKey]: classification.matched ? classification.record : null,
		apollo: {
			operation,
			matched: classification.matched,
			noMatchReason,
			skipped: null,
			...facts.meta,
			dedupe: facts.dedupe ?? null,
		},
	} as EnrichOutput<K, M>;
}

/** An item the run did not send: flagged with why, no record, no credit. */
export function skippedOutput<K extends string>(
	recordKey: K,
	operation: EnrichOperation,
	skipped: SkipReason,
	details: object,
): EnrichOutput<K, object> {
	return {
		matched: false,
		noMatchReason: null,
		skipped,
		lookedUpBy: lookedUpBy(details),
		credits: 0,
		[recordKey]: null,
		apollo: { operation, matched: false, noMatchReason: null, skipped, requestId: null, dedupe: null },
	} as EnrichOutput<K, object>;
}

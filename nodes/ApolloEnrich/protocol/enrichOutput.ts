/**
 * One output record per input item, for every resource: the record Apollo found (or null), and
 * `apollo` with the match verdict, the call's facts and what Enrich Repeated Inputs Once did.
 * Pure.
 */
import type { JsonObject } from '../../shared/apollo/json';
import type { DedupeMeta } from './repeatedInputs';

export type EnrichOperation = 'enrich' | 'bulkEnrich';

/** What a resource's classifier says of one entry in Apollo's answer. */
export type Classification<Reason extends string> =
	| { matched: true; record: JsonObject }
	| { matched: false; reason: Reason };

/** `{[recordKey]: record | null, apollo: {...}}`, e.g. `{person, apollo}` or `{organization, apollo}`. */
export type EnrichOutput<K extends string, Reason extends string, M extends object> = {
	[key in K]: JsonObject | null;
} & {
	apollo: {
		operation: EnrichOperation;
		matched: boolean;
		noMatchReason: Reason | null;
	} & M & { dedupe: DedupeMeta | null };
};

export function enrichOutput<K extends string, Reason extends string, M extends object>(
	recordKey: K,
	operation: EnrichOperation,
	classification: Classification<Reason>,
	meta: M,
	dedupe: DedupeMeta | null = null,
): EnrichOutput<K, Reason, M> {
	return {
		[recordKey]: classification.matched ? classification.record : null,
		apollo: {
			operation,
			matched: classification.matched,
			noMatchReason: classification.matched ? null : classification.reason,
			...meta,
			dedupe,
		},
	} as EnrichOutput<K, Reason, M>;
}

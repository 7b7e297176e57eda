/**
 * From Apollo's match responses to one output record per input person. Pure; unit-tested alone.
 *
 * A miss has three shapes in the wild: `null` in bulk `matches`, a person with
 * `match_confidence: "none"` (waterfall requests), and a stub with an empty name and no `id`
 * whose `organization` is still filled in from the email domain. None of them is a person.
 */
import { hasApolloId, isJsonObject, numberOrNull, requestIdOf, textOrNull, type JsonObject } from '../../shared/apollo/json';
import type { Classification } from './enrichOutput';

export type NoMatchReason = 'no_person_returned' | 'match_confidence_none' | 'no_person_id';

export type PersonClassification = Classification<NoMatchReason>;

export function classifyPerson(candidate: unknown): PersonClassification {
	if (!isJsonObject(candidate)) return { matched: false, reason: 'no_person_returned' };
	if (candidate.match_confidence === 'none') return { matched: false, reason: 'match_confidence_none' };
	if (!hasApolloId(candidate)) return { matched: false, reason: 'no_person_id' };
	return { matched: true, record: candidate };
}

export interface AsyncStatus {
	status: string | null;
	message: string | null;
}

export interface CallMeta {
	requestId: string | null;
	waterfall: (AsyncStatus & { unprocessedAttributes: unknown[] | null }) | null;
	phoneEnrichment: (AsyncStatus & { requestId: string | null }) | null;
	call: {
		batchNumber: number | null;
		batchSize: number | null;
		creditsConsumed: number | null;
		totalRequestedEnrichments: number | null;
		uniqueEnrichedRecords: number | null;
		missingRecords: number | null;
	};
}

/** The call-level facts every output item of one Apollo call shares. */
export function callMetaOf(
	body: JsonObject,
	batch?: { number: number; size: number },
): CallMeta {
	const waterfall = isJsonObject(body.waterfall) ? body.waterfall : undefined;
	const phone = isJsonObject(body.phone_enrichment) ? body.phone_enrichment : undefined;
	return {
		requestId: requestIdOf(body),
		waterfall: waterfall
			? {
					status: textOrNull(waterfall.status),
					message: textOrNull(waterfall.message),
					unprocessedAttributes: Array.isArray(waterfall.unprocessed_attributes)
						? waterfall.unprocessed_attributes
						: null,
				}
			: null,
		phoneEnrichment: phone
			? {
					status: textOrNull(phone.status),
					message: textOrNull(phone.message),
					requestId: requestIdOf(phone),
				}
			: null,
		call: {
			batchNumber: batch?.number ?? null,
			batchSize: batch?.size ?? null,
			creditsConsumed: numberOrNull(body.credits_consumed),
			totalRequestedEnrichments: numberOrNull(body.total_requested_enrichments),
			uniqueEnrichedRecords: numberOrNull(body.unique_enriched_records),
			missingRecords: numberOrNull(body.missing_records),
		},
	};
}

/**
 * Credits one more lookup of a matched person would have cost, judged by the call that found it:
 * Apollo bills per unique matched person, so credits / unique records; 1 where Apollo sent no
 * counters (single match, waterfall).
 */
export function creditsPerMatch(meta: CallMeta): number {
	const { creditsConsumed, uniqueEnrichedRecords } = meta.call;
	if (creditsConsumed === null || uniqueEnrichedRecords === null || uniqueEnrichedRecords <= 0) return 1;
	return creditsConsumed / uniqueEnrichedRecords;
}

export class BulkResponseError extends Error {}

/**
 * `matches[i]` belongs to `details[i]`: Apollo keeps the order and puts `null` where nobody
 * matched. A response that breaks that contract cannot be mapped safely, so it is an error rather
 * than a guess. Where the input carried an Apollo id, the match must carry the same one.
 */
export function alignBulkMatches(
	body: JsonObject,
	sentDetails: ReadonlyArray<{ id?: string }>,
): unknown[] {
	const matches = body.matches;
	if (!Array.isArray(matches)) {
		throw new BulkResponseError('Apollo answered bulk_match without a `matches` list');
	}
	if (matches.length !== sentDetails.length) {
		throw new BulkResponseError(
			`Apollo returned ${matches.length} matches for ${sentDetails.length} people, so they cannot be paired with the input items`,
		);
	}
	sentDetails.forEach((sent, position) => {
		const match = matches[position];
		if (sent.id !== undefined && isJsonObject(match) && match.id !== undefined && match.id !== sent.id) {
			throw new BulkResponseError(
				`Apollo's match at position ${position} is person ${String(match.id)}, but person ${sent.id} was asked for there`,
			);
		}
	});
	return matches;
}

/**
 * Options → Skip People Enriched Before, the pure part: which values stand for a lookup in n8n's
 * deduplication store, and how a time window is kept in a store that keeps no times. Pure.
 *
 * n8n's store (`checkProcessedAndRecord`, mode `entries`) remembers MD5 digests of strings, capped
 * by count, with no dates. So a value carries its period: the days since 1970 divided into blocks
 * of half the window. A lookup answered in block P is recorded for blocks P, P+1 and P+2, and a
 * later run checks only its own block. A person is therefore skipped for at least the window and
 * at most about one and a half windows after the run that enriched them.
 *
 * The values name the resource and the reveal and waterfall flags: a person enriched without a
 * phone reveal is looked up again when the phone is asked for.
 */
import type { IdentifierDetails } from './repeatedInputs';
import { identityKey } from './repeatedInputs';

const DAY_MS = 86_400_000;

/** Blocks one lookup is recorded for: its own and the next two. */
const BLOCKS_RECORDED = 3;

/**
 * Recorded with every check and removed with it, in the same two writes: if it is found, an
 * earlier check did not finish (or another run is checking right now), so values a check
 * recorded may still be there, standing for people nobody enriched. The memory is then cleared.
 */
export const CHECK_IN_PROGRESS = 'apollo-enrich|check-in-progress';

export interface MemoryScope {
	/** `person` or `organization`. */
	resource: string;
	/** The reveal and waterfall flags the lookup was (or would be) sent with. */
	flags: string;
}

export function blockDays(windowDays: number): number {
	return Math.max(1, Math.ceil(windowDays / 2));
}

export function blockOf(nowMs: number, windowDays: number): number {
	return Math.floor(nowMs / DAY_MS / blockDays(windowDays));
}

/** The first day (UTC, YYYY-MM-DD) a value of this block can stand for an enrichment. */
export function earliestEnrichedOn(block: number, windowDays: number): string {
	const first = (block - (BLOCKS_RECORDED - 1)) * blockDays(windowDays) * DAY_MS;
	return new Date(first).toISOString().slice(0, 10);
}

/** The lookup's keys: its identifiers, and the Apollo id when the lookup or its answer has one. */
export function lookupKeys(details: IdentifierDetails, apolloId?: string | null): string[] {
	const keys = [identityKey(details)];
	const id = apolloId ?? details.id;
	if (typeof id === 'string' && id !== '') keys.push(`id:${id}`);
	return keys;
}

function value(scope: MemoryScope, key: string, block: number): string {
	return `apollo-enrich|${scope.resource}|${scope.flags}|${key}|b${block}`;
}

/** What a run looks for: one value per key, in its own block. */
export function checkValues(scope: MemoryScope, keys: readonly string[], block: number): string[] {
	return keys.map((key) => value(scope, key, block));
}

/** What a run records for an answered lookup: each key for its block and the next ones. */
export function recordValues(scope: MemoryScope, keys: readonly string[], block: number): string[] {
	const values: string[] = [];
	for (const key of keys) {
		for (let ahead = 0; ahead < BLOCKS_RECORDED; ahead++) values.push(value(scope, key, block + ahead));
	}
	return values;
}

/** Values per remembered lookup at most (two keys, three blocks): how the cap is counted. */
export const VALUES_PER_LOOKUP = 2 * BLOCKS_RECORDED;

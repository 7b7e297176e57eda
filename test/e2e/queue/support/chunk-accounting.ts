/**
 * What a Bulk Enrich run cost at the fake Apollo, read from its request log: which chunks
 * (`bulk_match` calls) were sent, which Apollo answered (and billed), and which people a later
 * run sent again. A chunk is identified by the people in it, so a re-run that cuts its chunks
 * differently is still compared person by person.
 */
import type { LoggedRequest } from '../../../fake-apollo';

export interface Chunk {
	emails: string[];
	status: number;
	receivedAt: number;
	respondedAt?: number;
}

export function bulkChunks(log: readonly LoggedRequest[], from = 0, to = Number.POSITIVE_INFINITY): Chunk[] {
	return log
		.filter((entry) => entry.route === 'bulk_match' && entry.receivedAt >= from && entry.receivedAt <= to)
		.map((entry) => ({
			emails: ((entry.body as { details?: Array<{ email?: string }> }).details ?? []).map((detail) => String(detail.email).toLowerCase()),
			status: entry.status,
			receivedAt: entry.receivedAt,
			respondedAt: entry.respondedAt,
		}));
}

export interface KilledRunCost {
	/** Chunks the dying run had sent when its worker was killed. */
	sentBeforeKill: number;
	/** Of those, answered 2xx before the kill (the run could have read them). */
	answeredBeforeKill: number;
	/** Answered 2xx at all: Apollo billed them even if the answer reached a dead worker. */
	billed: number;
	billedPeople: Set<string>;
}

export function killedRunCost(chunks: Chunk[], killedAt: number): KilledRunCost {
	const ok = (chunk: Chunk) => chunk.status >= 200 && chunk.status < 300;
	const billed = chunks.filter(ok);
	return {
		sentBeforeKill: chunks.filter((chunk) => chunk.receivedAt <= killedAt).length,
		answeredBeforeKill: billed.filter((chunk) => (chunk.respondedAt ?? Infinity) <= killedAt).length,
		billed: billed.length,
		billedPeople: new Set(billed.flatMap((chunk) => chunk.emails)),
	};
}

export interface ReRunCost {
	chunks: number;
	people: number;
	/** Chunks holding at least one person the killed run had already paid for. */
	reBilledChunks: number;
	reBilledPeople: number;
}

export function reRunCost(chunks: Chunk[], billedBefore: Set<string>): ReRunCost {
	const again = (email: string) => billedBefore.has(email);
	return {
		chunks: chunks.length,
		people: chunks.reduce((sum, chunk) => sum + chunk.emails.length, 0),
		reBilledChunks: chunks.filter((chunk) => chunk.emails.some(again)).length,
		reBilledPeople: chunks.flatMap((chunk) => chunk.emails).filter(again).length,
	};
}

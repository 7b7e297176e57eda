/**
 * What the fake's request log says about a run: calls, credits and 429s, and how the admitted
 * calls filled the rate-limit windows. Shared by the n8n-core bench and the real-n8n bench.
 */
import type { LogEntry } from './fake-process';

export interface CallFigures {
	calls: number;
	credits: number;
	rateLimited: number;
}

export function callFigures(log: LogEntry[], route: 'match' | 'bulk_match'): CallFigures {
	const calls = log.filter((entry) => entry.route === route);
	return {
		calls: calls.filter((entry) => entry.status === 200).length,
		credits: calls.reduce((sum, entry) => sum + (entry.credits ?? 0), 0),
		rateLimited: calls.filter((entry) => entry.status === 429).length,
	};
}

export interface WindowFigures {
	/** Calls admitted in each fixed window, in order. */
	counts: number[];
	/** Calls per second while the limit was the constraint: every window but the last. */
	sustainedPerSecond: number | null;
	/** 429s after the first window opened its successor. */
	lateRejections: number;
}

/**
 * Replays the fake's fixed windows over the calls it admitted (a window opens with the first call
 * after the previous one ran out, as Apollo's do), to see how well the node used each window.
 */
export function windowFigures(log: LogEntry[], route: string, windowMs: number): WindowFigures {
	const calls = log.filter((entry) => entry.route === route);
	const admitted = calls.filter((entry) => entry.status === 200).sort((a, b) => (a.respondedAt ?? 0) - (b.respondedAt ?? 0));
	const starts: number[] = [];
	const counts: number[] = [];
	for (const call of admitted) {
		const at = call.respondedAt ?? call.receivedAt;
		if (starts.length === 0 || at >= starts[starts.length - 1] + windowMs) {
			starts.push(at);
			counts.push(0);
		}
		counts[counts.length - 1]++;
	}
	const full = counts.slice(0, -1).reduce((sum, count) => sum + count, 0);
	const span = starts.length > 1 ? starts[starts.length - 1] - starts[0] : 0;
	const secondWindowAt = starts[1] ?? Number.POSITIVE_INFINITY;
	return {
		counts,
		sustainedPerSecond: span > 0 ? full / (span / 1000) : null,
		lateRejections: calls.filter((entry) => entry.status === 429 && entry.receivedAt >= secondWindowAt).length,
	};
}

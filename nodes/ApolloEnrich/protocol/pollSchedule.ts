/**
 * When Wait for Results polls `GET /api/v1/webhook_result/{request_id}`, per request id. Pure: the
 * caller passes the clock, so the schedule is unit-tested without waiting.
 *
 * - Each request id is polled once right away. That costs one free call, tells an unknown id
 *   apart early, and picks up results that are already there.
 * - After a pending answer the next poll waits at least Apollo's `retry_after_seconds` (10 s in
 *   Apollo's docs), growing by half each time up to 30 s. Apollo's results take minutes, and the
 *   poll route has the tight limits of Apollo's "other endpoints" (as low as 400 an hour), so a
 *   long wait over many request ids should not spend them all on "not yet".
 * - A request id whose next permitted poll lies after the deadline (start + Max Wait) stops
 *   waiting at once: sleeping on without polling again could not change its outcome.
 */

export interface PollPolicy {
	/** Max Wait: how long after the start a poll may still be sent. */
	maxWaitMs: number;
	/** Used when Apollo gives no `retry_after_seconds`, or a pending `in_progress` status. */
	defaultRetryAfterMs: number;
	/** A floor, so that a `retry_after_seconds` of 0 cannot turn into a busy loop. */
	minIntervalMs: number;
	/** Back-off stops growing here; a longer `retry_after_seconds` is still honoured. */
	maxIntervalMs: number;
	backoffFactor: number;
}

export const DEFAULT_MAX_WAIT_SECONDS = 300;

export const DEFAULT_POLL_POLICY: PollPolicy = {
	maxWaitMs: DEFAULT_MAX_WAIT_SECONDS * 1000,
	defaultRetryAfterMs: 10_000,
	minIntervalMs: 1_000,
	maxIntervalMs: 30_000,
	backoffFactor: 1.5,
};

export type PollState = 'waiting' | 'settled' | 'timedOut';

export interface PollOutcome {
	state: PollState;
	/** Polls sent so far. */
	polls: number;
	/** From the start to the moment the id settled or timed out (so far, while waiting). */
	waitedMs: number;
}

interface Entry {
	state: PollState;
	nextAt: number;
	polls: number;
	endedAt: number | null;
}

/** The wait after the `pendingAnswers`-th pending answer in a row (1-based). */
export function pollInterval(
	policy: PollPolicy,
	pendingAnswers: number,
	retryAfterSeconds: number | null,
): number {
	const asked =
		retryAfterSeconds !== null && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0
			? retryAfterSeconds * 1000
			: policy.defaultRetryAfterMs;
	const base = Math.max(policy.minIntervalMs, asked);
	const grown = base * Math.pow(policy.backoffFactor, Math.max(0, pendingAnswers - 1));
	// Never sooner than Apollo asked; the back-off alone never beyond the ceiling.
	return Math.max(base, Math.min(policy.maxIntervalMs, grown));
}

export class PollSchedule {
	private readonly entries = new Map<string, Entry>();
	private readonly deadline: number;

	constructor(
		requestIds: Iterable<string>,
		private readonly startedAt: number,
		private readonly policy: PollPolicy = DEFAULT_POLL_POLICY,
	) {
		this.deadline = startedAt + Math.max(0, policy.maxWaitMs);
		for (const id of requestIds) {
			this.entries.set(id, { state: 'waiting', nextAt: startedAt, polls: 0, endedAt: null });
		}
	}

	/** Request ids whose next poll is due at `now`, in the order they were given. */
	due(now: number): string[] {
		const ids: string[] = [];
		for (const [id, entry] of this.entries) {
			if (entry.state === 'waiting' && entry.nextAt <= now) ids.push(id);
		}
		return ids;
	}

	/** Call when a poll is sent: it is not due again until its answer is recorded. */
	sent(id: string): void {
		const entry = this.waiting(id);
		if (!entry) return;
		entry.polls++;
		entry.nextAt = Number.POSITIVE_INFINITY;
	}

	/** Apollo has nothing yet: schedule the next poll, or stop if it would come after the deadline. */
	pending(id: string, now: number, retryAfterSeconds: number | null): void {
		const entry = this.waiting(id);
		if (!entry) return;
		const nextAt = now + pollInterval(this.policy, entry.polls, retryAfterSeconds);
		if (nextAt > this.deadline) {
			entry.state = 'timedOut';
			entry.endedAt = now;
			return;
		}
		entry.nextAt = nextAt;
	}

	/** The result arrived, or polling this id failed for good: no further poll. */
	settle(id: string, now: number): void {
		const entry = this.waiting(id);
		if (!entry) return;
		entry.state = 'settled';
		entry.endedAt = now;
	}

	/** The earliest moment a waiting id becomes due; null when none is scheduled. */
	nextWakeAt(): number | null {
		let earliest: number | null = null;
		for (const entry of this.entries.values()) {
			if (entry.state !== 'waiting' || !Number.isFinite(entry.nextAt)) continue;
			if (earliest === null || entry.nextAt < earliest) earliest = entry.nextAt;
		}
		return earliest;
	}

	get isDone(): boolean {
		for (const entry of this.entries.values()) if (entry.state === 'waiting') return false;
		return true;
	}

	/** Stops every id still waiting, e.g. when the execution is cancelled. */
	stopAll(now: number): void {
		for (const entry of this.entries.values()) {
			if (entry.state !== 'waiting') continue;
			entry.state = 'timedOut';
			entry.endedAt = now;
		}
	}

	outcome(id: string, now: number): PollOutcome {
		const entry = this.entries.get(id);
		if (!entry) return { state: 'settled', polls: 0, waitedMs: 0 };
		return {
			state: entry.state,
			polls: entry.polls,
			waitedMs: Math.max(0, (entry.endedAt ?? now) - this.startedAt),
		};
	}

	private waiting(id: string): Entry | undefined {
		const entry = this.entries.get(id);
		return entry?.state === 'waiting' ? entry : undefined;
	}
}

/**
 * The adaptive rate-limit scheduler: decides when the next Apollo call of a run may start and how
 * many may be in flight. Pure: the caller passes the clock, so it is unit-tested without waiting.
 *
 * Apollo counts calls per endpoint in fixed windows (minute, hour, day) that start with the first
 * call, reports what is left after every call, and answers 429 with `retry-after` once a window is
 * full. The scheduler:
 * - starts with one call, to learn the headers before sending more (slow start);
 * - lets a call start only while the freshest `requests-left` it knows, minus every call that may
 *   not be counted in it yet, stays above zero, so it slows as the budget runs down;
 * - when the budget is gone, pauses until the window resets. It knows the reset from a 429's
 *   `retry-after`, or predicts it once it has seen a window open (the call answered with
 *   `x-minute-usage: 1`) and learned the window's length. Only when it knows neither does it let
 *   a single call through as a probe, which is what costs the one 429 of a run's first window.
 *
 * Every estimate errs on the safe side: the window length is an upper bound, a window's start is
 * taken at the latest moment it can have started, and calls in flight count as already used.
 */
import type { RateLimitSnapshot } from './rateLimit';

export interface SchedulerOptions {
	/** The user's ceiling on calls in flight. */
	maxConcurrent: number;
	/** First pause after a 429 without `retry-after`; doubles per such 429 in a row. */
	backoffBaseMs?: number;
	/** The longest such pause. */
	backoffMaxMs?: number;
}

export type Admission =
	| { action: 'start' }
	/** Nothing may start before `atMs` (a window reset or a backoff). */
	| { action: 'waitUntil'; atMs: number }
	/** Nothing may start until a call in flight answers. */
	| { action: 'waitForResponse' };

export interface Ticket {
	id: number;
	sentAt: number;
}

/** What one attempt brought back. `status` is undefined when no HTTP answer came at all. */
export interface Observation {
	status?: number;
	limits?: RateLimitSnapshot;
	retryAfterMs?: number;
}

type WindowName = 'minute' | 'hour' | 'day';
const WINDOWS: WindowName[] = ['minute', 'hour', 'day'];

interface Budget {
	left: Record<WindowName, number | null>;
	/** When the call behind these numbers was sent, and when its answer came. */
	sentAt: number;
	receivedAt: number;
}

interface Pause {
	until: number;
	/** True when `until` is a window reset, after which the minute budget is whole again. */
	windowReset: boolean;
}

function smallest(left: Record<WindowName, number | null>): number | null {
	let min: number | null = null;
	for (const name of WINDOWS) {
		const value = left[name];
		if (value !== null && (min === null || value < min)) min = value;
	}
	return min;
}

export class AdaptiveScheduler {
	private readonly maxConcurrent: number;
	private readonly backoffBaseMs: number;
	private readonly backoffMaxMs: number;
	private readonly inFlight = new Map<number, number>();
	private nextId = 1;
	private answered = false;
	private budget: Budget | undefined;
	/** Answers without rate-limit headers since `budget` was taken: counted as spent. */
	private blindAnswers = 0;
	/** Calls sent before this moment belong to a window that has since reset. */
	private epochStart = Number.NEGATIVE_INFINITY;
	private minuteLimit: number | null = null;
	/** The call that opened the latest minute window we saw open (it was answered usage 1). */
	private windowOpener: { sentAt: number; receivedAt: number } | undefined;
	/** Upper bound on the minute window's length, learned from 429s. */
	private windowMs: number | undefined;
	private pause: Pause | undefined;
	private backoffsInARow = 0;
	private backoffMs = 0;
	private lastBackoffAt = Number.NEGATIVE_INFINITY;

	constructor(options: SchedulerOptions) {
		this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent));
		this.backoffBaseMs = options.backoffBaseMs ?? 1_000;
		this.backoffMaxMs = options.backoffMaxMs ?? 60_000;
	}

	get inFlightCount(): number {
		return this.inFlight.size;
	}

	/** The learned upper bound on the minute window's length, if any (for tests and reports). */
	get learnedWindowMs(): number | undefined {
		return this.windowMs;
	}

	admission(nowMs: number): Admission {
		if (this.pause) {
			if (nowMs < this.pause.until) return { action: 'waitUntil', atMs: this.pause.until };
			this.endPause(this.pause);
		}
		if (this.inFlight.size >= this.maxConcurrent) return { action: 'waitForResponse' };
		if (!this.answered) {
			return this.inFlight.size === 0 ? { action: 'start' } : { action: 'waitForResponse' };
		}
		const budget = this.budget;
		if (!budget) return { action: 'start' };
		const available = (smallest(budget.left) ?? Number.POSITIVE_INFINITY) - this.uncounted();
		if (available > 0) return { action: 'start' };
		// Calls in flight may bring news (a reset window); only an idle run needs a reset or probe.
		if (this.inFlight.size > 0) return { action: 'waitForResponse' };
		const reset = this.predictedReset(budget);
		if (reset !== undefined) {
			if (reset > nowMs) {
				this.pause = { until: reset, windowReset: true };
				return { action: 'waitUntil', atMs: reset };
			}
			this.endPause({ until: reset, windowReset: true });
			return { action: 'start' };
		}
		return { action: 'start' };
	}

	start(nowMs: number): Ticket {
		const ticket = { id: this.nextId++, sentAt: nowMs };
		this.inFlight.set(ticket.id, nowMs);
		return ticket;
	}

	complete(ticket: Ticket, nowMs: number, observation: Observation): void {
		if (!this.inFlight.delete(ticket.id)) return;
		this.answered = true;
		const limits = observation.limits;
		const hasLimits = limits !== undefined && WINDOWS.some((name) => limits[name].left !== null);
		if (observation.status === 429) {
			this.onRateLimited(ticket, nowMs, observation);
		} else if (observation.status === 503 && observation.retryAfterMs !== undefined) {
			this.pauseUntil(nowMs + observation.retryAfterMs, false);
		} else if (observation.status !== undefined && observation.status < 500) {
			this.backoffsInARow = 0;
		}
		if (!hasLimits) {
			this.blindAnswers++;
			return;
		}
		if (ticket.sentAt < this.epochStart) {
			// Sent before the reset: its numbers are the old window's, but Apollo may have counted
			// the call in the new one. Count it as spent until newer numbers arrive.
			this.blindAnswers++;
			return;
		}
		if (limits.minute.limit !== null) this.minuteLimit = limits.minute.limit;
		if (observation.status !== 429 && limits.minute.used === 1) this.noteWindowOpened(ticket, nowMs);
		this.offerBudget({
			left: { minute: limits.minute.left, hour: limits.hour.left, day: limits.day.left },
			sentAt: ticket.sentAt,
			receivedAt: nowMs,
		});
	}

	/** Calls that may have been counted by Apollo after the budget snapshot was taken. */
	private uncounted(): number {
		return this.inFlight.size + this.blindAnswers;
	}

	/**
	 * Takes a snapshot when it is newer for certain (its call left after the current one was
	 * answered) or more cautious (less left). Answers overtake each other under concurrency, so
	 * an older, more generous snapshot must not undo a newer one.
	 */
	private offerBudget(candidate: Budget): void {
		const current = this.budget;
		const newer = current === undefined || candidate.sentAt >= current.receivedAt;
		const candidateLeft = smallest(candidate.left) ?? Number.POSITIVE_INFINITY;
		const currentLeft = current ? (smallest(current.left) ?? Number.POSITIVE_INFINITY) : 0;
		if (newer || candidateLeft < currentLeft) {
			this.budget = candidate;
			this.blindAnswers = 0;
		}
	}

	private noteWindowOpened(ticket: Ticket, nowMs: number): void {
		const opener = this.windowOpener;
		if (opener === undefined || ticket.sentAt >= opener.receivedAt) {
			this.windowOpener = { sentAt: ticket.sentAt, receivedAt: nowMs };
		}
	}

	private onRateLimited(ticket: Ticket, nowMs: number, observation: Observation): void {
		// A 429 for a call sent before the last reset speaks of a window that is already over.
		if (ticket.sentAt < this.epochStart) return;
		const limits = observation.limits;
		if (observation.retryAfterMs === undefined) {
			// No reset time: back off, then probe with a single call, as the budget reads exhausted.
			// Calls of one burst rejected together count as one rejection, not as several in a row.
			if (ticket.sentAt >= this.lastBackoffAt) {
				this.backoffMs = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** this.backoffsInARow);
				this.backoffsInARow++;
				this.lastBackoffAt = nowMs;
			}
			this.pauseUntil(nowMs + this.backoffMs, false);
			const left = { minute: 0, hour: null, day: null };
			this.budget = { left, sentAt: ticket.sentAt, receivedAt: nowMs };
			return;
		}
		// Apollo computed retry-after when it admitted the call, before it answered: a safe upper bound.
		const resetAt = nowMs + observation.retryAfterMs;
		const minuteFull = limits === undefined || limits.minute.left === null || limits.minute.left <= 0;
		const opener = this.windowOpener;
		if (minuteFull && opener !== undefined && ticket.sentAt >= opener.sentAt) {
			// The window started no earlier than its opening call was sent, so this is an upper bound.
			const length = resetAt - opener.sentAt;
			if (length > 0) this.windowMs = Math.min(this.windowMs ?? Number.POSITIVE_INFINITY, length);
		}
		this.pauseUntil(resetAt, minuteFull);
	}

	private pauseUntil(until: number, windowReset: boolean): void {
		if (this.pause && this.pause.until >= until) return;
		this.pause = { until, windowReset };
	}

	/** The reset of an exhausted minute window, when the window's opening and length are known. */
	private predictedReset(budget: Budget): number | undefined {
		const minuteLeft = budget.left.minute;
		const opener = this.windowOpener;
		if (minuteLeft === null || minuteLeft - this.uncounted() > 0) return undefined;
		const othersLeft = smallest({ minute: null, hour: budget.left.hour, day: budget.left.day });
		if (othersLeft !== null && othersLeft - this.uncounted() <= 0) return undefined;
		if (opener === undefined || this.windowMs === undefined || budget.sentAt < opener.sentAt) {
			return undefined;
		}
		// The window opened no later than its opening call was answered.
		const reset = opener.receivedAt + this.windowMs;
		// A snapshot taken after that reset belongs to a later window, one we did not see open.
		return reset > budget.sentAt ? reset : undefined;
	}

	private endPause(pause: Pause): void {
		this.pause = undefined;
		if (!pause.windowReset) return;
		this.epochStart = pause.until;
		this.blindAnswers = 0;
		const budget = this.budget;
		if (budget && this.minuteLimit !== null) {
			this.budget = {
				left: { ...budget.left, minute: this.minuteLimit },
				sentAt: pause.until,
				receivedAt: pause.until,
			};
		} else {
			// Nothing to go on: learn the new window's numbers from one call first.
			this.budget = undefined;
			this.answered = false;
		}
	}
}

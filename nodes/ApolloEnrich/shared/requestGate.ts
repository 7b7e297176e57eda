/**
 * The async side of the scheduler (protocol/scheduler.ts): callers wait here for their turn, and
 * report each answer back. Waiting uses n8n-workflow's `sleep` (node code may not use timers).
 * One gate serves one run of the node, shared by all of its calls.
 *
 * Nothing leaves after a known failure: a call that failed for good halts the gate before its
 * turn is handed on (without Continue On Fail), and a turn freed by an answer is handed on only
 * on the next turn of the event loop, after whatever the answer's caller does with it at once
 * (reading it, pairing it, noting a failure) has run. So a failure found in the answer itself,
 * not by the transport, also stops the run before a waiting call is let go.
 */
import { sleep } from 'n8n-workflow';

import { AdaptiveScheduler, type Observation, type Ticket } from '../protocol/scheduler';

/** The run stopped (daily limit, or a failure without Continue On Fail): the call was not sent. */
export class RunHaltedError extends Error {
	constructor() {
		super('The run stopped before this call was sent');
	}
}

/** The next call could start only after a reset further away than Max Rate Limit Wait. */
export class WaitTooLongError extends Error {
	constructor(readonly waitMs: number) {
		super(`Apollo's rate limit resets in ${Math.ceil(waitMs / 1000)} s`);
	}
}

interface Waiter {
	resolve: (ticket: Ticket) => void;
	reject: (error: Error) => void;
	tooLong: (waitMs: number) => Error;
}

export class RequestGate {
	private readonly waiters: Waiter[] = [];
	private wakeAt: number | undefined;
	private halted = false;

	constructor(
		private readonly scheduler: AdaptiveScheduler,
		private readonly maxWaitMs: number,
		private readonly clock: () => number = Date.now,
		/** Without Continue On Fail, a call that failed for good stops the whole run. */
		private readonly haltOnFailure = false,
	) {}

	/**
	 * Resolves when a call may be sent; rejects when it must not be sent at all. `tooLong` makes
	 * the error for a reset further away than Max Rate Limit Wait, so each caller can report it
	 * against its own item.
	 */
	acquire(tooLong: (waitMs: number) => Error = (waitMs) => new WaitTooLongError(waitMs)): Promise<Ticket> {
		if (this.halted) return Promise.reject(new RunHaltedError());
		return new Promise<Ticket>((resolve, reject) => {
			this.waiters.push({ resolve, reject, tooLong });
			this.pump();
		});
	}

	/**
	 * Every acquired ticket is released exactly once, with what its call brought back. `failed`:
	 * the call failed for good; `stopsRun`: the failure stops every run (the daily limit).
	 */
	release(ticket: Ticket, observation: Observation, outcome: { failed?: boolean; stopsRun?: boolean } = {}): void {
		if (outcome.stopsRun || (outcome.failed && this.haltOnFailure)) this.halt();
		this.scheduler.complete(ticket, this.clock(), observation);
		if (this.waiters.length === 0) return;
		// The next turn of the event loop: the caller of this answer decides first.
		void sleep(0).then(() => this.pump());
	}

	/** No further call is sent; calls waiting for their turn fail with RunHaltedError. */
	halt(): void {
		this.halted = true;
		for (const waiter of this.waiters.splice(0)) waiter.reject(new RunHaltedError());
	}

	get isHalted(): boolean {
		return this.halted;
	}

	private pump(): void {
		while (this.waiters.length > 0) {
			const now = this.clock();
			const admission = this.scheduler.admission(now);
			if (admission.action === 'start') {
				this.waiters.shift()?.resolve(this.scheduler.start(now));
				continue;
			}
			if (admission.action === 'waitUntil') {
				const waitMs = admission.atMs - now;
				if (waitMs > this.maxWaitMs) {
					for (const waiter of this.waiters.splice(0)) waiter.reject(waiter.tooLong(waitMs));
					return;
				}
				this.wakeUpAt(admission.atMs);
			}
			// waitForResponse: release() pumps again when an answer comes.
			return;
		}
	}

	private wakeUpAt(atMs: number): void {
		if (this.wakeAt !== undefined && this.wakeAt <= atMs) return;
		this.wakeAt = atMs;
		void sleep(Math.max(1, atMs - this.clock())).then(() => {
			if (this.wakeAt === atMs) this.wakeAt = undefined;
			this.pump();
		});
	}
}

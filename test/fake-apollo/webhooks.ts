// Outgoing webhook deliveries and the results the poll endpoint serves. Apollo documents that it
// may retry deliveries, so each delivery is sent 1 + `repeats` times with the identical body; a
// receiver that does not deduplicate shows up in tests. Deliveries go through a private undici
// Agent so close() can drop its sockets without touching the process-wide dispatcher.

import { Agent, request } from 'undici';

import { stringifyJson } from './int64-json';
import type { TimerSet } from './timers';
import type { WebhookDeliveryLog, WebhookOptions } from './types';

export type RequestType = 'phone' | 'waterfall';

export interface StoredResult {
	requestId: string;
	requestType: RequestType;
	url: string;
	/** Built at the first attempt, so timestamps inside reflect delivery time. */
	payload?: Record<string, unknown>;
	/** True once the first attempt has finished (whatever its outcome). */
	delivered: boolean;
	anySuccess: boolean;
	lastDispatchedAt: string | null;
	failureReason: string | null;
	/** Person ids whose phone reveal is still running (for phone_enrichment 'skipped'). */
	phonePersonIds: string[];
	/** Its credits were counted before the log was last cleared (creditsCharged). */
	charged?: boolean;
	/** Requested with poll_only: the result is only ever polled, never POSTed. */
	pollOnly: boolean;
}

export interface ScheduleInput {
	requestId: string;
	requestType: RequestType;
	url: string;
	buildPayload: () => Record<string, unknown>;
	phonePersonIds: string[];
	pollOnly?: boolean;
}

export class WebhookCenter {
	private readonly results = new Map<string, StoredResult>();
	private readonly builders = new Map<string, () => Record<string, unknown>>();
	private readonly expired = new Set<string>();
	/** Deliveries held until polled (`deliverAfterPolls`): polls still awaited, and the release. */
	private readonly heldUntilPolled = new Map<string, { remaining: number; release: () => void }>();
	private readonly agent = new Agent({ keepAliveTimeout: 1_000, connections: 16 });
	private readonly abort = new AbortController();
	private closed = false;

	constructor(
		private readonly timers: TimerSet,
		private readonly deliveries: WebhookDeliveryLog[],
		private readonly onDelivery: () => void,
	) {}

	schedule(input: ScheduleInput, options: WebhookOptions): void {
		const stored: StoredResult = {
			requestId: input.requestId,
			requestType: input.requestType,
			url: input.url,
			delivered: false,
			anySuccess: false,
			lastDispatchedAt: null,
			failureReason: null,
			phonePersonIds: input.phonePersonIds,
			pollOnly: input.pollOnly === true,
		};
		this.results.set(input.requestId, stored);
		this.builders.set(input.requestId, input.buildPayload);
		// Snapshot the options: configure() during a delivery must not change its schedule.
		void this.run(stored, { ...options });
	}

	/**
	 * Credits the async work of every request so far charged: Apollo bills a revealed mobile (8) or
	 * a waterfall find when it finds it, whether or not the delivery reaches anyone.
	 */
	asyncCredits(): number {
		let total = 0;
		for (const stored of this.results.values()) {
			if (stored.charged) continue;
			const credits = Number(this.payloadOf(stored).credits_consumed);
			if (Number.isFinite(credits)) total += credits;
		}
		return total;
	}

	/** clearLog(): earlier requests' async credits no longer count (their results stay pollable). */
	forgetCharges(): void {
		for (const stored of this.results.values()) stored.charged = true;
	}

	lookup(requestId: string): StoredResult | undefined {
		return this.results.get(requestId);
	}

	expire(requestId: string): void {
		this.expired.add(requestId);
	}

	isExpired(requestId: string): boolean {
		return this.expired.has(requestId);
	}

	/** True when a phone reveal for this person was requested and has not completed yet. */
	hasRunningPhoneReveal(personId: string): boolean {
		for (const result of this.results.values()) {
			if (!result.delivered && result.phonePersonIds.includes(personId)) return true;
		}
		return false;
	}

	async close(): Promise<void> {
		this.closed = true;
		this.abort.abort();
		await this.agent.destroy().catch(() => undefined);
	}

	/** Counts a poll of a result not delivered yet (for `deliverAfterPolls`). */
	notePoll(requestId: string): void {
		const held = this.heldUntilPolled.get(requestId);
		if (held && --held.remaining <= 0) held.release();
	}

	private async run(stored: StoredResult, options: WebhookOptions): Promise<void> {
		if (options.deliverAfterPolls > 0) {
			await new Promise<void>((resolve) => {
				const release = () => {
					this.heldUntilPolled.delete(stored.requestId);
					this.abort.signal.removeEventListener('abort', release);
					resolve();
				};
				this.heldUntilPolled.set(stored.requestId, { remaining: options.deliverAfterPolls, release });
				this.abort.signal.addEventListener('abort', release);
			});
		}
		await this.timers.sleep(options.delayMs);
		if (stored.pollOnly) {
			// Ready to poll after the same delay a delivery would take; no POST, no delivery log.
			if (this.closed) return;
			this.payloadOf(stored);
			stored.delivered = true;
			return;
		}
		const attempts = 1 + Math.max(0, options.repeats);
		if (options.concurrentRepeats) {
			await Promise.all(Array.from({ length: attempts }, (_, i) => this.attempt(stored, i + 1)));
			return;
		}
		for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
			if (attempt > 1) await this.timers.sleep(options.repeatDelayMs);
			await this.attempt(stored, attempt);
		}
	}

	private payloadOf(stored: StoredResult): Record<string, unknown> {
		if (!stored.payload) {
			const build = this.builders.get(stored.requestId);
			stored.payload = build ? build() : {};
			this.builders.delete(stored.requestId);
		}
		return stored.payload;
	}

	private async attempt(stored: StoredResult, attempt: number): Promise<void> {
		if (this.closed) return;
		const entry: WebhookDeliveryLog = {
			requestId: stored.requestId,
			url: stored.url,
			attempt,
			at: Date.now(),
		};
		try {
			const response = await request(stored.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'user-agent': 'Apollo-Webhooks (fake-apollo)',
				},
				body: stringifyJson(this.payloadOf(stored)),
				dispatcher: this.agent,
				signal: this.abort.signal,
				headersTimeout: 10_000,
				bodyTimeout: 10_000,
			});
			await response.body.dump();
			entry.status = response.statusCode;
			if (response.statusCode >= 200 && response.statusCode < 300) stored.anySuccess = true;
			else stored.failureReason = `Webhook endpoint answered HTTP ${response.statusCode}`;
		} catch (error) {
			// A dead or failing receiver is a normal scenario, never a crash of the fake.
			entry.error = error instanceof Error ? error.message : String(error);
			stored.failureReason = `Webhook delivery failed: ${entry.error}`;
		}
		if (this.closed) return;
		stored.delivered = true;
		stored.lastDispatchedAt = new Date(entry.at).toISOString();
		this.deliveries.push(entry);
		this.onDelivery();
	}
}

/**
 * The scheduler against a simulated Apollo, on a simulated clock: a run of many calls through
 * fixed rate-limit windows, with latency, as the node's gate would drive it. No real waiting.
 */
import { readRateLimits } from '../../nodes/ApolloEnrich/protocol/rateLimit';
import { AdaptiveScheduler, type Observation, type Ticket } from '../../nodes/ApolloEnrich/protocol/scheduler';

/** Apollo's limiter as documented: fixed windows that start with the first admitted call. */
class FixedWindowApollo {
	private start: number | null = null;
	private count = 0;
	readonly admitted: Array<{ at: number; window: number }> = [];
	readonly rejected: Array<{ at: number; window: number }> = [];
	private window = 0;

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
	) {}

	admit(now: number): Observation {
		if (this.start !== null && now >= this.start + this.windowMs) {
			this.start = null;
			this.count = 0;
		}
		const headers = (used: number) => ({
			'x-rate-limit-minute': String(this.limit),
			'x-minute-usage': String(used),
			'x-minute-requests-left': String(this.limit - used),
		});
		if (this.count >= this.limit) {
			this.rejected.push({ at: now, window: this.window });
			const waitMs = (this.start ?? now) + this.windowMs - now;
			// Apollo sends whole seconds.
			const retryAfterMs = Math.ceil(waitMs / 1000) * 1000;
			return { status: 429, limits: readRateLimits(headers(this.count)), retryAfterMs };
		}
		if (this.start === null) {
			this.start = now;
			this.window++;
		}
		this.count++;
		this.admitted.push({ at: now, window: this.window });
		return { status: 200, limits: readRateLimits(headers(this.count)) };
	}
}

/** Runs `calls` calls: each waits for its turn, is admitted half-way through its round trip. */
function simulate(options: { calls: number; limit: number; windowMs: number; latencyMs: number; maxConcurrent: number }) {
	const scheduler = new AdaptiveScheduler({ maxConcurrent: options.maxConcurrent });
	const apollo = new FixedWindowApollo(options.limit, options.windowMs);
	const events: Array<{ at: number; run: () => void }> = [];
	const at = (time: number, run: () => void) => {
		events.push({ at: time, run });
		events.sort((a, b) => a.at - b.at);
	};
	let now = 0;
	let waiting = options.calls;
	let done = 0;
	const pump = () => {
		while (waiting > 0) {
			const admission = scheduler.admission(now);
			if (admission.action === 'waitUntil') at(admission.atMs, pump);
			if (admission.action !== 'start') return;
			waiting--;
			send(scheduler.start(now));
		}
	};
	const send = (ticket: Ticket) =>
		at(now + options.latencyMs / 2, () => {
			const answer = apollo.admit(now);
			at(now + options.latencyMs / 2, () => {
				scheduler.complete(ticket, now, answer);
				if (answer.status === 429) {
					// The transport retries the same call after retry-after.
					at(now + (answer.retryAfterMs ?? 0), () => {
						waiting++;
						pump();
					});
				} else done++;
				pump();
			});
		});
	pump();
	while (events.length > 0 && done < options.calls) {
		const event = events.shift() as { at: number; run: () => void };
		now = event.at;
		event.run();
	}
	return { apollo, done, endedAt: now };
}

describe('AdaptiveScheduler in a simulated run at the rate-limit bound', () => {
	const run = simulate({ calls: 1_000, limit: 100, windowMs: 20_000, latencyMs: 200, maxConcurrent: 8 });
	const windows = new Map<number, number[]>();
	for (const { at, window } of run.apollo.admitted) windows.set(window, [...(windows.get(window) ?? []), at]);

	it('finishes every call, each admitted exactly once', () => {
		expect(run.done).toBe(1_000);
		expect(run.apollo.admitted).toHaveLength(1_000);
	});

	it('meets a 429 only in the first window, to learn when windows reset', () => {
		expect(run.apollo.rejected.length).toBeLessThanOrEqual(1);
		expect(run.apollo.rejected.every((rejection) => rejection.window === 1)).toBe(true);
	});

	it('fills every window to the limit, and starts each one soon after the last reset', () => {
		const counts = [...windows.values()].map((times) => times.length);
		expect(counts).toEqual(Array.from({ length: 10 }, () => 100));
		const starts = [...windows.values()].map((times) => times[0]);
		for (let index = 1; index < starts.length; index++) {
			// Idle time past the reset, in simulated time: at most the one second Apollo rounds
			// retry-after up to, plus a round trip or two.
			const idle = starts[index] - (starts[index - 1] + 20_000);
			expect(idle).toBeGreaterThanOrEqual(0);
			expect(idle).toBeLessThanOrEqual(1_000 + 2 * 200);
		}
	});
});

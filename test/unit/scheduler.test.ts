import { readRateLimits } from '../../nodes/ApolloEnrich/protocol/rateLimit';
import { AdaptiveScheduler, type Observation, type Ticket } from '../../nodes/ApolloEnrich/protocol/scheduler';

/** An answer as the headers of a window with `limit` calls of which `used` are spent. */
function minute(limit: number, used: number, status = 200, retryAfterMs?: number): Observation {
	const limits = readRateLimits({
		'x-rate-limit-minute': String(limit),
		'x-minute-usage': String(used),
		'x-minute-requests-left': String(Math.max(0, limit - used)),
		'x-rate-limit-hourly': '',
		'x-rate-limit-24-hour': '',
	});
	return { status, limits, retryAfterMs };
}

/** Starts calls while the scheduler allows, at `now`; returns their tickets. */
function startAll(scheduler: AdaptiveScheduler, now: number): Ticket[] {
	const tickets: Ticket[] = [];
	while (scheduler.admission(now).action === 'start') tickets.push(scheduler.start(now));
	return tickets;
}

describe('AdaptiveScheduler', () => {
	it('sends one call first, then opens up to the ceiling once the headers show room', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 4 });
		const first = startAll(scheduler, 0);
		expect(first).toHaveLength(1);
		expect(scheduler.admission(0)).toEqual({ action: 'waitForResponse' });
		scheduler.complete(first[0], 200, minute(1000, 1));
		expect(startAll(scheduler, 200)).toHaveLength(4);
		expect(scheduler.admission(200)).toEqual({ action: 'waitForResponse' });
	});

	it('never has more calls in flight than the window has left, and slows as it runs down', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 8 });
		scheduler.complete(startAll(scheduler, 0)[0], 100, minute(6, 1));
		const wave = startAll(scheduler, 100);
		expect(wave).toHaveLength(5);
		scheduler.complete(wave[0], 200, minute(6, 2));
		scheduler.complete(wave[1], 200, minute(6, 3));
		// 3 left, 3 still in flight: nothing more may start.
		expect(scheduler.admission(200)).toEqual({ action: 'waitForResponse' });
	});

	it('keeps the newer numbers when an older answer overtakes them', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 10 });
		scheduler.complete(startAll(scheduler, 0)[0], 10, minute(20, 10));
		const [older, newer] = [scheduler.start(10), scheduler.start(10)];
		scheduler.complete(newer, 20, minute(20, 15));
		// Sent together, so not provably newer, and more generous: it must not undo the 5 left.
		scheduler.complete(older, 30, minute(20, 13));
		expect(startAll(scheduler, 30)).toHaveLength(5);
	});

	it('probes with one call when the budget is gone and the reset unknown, then waits out retry-after', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 8 });
		scheduler.complete(startAll(scheduler, 0)[0], 50, minute(2, 2));
		const probe = startAll(scheduler, 50);
		expect(probe).toHaveLength(1);
		scheduler.complete(probe[0], 100, minute(2, 2, 429, 1_000));
		expect(scheduler.admission(500)).toEqual({ action: 'waitUntil', atMs: 1_100 });
		// After the reset the window is whole again: its limit, not the ceiling, decides.
		expect(startAll(scheduler, 1_100)).toHaveLength(2);
	});

	it('learns the window length and waits for the next reset without another 429', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 8 });
		scheduler.complete(startAll(scheduler, 0)[0], 50, minute(3, 1));
		for (const [index, ticket] of startAll(scheduler, 50).entries()) {
			scheduler.complete(ticket, 100, minute(3, 2 + index));
		}
		const probe = startAll(scheduler, 100);
		scheduler.complete(probe[0], 150, minute(3, 3, 429, 1_000));
		// The window opened no earlier than t=0, and resets no later than t=1150.
		expect(scheduler.learnedWindowMs).toBe(1_150);
		const second = startAll(scheduler, 1_150);
		expect(second).toHaveLength(3);
		second.forEach((ticket, index) => scheduler.complete(ticket, 1_200, minute(3, 1 + index)));
		// Predicted from the opening call's answer (t=1200) plus the learned length.
		expect(scheduler.admission(1_200)).toEqual({ action: 'waitUntil', atMs: 2_350 });
		expect(startAll(scheduler, 2_350)).toHaveLength(3);
	});

	it('does not let answers to calls sent before the last reset speak for the new window', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 8 });
		scheduler.complete(startAll(scheduler, 0)[0], 10, minute(3, 1));
		const [rejected, late] = startAll(scheduler, 10);
		// Another workflow on the same team filled the window.
		scheduler.complete(rejected, 20, minute(3, 3, 429, 500));
		expect(scheduler.admission(20)).toEqual({ action: 'waitUntil', atMs: 520 });
		// A fresh window of 3, one of them perhaps taken by the call still in flight.
		const fresh = startAll(scheduler, 520);
		expect(fresh).toHaveLength(2);
		// Its "0 left" is the old window's; the call itself still holds a place until newer numbers.
		scheduler.complete(late, 600, minute(3, 3));
		expect(scheduler.admission(600)).toEqual({ action: 'waitForResponse' });
		scheduler.complete(fresh[0], 700, minute(3, 1));
		expect(startAll(scheduler, 700)).toHaveLength(1);
	});

	it('backs off after a 429 without retry-after, then probes one call at a time', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 4, backoffBaseMs: 1_000 });
		scheduler.complete(startAll(scheduler, 0)[0], 10, minute(100, 1));
		const wave = startAll(scheduler, 10);
		scheduler.complete(wave[0], 20, { status: 429 });
		expect(scheduler.admission(20)).toEqual({ action: 'waitUntil', atMs: 1_020 });
		// The rest of the same burst: one rejection, not three more in a row.
		wave.slice(1).forEach((ticket) => scheduler.complete(ticket, 30, { status: 429 }));
		expect(scheduler.admission(1_020)).toEqual({ action: 'waitUntil', atMs: 1_030 });
		const probe = startAll(scheduler, 1_030);
		expect(probe).toHaveLength(1);
		scheduler.complete(probe[0], 1_040, { status: 429 });
		expect(scheduler.admission(1_040)).toEqual({ action: 'waitUntil', atMs: 3_040 });
	});

	it('runs at the ceiling when Apollo sends no rate-limit headers', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 6 });
		scheduler.complete(startAll(scheduler, 0)[0], 10, { status: 200 });
		expect(startAll(scheduler, 10)).toHaveLength(6);
	});

	it('counts a call that got no answer as spent until newer numbers arrive', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 8 });
		scheduler.complete(startAll(scheduler, 0)[0], 10, minute(3, 1));
		const [dropped, pending] = startAll(scheduler, 10);
		scheduler.complete(dropped, 20, {});
		expect(scheduler.admission(20)).toEqual({ action: 'waitForResponse' });
		scheduler.complete(pending, 30, minute(3, 2));
		expect(startAll(scheduler, 30)).toHaveLength(1);
	});

	it('pauses every call for the retry-after of a 503', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 4 });
		scheduler.complete(startAll(scheduler, 0)[0], 10, { status: 503, retryAfterMs: 2_000 });
		expect(scheduler.admission(10)).toEqual({ action: 'waitUntil', atMs: 2_010 });
		expect(scheduler.admission(2_010)).toEqual({ action: 'start' });
	});

	it('lets one call at a time through with a ceiling of 1', () => {
		const scheduler = new AdaptiveScheduler({ maxConcurrent: 1 });
		scheduler.complete(startAll(scheduler, 0)[0], 10, minute(1000, 1));
		expect(startAll(scheduler, 10)).toHaveLength(1);
	});
});

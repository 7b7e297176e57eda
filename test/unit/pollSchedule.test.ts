import {
	DEFAULT_POLL_POLICY,
	PollSchedule,
	pollInterval,
	type PollPolicy,
} from '../../nodes/ApolloEnrich/protocol/pollSchedule';

const policy = (maxWaitSeconds: number): PollPolicy => ({
	...DEFAULT_POLL_POLICY,
	maxWaitMs: maxWaitSeconds * 1000,
});

/** Drives a schedule with a fake clock: every due id is "sent" and answered pending at once. */
function drive(schedule: PollSchedule, retryAfterSeconds: number | null, until: number): number[] {
	const pollTimes: number[] = [];
	let now = 0;
	while (!schedule.isDone && now <= until) {
		for (const id of schedule.due(now)) {
			schedule.sent(id);
			pollTimes.push(now);
			schedule.pending(id, now, retryAfterSeconds);
		}
		const next = schedule.nextWakeAt();
		if (next === null) break;
		now = next;
	}
	return pollTimes;
}

describe('pollInterval', () => {
	it("waits Apollo's retry_after_seconds first, then backs off by half up to 30 s", () => {
		const waits = [1, 2, 3, 4, 5, 6].map((n) => pollInterval(DEFAULT_POLL_POLICY, n, 10));
		expect(waits).toEqual([10_000, 15_000, 22_500, 30_000, 30_000, 30_000]);
	});

	it('never polls sooner than Apollo asked, even beyond the back-off ceiling', () => {
		expect(pollInterval(DEFAULT_POLL_POLICY, 1, 90)).toBe(90_000);
		expect(pollInterval(DEFAULT_POLL_POLICY, 7, 90)).toBe(90_000);
	});

	it('falls back to 10 s without retry_after_seconds, and never goes below 1 s', () => {
		expect(pollInterval(DEFAULT_POLL_POLICY, 1, null)).toBe(10_000);
		expect(pollInterval(DEFAULT_POLL_POLICY, 1, Number.NaN)).toBe(10_000);
		expect(pollInterval(DEFAULT_POLL_POLICY, 1, -5)).toBe(10_000);
		expect(pollInterval(DEFAULT_POLL_POLICY, 1, 0)).toBe(1_000);
		expect(pollInterval(DEFAULT_POLL_POLICY, 1, 0.2)).toBe(1_000);
	});
});

describe('PollSchedule', () => {
	it('polls every id right away, and not again until its answer is recorded', () => {
		const schedule = new PollSchedule(['a', 'b'], 0, policy(300));
		expect(schedule.due(0)).toEqual(['a', 'b']);
		schedule.sent('a');
		schedule.sent('b');
		expect(schedule.due(1_000_000)).toEqual([]);
		expect(schedule.nextWakeAt()).toBeNull();
		expect(schedule.isDone).toBe(false);
	});

	it('follows the back-off over a five-minute wait, then times out', () => {
		const schedule = new PollSchedule(['a'], 0, policy(300));
		const times = drive(schedule, 10, 1_000_000);
		expect(times).toEqual([
			0, 10_000, 25_000, 47_500, 77_500, 107_500, 137_500, 167_500, 197_500, 227_500, 257_500,
			287_500,
		]);
		// The next poll would be at 317.5 s, after the deadline: it stops at the last pending answer.
		expect(schedule.isDone).toBe(true);
		expect(schedule.outcome('a', 999_999)).toEqual({ state: 'timedOut', polls: 12, waitedMs: 287_500 });
	});

	it('with Max Wait 0 polls once and stops', () => {
		const schedule = new PollSchedule(['a'], 1_000, policy(0));
		expect(drive(schedule, 10, 10_000)).toEqual([1_000]);
		expect(schedule.outcome('a', 5_000).state).toBe('timedOut');
	});

	it('stops at once when Apollo asks to come back after the deadline', () => {
		const schedule = new PollSchedule(['a'], 0, policy(30));
		schedule.sent('a');
		schedule.pending('a', 2_000, 60);
		expect(schedule.outcome('a', 2_000)).toEqual({ state: 'timedOut', polls: 1, waitedMs: 2_000 });
	});

	it('settles ids independently and wakes for the earliest one still waiting', () => {
		const schedule = new PollSchedule(['a', 'b', 'c'], 0, policy(300));
		for (const id of schedule.due(0)) schedule.sent(id);
		schedule.pending('a', 100, 10);
		schedule.pending('b', 200, 5);
		schedule.settle('c', 300);
		expect(schedule.nextWakeAt()).toBe(5_200);
		expect(schedule.due(5_200)).toEqual(['b']);
		schedule.sent('b');
		schedule.settle('b', 5_300);
		expect(schedule.due(10_100)).toEqual(['a']);
		expect(schedule.outcome('c', 10_100)).toEqual({ state: 'settled', polls: 1, waitedMs: 300 });
		expect(schedule.outcome('b', 10_100)).toEqual({ state: 'settled', polls: 2, waitedMs: 5_300 });
		expect(schedule.outcome('a', 10_100)).toEqual({ state: 'waiting', polls: 1, waitedMs: 10_100 });
		schedule.sent('a');
		schedule.settle('a', 10_200);
		expect(schedule.isDone).toBe(true);
	});

	it('ignores answers for ids that are no longer waiting', () => {
		const schedule = new PollSchedule(['a'], 0, policy(300));
		schedule.sent('a');
		schedule.settle('a', 50);
		schedule.pending('a', 60, 10);
		schedule.sent('a');
		expect(schedule.outcome('a', 100)).toEqual({ state: 'settled', polls: 1, waitedMs: 50 });
		expect(schedule.outcome('unknown', 100)).toEqual({ state: 'settled', polls: 0, waitedMs: 0 });
	});

	it('stopAll ends every waiting id where it stands (a cancelled execution)', () => {
		const schedule = new PollSchedule(['a', 'b'], 0, policy(300));
		schedule.sent('a');
		schedule.settle('a', 10);
		schedule.stopAll(400);
		expect(schedule.isDone).toBe(true);
		expect(schedule.outcome('a', 500).state).toBe('settled');
		expect(schedule.outcome('b', 500)).toEqual({ state: 'timedOut', polls: 0, waitedMs: 400 });
	});
});

import { dedupeStateIn, recordSeen } from '../../../nodes/ApolloWebhookTrigger/protocol/dedupe';
import { RecentKeys } from '../../../nodes/ApolloWebhookTrigger/protocol/recentKeys';

const HOUR = 3_600_000;

describe('RecentKeys', () => {
	it('remembers within the window', () => {
		const memory = new RecentKeys(HOUR, 3);
		memory.add('a', 0);
		expect(memory.has('a', 100)).toBe(true);
		expect(memory.has('a', HOUR)).toBe(false);
	});

	it('is bounded by its cap', () => {
		const memory = new RecentKeys(HOUR, 3);
		for (const digest of ['a', 'b', 'c', 'd']) memory.add(digest, 0);
		expect(memory.size).toBe(3);
		expect(memory.has('a', 0)).toBe(false);
		expect(memory.has('d', 0)).toBe(true);
		// An evicted key is not written back either.
		const state = dedupeStateIn({});
		expect(memory.heal(state, 0)).toBe(3);
		expect(Object.keys(state.seen).sort()).toEqual(['b', 'c', 'd']);
	});

	it('writes back every key a last-writer-wins save dropped, and marks the state as its own', () => {
		const memory = new RecentKeys(HOUR, 100);
		memory.add('a', 0);
		memory.add('b', 5);
		const lostB = dedupeStateIn({});
		recordSeen(lostB, 'a', 0);
		expect(memory.heal(lostB, 10)).toBe(1);
		expect(lostB.seen).toEqual({ a: 0, b: 5 });
		expect(lostB.writer).toEqual({ id: memory.writerId, seq: 2 });
	});

	it('checks only the keys accepted after the mark of a state it wrote itself', () => {
		const memory = new RecentKeys(HOUR, 1_000);
		for (let i = 0; i < 100; i++) memory.add(`k${i}`, i);
		const written = dedupeStateIn({});
		expect(memory.heal(written, 100)).toBe(100);
		memory.add('late', 200);
		// A stale copy of the state written before `late`: only `late` is missing, and only it is
		// looked at (the mark says k0..k99 are there; deleting one proves they are not rescanned).
		const staleCopy = JSON.parse(JSON.stringify(written)) as typeof written;
		delete staleCopy.seen.k0;
		expect(memory.heal(staleCopy, 210)).toBe(1);
		expect(staleCopy.seen.late).toBe(200);
		expect(staleCopy.writer?.seq).toBe(101);
	});

	it('checks every key of a state another process wrote (a restart, or queue mode)', () => {
		const memory = new RecentKeys(HOUR, 1_000);
		memory.add('a', 0);
		memory.add('b', 1);
		const foreign = dedupeStateIn({});
		foreign.writer = { id: 'another-process', seq: 5 };
		expect(memory.heal(foreign, 10)).toBe(2);
		expect(foreign.writer).toEqual({ id: memory.writerId, seq: 2 });
	});

	it('leaves an unchanged state alone, so a duplicate costs no save', () => {
		const memory = new RecentKeys(HOUR, 100);
		memory.add('a', 0);
		const state = dedupeStateIn({});
		memory.heal(state, 1, true);
		const before = JSON.stringify(state);
		expect(memory.heal(state, 2)).toBe(0);
		expect(JSON.stringify(state)).toBe(before);
		// A state with all keys but an older mark is not rewritten for the mark alone either.
		memory.add('b', 3);
		recordSeen(state, 'b', 3);
		expect(memory.heal(state, 4)).toBe(0);
		expect(state.writer?.seq).toBe(1);
	});

	it('does not write back keys that left the window', () => {
		const memory = new RecentKeys(HOUR, 100);
		memory.add('old', 0);
		memory.add('new', HOUR - 1);
		const state = dedupeStateIn({});
		expect(memory.heal(state, HOUR + 1)).toBe(1);
		expect(Object.keys(state.seen)).toEqual(['new']);
	});

	it('keeps its log compact over many keys', () => {
		const memory = new RecentKeys(1_000, 50);
		for (let i = 0; i < 5_000; i++) memory.add(`k${i}`, i);
		expect(memory.size).toBe(50);
		const state = dedupeStateIn({});
		expect(memory.heal(state, 5_000)).toBe(50);
		expect(state.seen.k4999).toBe(4999);
	});
});

import { readStoredKeys, storageDigest, type StoredKeys } from '../../../nodes/ApolloWebhookTrigger/protocol/dedupe';
import { packEntry, unpack } from '../../../nodes/ApolloWebhookTrigger/protocol/packedKeys';
import { RecentKeys } from '../../../nodes/ApolloWebhookTrigger/protocol/recentKeys';

const HOUR = 3_600_000;
const T0 = 1_764_150_000_000; // ms
const d = (name: string) => storageDigest(name);
/** What the node reads back after n8n saved a snapshot (through JSON, as the database does). */
const reread = (state: unknown): StoredKeys => readStoredKeys({ dedupe: JSON.parse(JSON.stringify(state)) as unknown });
const digestsOf = (stored: StoredKeys) => unpack(stored.keys).map((entry) => entry.digest);

describe('RecentKeys', () => {
	it('remembers within the window', () => {
		const memory = new RecentKeys(HOUR, 3);
		memory.add(d('a'), T0);
		expect(memory.has(d('a'), T0 + 100)).toBe(true);
		expect(memory.has(d('a'), T0 + HOUR)).toBe(false);
		expect(memory.has(d('b'), T0)).toBe(false);
	});

	it('is bounded by its cap, forgetting the oldest first', () => {
		const memory = new RecentKeys(HOUR, 3);
		for (const name of ['a', 'b', 'c', 'd']) memory.add(d(name), T0);
		expect(memory.size).toBe(3);
		expect(memory.has(d('a'), T0)).toBe(false);
		expect(memory.has(d('d'), T0)).toBe(true);
		expect(digestsOf(reread(memory.snapshot(T0)))).toEqual([d('b'), d('c'), d('d')]);
	});

	it('writes every key it has, oldest first, with its mark', () => {
		const memory = new RecentKeys(HOUR, 100);
		memory.add(d('a'), T0);
		memory.add(d('b'), T0 + 5_000);
		const stored = reread(memory.snapshot(T0 + 6_000));
		expect(unpack(stored.keys)).toEqual([
			{ digest: d('a'), at: T0 / 1000 },
			{ digest: d('b'), at: T0 / 1000 + 5 },
		]);
		expect(stored.writer).toEqual({ id: memory.writerId, seq: 2 });
		expect(memory.isCurrentIn(stored)).toBe(true);
	});

	it('knows a stored state of its own that is missing later keys (a stale last-writer-wins save)', () => {
		const memory = new RecentKeys(HOUR, 100);
		memory.add(d('a'), T0);
		const older = reread(memory.snapshot(T0));
		memory.add(d('b'), T0 + 1_000);
		expect(memory.isCurrentIn(older)).toBe(false);
		// Its own state is never read back: the memory already has all of it.
		expect(memory.absorb(older, T0 + 2_000)).toBe(0);
		expect(digestsOf(reread(memory.snapshot(T0 + 2_000)))).toEqual([d('a'), d('b')]);
	});

	it('reads in a state another process wrote (a restart, or queue mode), merged by time', () => {
		const before = new RecentKeys(HOUR, 100);
		before.add(d('old-1'), T0);
		before.add(d('old-3'), T0 + 3_000);
		const stored = reread(before.snapshot(T0 + 3_000));

		const restarted = new RecentKeys(HOUR, 100);
		restarted.add(d('new-2'), T0 + 2_000);
		expect(restarted.isCurrentIn(stored)).toBe(false);
		expect(restarted.absorb(stored, T0 + 4_000)).toBe(2);
		expect(restarted.has(d('old-1'), T0 + 4_000)).toBe(true);
		expect(digestsOf(reread(restarted.snapshot(T0 + 4_000)))).toEqual([d('old-1'), d('new-2'), d('old-3')]);
		// The same foreign state again is not read twice.
		expect(restarted.absorb(stored, T0 + 5_000)).toBe(0);
	});

	it('does not read in keys that left the window, or that it already has', () => {
		const other = new RecentKeys(HOUR, 100);
		other.add(d('expired'), T0);
		other.add(d('shared'), T0 + HOUR - 1_000);
		other.add(d('fresh'), T0 + HOUR - 500);
		const memory = new RecentKeys(HOUR, 100);
		memory.add(d('shared'), T0 + HOUR - 1_000);
		expect(memory.absorb(reread(other.snapshot(T0 + HOUR - 500)), T0 + HOUR + 1)).toBe(1);
		expect(memory.has(d('expired'), T0 + HOUR + 1)).toBe(false);
		expect(memory.has(d('fresh'), T0 + HOUR + 1)).toBe(true);
	});

	it('reads in a state written by version 1 of the node, and then writes the new form', () => {
		const seen = { [`${d('a')}xxxxxx`]: T0, [`${d('b')}yyyyyy`]: T0 + 1_000 };
		const legacy = readStoredKeys({ dedupe: { seen, prunedAt: 0, size: 2 } });
		const memory = new RecentKeys(HOUR, 100);
		expect(memory.isCurrentIn(legacy)).toBe(false);
		expect(memory.absorb(legacy, T0 + 2_000)).toBe(2);
		expect(memory.has(d('b'), T0 + 2_000)).toBe(true);
		expect(memory.snapshot(T0 + 2_000)).toMatchObject({ v: 2, keys: packEntry(d('a'), T0 / 1000) + packEntry(d('b'), T0 / 1000 + 1) });
	});

	it('drops expired keys from what it writes', () => {
		const memory = new RecentKeys(HOUR, 100);
		memory.add(d('old'), T0);
		memory.add(d('new'), T0 + HOUR - 1_000);
		expect(digestsOf(reread(memory.snapshot(T0 + HOUR + 1)))).toEqual([d('new')]);
		expect(memory.size).toBe(1);
	});

	it('stays at its cap over many keys, and a key forgotten and accepted again is stored once', () => {
		const memory = new RecentKeys(1_000 * 1_000, 50);
		for (let i = 0; i < 5_000; i++) memory.add(d(`k${i}`), T0 + i * 1_000);
		expect(memory.size).toBe(50);
		expect(memory.has(d('k4950'), T0 + 5_000_000)).toBe(true);
		expect(memory.has(d('k4949'), T0 + 5_000_000)).toBe(false);
		memory.add(d('k0'), T0 + 5_000_000);
		const digests = digestsOf(reread(memory.snapshot(T0 + 5_000_000)));
		expect(digests).toHaveLength(50);
		expect(new Set(digests).size).toBe(50);
	});
});

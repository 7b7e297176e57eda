import { canonicalJson, MAX_JSON_DEPTH, PayloadTooDeepError } from '../../nodes/ApolloWebhookTrigger/protocol/canonicalJson';
import {
	dedupeKeyOf,
	dedupeStateIn,
	isSeen,
	pruneIfDue,
	recordSeen,
	storageDigest,
	type DedupeSettings,
} from '../../nodes/ApolloWebhookTrigger/protocol/dedupe';
import { RecentKeys } from '../../nodes/ApolloWebhookTrigger/protocol/recentKeys';
import { checkSecret, secretsMatch } from '../../nodes/ApolloWebhookTrigger/protocol/secret';

const HOUR = 3_600_000;
const settings: DedupeSettings = { mode: 'requestIdAndPayload', field: 'request_id', windowMs: 24 * HOUR, maxKeys: 100 };

describe('canonicalJson', () => {
	it('ignores key order at every level', () => {
		expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
			canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
		);
	});
	it('treats __proto__ arriving as data as a plain key', () => {
		const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
		expect(canonicalJson(hostile)).toBe('{"__proto__":{"polluted":true},"a":1}');
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
	});
	it('refuses bodies nested deeper than any Apollo payload', () => {
		let deep: unknown = 1;
		for (let level = 0; level <= MAX_JSON_DEPTH + 1; level++) deep = [deep];
		expect(() => canonicalJson(deep)).toThrow(PayloadTooDeepError);
	});
});

describe('dedupeKeyOf', () => {
	const body = { request_id: '-5', people: [{ id: 'p1', emails: [] }] };
	it('combines request id and a digest of the canonical payload by default', () => {
		const key = dedupeKeyOf(body, '-5', settings);
		expect(key).toEqual({ ok: true, key: expect.stringMatching(/^-5:[A-Za-z0-9_-]{22}$/) });
		const reordered = { people: [{ emails: [], id: 'p1' }], request_id: '-5' };
		expect(dedupeKeyOf(reordered, '-5', settings)).toEqual(key);
		const later = { ...body, people: [{ id: 'p1', emails: ['x@y.z'] }] };
		expect(dedupeKeyOf(later, '-5', settings)).not.toEqual(key);
	});
	it('works for phone deliveries, which carry no request id', () => {
		expect(dedupeKeyOf({ people: [] }, null, settings)).toEqual({ ok: true, key: expect.stringMatching(/^no-request-id:/) });
	});
	it('can key on the request id alone, or on a field', () => {
		expect(dedupeKeyOf(body, '-5', { ...settings, mode: 'requestId' })).toEqual({ ok: true, key: 'request:-5' });
		expect(dedupeKeyOf({ people: [] }, null, { ...settings, mode: 'requestId' })).toMatchObject({ ok: false });
		expect(dedupeKeyOf(body, '-5', { ...settings, mode: 'field', field: 'people.0.id' })).toEqual({ ok: true, key: 'field:people.0.id=p1' });
		expect(dedupeKeyOf(body, '-5', { ...settings, mode: 'field', field: 'people.3.id' })).toMatchObject({
			ok: false,
			reason: 'The delivery has no value at "people.3.id" to deduplicate on',
		});
		expect(dedupeKeyOf(body, '-5', { ...settings, mode: 'field', field: 'constructor' })).toMatchObject({ ok: false });
	});
});

describe('stored dedupe state', () => {
	it('starts, records the earliest sighting and expires by window', () => {
		const staticData: Record<string, unknown> = {};
		const state = dedupeStateIn(staticData);
		expect(staticData.dedupe).toBe(state);
		expect(recordSeen(state, 'a', 1_000)).toBe(true);
		expect(recordSeen(state, 'a', 2_000)).toBe(false);
		expect(state.seen.a).toBe(1_000);
		expect(isSeen(state.seen, 'a', 1_000 + 24 * HOUR - 1, 24 * HOUR)).toBe(true);
		expect(isSeen(state.seen, 'a', 1_000 + 24 * HOUR, 24 * HOUR)).toBe(false);
	});

	it('prunes expired keys and, past the cap, the oldest', () => {
		const state = dedupeStateIn({});
		for (let i = 0; i < 150; i++) recordSeen(state, storageDigest(`k${i}`), i * 1_000);
		expect(pruneIfDue(state, 200_000, 120_000, 100)).toBe(true);
		// At 200 s, keys seen at 80 s or earlier are out of the 120 s window.
		expect(state.size).toBe(69);
		expect(Object.keys(state.seen)).toHaveLength(69);

		const capped = dedupeStateIn({});
		for (let i = 0; i < 150; i++) recordSeen(capped, storageDigest(`k${i}`), i);
		pruneIfDue(capped, 1_000, 24 * HOUR, 100);
		// Over the cap it keeps the newest 90 % of it, so the next prune is a tenth of the cap away.
		expect(Object.keys(capped.seen)).toHaveLength(90);
		expect(Object.values(capped.seen).sort((a, b) => a - b)[0]).toBe(60);
	});

	it('rations pruning when nothing is due', () => {
		const state = dedupeStateIn({});
		recordSeen(state, 'a', 0);
		expect(pruneIfDue(state, 60_000, 24 * HOUR, 100)).toBe(true);
		expect(pruneIfDue(state, 61_000, 24 * HOUR, 100)).toBe(false);
		expect(pruneIfDue(state, 120_000, 24 * HOUR, 100)).toBe(true);
	});

	it('stays small at its cap: about 40 bytes a key', () => {
		const state = dedupeStateIn({});
		for (let i = 0; i < 10_000; i++) recordSeen(state, storageDigest(`delivery-${i}`), 1_764_150_000_000 + i);
		const bytes = Buffer.byteLength(JSON.stringify(state));
		expect(bytes).toBeLessThan(450_000);
	});
});

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

describe('secrets', () => {
	it('compares by value only', () => {
		expect(secretsMatch('s3cret', 's3cret')).toBe(true);
		expect(secretsMatch('S3cret', 's3cret')).toBe(false);
		expect(secretsMatch('s3cret ', 's3cret')).toBe(false);
		expect(secretsMatch('s3cre', 's3cret')).toBe(false);
	});
	it('answers 401 when missing and 403 when wrong', () => {
		expect(checkSecret([undefined, ''], 'x')).toMatchObject({ ok: false, status: 401 });
		expect(checkSecret(['y'], 'x')).toMatchObject({ ok: false, status: 403 });
		expect(checkSecret(['y', 'x'], 'x')).toEqual({ ok: true });
	});
});

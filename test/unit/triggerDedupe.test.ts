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
import { CONFIRM_MS, HEAL_INTERVAL_MS, RecentKeys } from '../../nodes/ApolloWebhookTrigger/protocol/recentKeys';
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
		expect(memory.pendingSize).toBe(3);
		expect(memory.has('a', 0)).toBe(false);
		expect(memory.has('d', 0)).toBe(true);
	});

	it('writes back a key a last-writer-wins save dropped, until it has stayed stored', () => {
		const memory = new RecentKeys(HOUR, 100);
		memory.add('a', 0);
		memory.add('b', 0);
		const lostB = dedupeStateIn({});
		recordSeen(lostB, 'a', 0);
		expect(memory.heal(lostB, 10)).toBe(1);
		expect(lostB.seen.b).toBe(0);
		// Stored now, but not yet for long: still watched, and written back if dropped again.
		const droppedAgain = dedupeStateIn({});
		recordSeen(droppedAgain, 'a', 0);
		expect(memory.heal(droppedAgain, 20)).toBe(1);
		// Seen stored continuously for CONFIRM_MS: let go.
		expect(memory.heal(droppedAgain, 30)).toBe(0);
		expect(memory.heal(droppedAgain, 30 + CONFIRM_MS)).toBe(0);
		expect(memory.pendingSize).toBe(0);
	});

	it('rations the scan when many keys are pending', () => {
		const memory = new RecentKeys(HOUR, 1_000);
		for (let i = 0; i < 100; i++) memory.add(`k${i}`, 0);
		const empty = dedupeStateIn({});
		expect(memory.heal(empty, 0)).toBe(100);
		const emptyAgain = dedupeStateIn({});
		expect(memory.heal(emptyAgain, 10)).toBe(0);
		expect(memory.heal(emptyAgain, HEAL_INTERVAL_MS)).toBe(100);
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

import { dedupeKeyOf, dedupeStateIn, isSeen, pruneIfDue, recordSeen, storageDigest, type DedupeSettings } from '../../../nodes/ApolloWebhookTrigger/protocol/dedupe';

const HOUR = 3_600_000;
const settings: DedupeSettings = { mode: 'requestIdAndPayload', field: 'request_id', windowMs: 24 * HOUR, maxKeys: 100 };

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

import { shortDigest } from '../../../nodes/ApolloWebhookTrigger/protocol/canonicalJson';
import { dedupeKeyOf, readStoredKeys, storageDigest, type DedupeSettings } from '../../../nodes/ApolloWebhookTrigger/protocol/dedupe';
import { packEntry } from '../../../nodes/ApolloWebhookTrigger/protocol/packedKeys';

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
		// Without the id or field, a delivery is keyed by its content (as by default), not refused:
		// a refusal would make Apollo retry a phone reveal until it gives up, and lose the numbers.
		const phone = { people: [{ id: 'p1', phone_numbers: [] }] };
		expect(dedupeKeyOf(phone, null, { ...settings, mode: 'requestId' })).toEqual(dedupeKeyOf(phone, null, settings));
		expect(dedupeKeyOf(phone, null, settings)).toEqual({ ok: true, key: expect.stringMatching(/^no-request-id:[A-Za-z0-9_-]{22}$/) });
		expect(dedupeKeyOf(body, '-5', { ...settings, mode: 'field', field: 'people.0.id' })).toEqual({ ok: true, key: 'field:people.0.id=p1' });
		expect(dedupeKeyOf(body, '-5', { ...settings, mode: 'field', field: 'people.3.id' })).toEqual(dedupeKeyOf(body, '-5', settings));
		expect(dedupeKeyOf(body, '-5', { ...settings, mode: 'field', field: 'constructor' })).toEqual(dedupeKeyOf(body, '-5', settings));
	});
});

describe('stored dedupe state', () => {
	it('stores 16-character digests that start the 22-character ones version 1 stored', () => {
		expect(storageDigest('k')).toMatch(/^[A-Za-z0-9_-]{16}$/);
		expect(shortDigest('k').startsWith(storageDigest('k'))).toBe(true);
	});

	it('reads the packed keys and the writer mark of a state', () => {
		const keys = packEntry(storageDigest('a'), 1_764_000_000);
		expect(readStoredKeys({ dedupe: { v: 2, keys, writer: { id: 'w', seq: 3 } } })).toEqual({ keys, writer: { id: 'w', seq: 3 } });
		expect(readStoredKeys({})).toEqual({ keys: '' });
	});

	it('reads a state written by version 1 (an object of digests) as entries, oldest first', () => {
		const seen = { [shortDigest('b')]: 2_000_000, [shortDigest('a')]: 1_000_000, broken: 'x' };
		expect(readStoredKeys({ dedupe: { seen, prunedAt: 0, size: 2, writer: { id: 'old', seq: 2 } } })).toEqual({
			keys: '',
			writer: { id: 'old', seq: 2 },
			legacy: [
				{ digest: storageDigest('a'), at: 1_000 },
				{ digest: storageDigest('b'), at: 2_000 },
			],
		});
	});

	it('reads a malformed state as no keys instead of failing the delivery', () => {
		for (const dedupe of [null, 'text', 5, { keys: 7 }, { seen: null }, { writer: { id: 1 } }]) {
			expect(readStoredKeys({ dedupe })).toMatchObject({ keys: '' });
		}
		expect(readStoredKeys({ dedupe: { keys: '', writer: { id: 'w', seq: 1.5 } } })).toEqual({ keys: '', writer: undefined });
	});
});

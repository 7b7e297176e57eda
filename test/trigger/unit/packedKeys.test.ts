import { storageDigest } from '../../../nodes/ApolloWebhookTrigger/protocol/dedupe';
import { ENTRY_LENGTH, entryAt, entryCount, packEntry, packedHas, unpack } from '../../../nodes/ApolloWebhookTrigger/protocol/packedKeys';

const NOW = 1_764_150_000; // seconds
const DAY = 86_400;

describe('packed keys', () => {
	it('packs a digest and a second into one fixed-width entry and reads them back', () => {
		const digest = storageDigest('delivery-1');
		const entry = packEntry(digest, NOW);
		expect(entry).toHaveLength(ENTRY_LENGTH);
		expect(entry).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(entryAt(entry, 0)).toEqual({ digest, at: NOW });
		// Times far from now survive too: 0, and the year 3000.
		expect(entryAt(packEntry(digest, 0), 0)).toEqual({ digest, at: 0 });
		expect(entryAt(packEntry(digest, 32_503_680_000), 0)).toEqual({ digest, at: 32_503_680_000 });
	});

	it('reads every well-formed entry, oldest first, and skips anything else', () => {
		const a = packEntry(storageDigest('a'), NOW - 10);
		const b = packEntry(storageDigest('b'), NOW);
		const broken = `${storageDigest('c')}!!!!!!`;
		expect(entryCount(a + broken + b + 'tail')).toBe(3);
		expect(unpack(a + broken + b + 'tail')).toEqual([
			{ digest: storageDigest('a'), at: NOW - 10 },
			{ digest: storageDigest('b'), at: NOW },
		]);
		expect(unpack('')).toEqual([]);
	});

	it('finds a digest only on an entry boundary and within the window', () => {
		const digest = storageDigest('x');
		// The digest also appears straddling two entries; only the aligned copy counts.
		const decoy = packEntry(`AAAA${digest.slice(0, 12)}`, NOW) + packEntry(`${digest.slice(12)}AAAAAAAAAAAA`, NOW);
		expect(packedHas(decoy, digest, NOW, DAY)).toBe(false);
		const stored = decoy + packEntry(digest, NOW - DAY + 1);
		expect(packedHas(stored, digest, NOW, DAY)).toBe(true);
		expect(packedHas(stored, digest, NOW + 1, DAY)).toBe(false);
	});

	it('stays small: 10,000 keys are about 220 KB of JSON', () => {
		const packed = Array.from({ length: 10_000 }, (_, i) => packEntry(storageDigest(`delivery-${i}`), NOW + i)).join('');
		const bytes = Buffer.byteLength(JSON.stringify({ v: 2, keys: packed, writer: { id: 'abcdefghijkl', seq: 10_000 } }));
		expect(bytes).toBeLessThan(221_000);
	});
});

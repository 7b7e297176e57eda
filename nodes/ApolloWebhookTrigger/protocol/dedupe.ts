/**
 * Which delivery is a retry of one already seen: the dedupe key of a delivery, and the stored
 * state it is remembered in. Pure: the node wires it to workflow static data (persistent, last
 * writer wins) through an in-process memory (recentKeys.ts), which decides.
 *
 * The state holds every remembered delivery as a 22-character entry of one string
 * (packedKeys.ts), bounded by a time window and a key cap: the default cap of 10,000 keys is
 * about 220 KB in the workflow row.
 */
import { canonicalJson, PayloadTooDeepError, shortDigest } from './canonicalJson';
import { DIGEST_LENGTH, type PackedEntry } from './packedKeys';

export type DedupeKeyMode = 'requestIdAndPayload' | 'requestId' | 'field';

export interface DedupeSettings {
	mode: DedupeKeyMode;
	/** Dot path into the body, for mode `field` (e.g. `request_id` or `people.0.id`). */
	field: string;
	windowMs: number;
	maxKeys: number;
}

export const DEFAULT_WINDOW_HOURS = 24;
export const DEFAULT_MAX_KEYS = 10_000;

export type KeyResult = { ok: true; key: string } | { ok: false; reason: string };

function valueAtPath(body: unknown, path: string): unknown {
	let value: unknown = body;
	for (const part of path.split('.').filter((segment) => segment !== '')) {
		if (value === null || typeof value !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/**
 * The readable dedupe key of a delivery. Default: request id (when the payload has one) plus a
 * digest of the canonical payload, so a retry matches but a different later delivery for the
 * same request does not.
 */
export function dedupeKeyOf(body: Record<string, unknown>, requestId: string | null, settings: DedupeSettings): KeyResult {
	try {
		return keyOf(body, requestId, settings);
	} catch (error) {
		if (error instanceof PayloadTooDeepError) return { ok: false, reason: error.message };
		return { ok: false, reason: 'The delivery could not be read' };
	}
}

/**
 * A delivery without the id or field the settings key on is still a delivery Apollo will retry
 * until it gets a 2xx (a phone reveal carries no request_id): it is keyed by its content instead,
 * as by default, rather than refused and lost.
 */
function keyOf(body: Record<string, unknown>, requestId: string | null, settings: DedupeSettings): KeyResult {
	if (settings.mode === 'requestId' && requestId !== null) return { ok: true, key: `request:${requestId}` };
	if (settings.mode === 'field') {
		const value = valueAtPath(body, settings.field);
		if (value !== undefined && value !== null && value !== '') {
			const text = typeof value === 'object' ? canonicalJson(value) : String(value);
			return { ok: true, key: `field:${settings.field}=${text.length > 200 ? shortDigest(text) : text}` };
		}
	}
	return { ok: true, key: `${requestId ?? 'no-request-id'}:${shortDigest(canonicalJson(body))}` };
}

/** What is stored per key: readable keys can be long; the stored digest is 16 characters. */
export function storageDigest(key: string): string {
	return shortDigest(key).slice(0, DIGEST_LENGTH);
}

/** The trigger's part of the node's static data, as this version writes it. Plain JSON. */
export interface StoredDedupeState {
	/** Format version: 2 since the keys are one packed string (see packedKeys.ts). */
	v: 2;
	/** The remembered deliveries, oldest first. */
	keys: string;
	/**
	 * Which process memory wrote the state, and how many keys it had taken in then: a state whose
	 * mark is the memory's current one holds every key the memory has (see recentKeys.ts).
	 */
	writer: WriterMark;
}

export interface WriterMark {
	id: string;
	seq: number;
}

/** The state as read back, whichever version of the node wrote it. */
export interface StoredKeys {
	/** Packed entries (version 2), or '' when there are none. */
	keys: string;
	writer?: WriterMark;
	/** Entries of a state written by version 1 of this node (`seen`: digest → first seen in ms). */
	legacy?: PackedEntry[];
}

function writerMarkOf(value: unknown): WriterMark | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const { id, seq } = value as Partial<WriterMark>;
	return typeof id === 'string' && typeof seq === 'number' && Number.isInteger(seq) ? { id, seq } : undefined;
}

/**
 * Reads whatever the node's static data holds under `dedupe`. A state written by version 1
 * (an object of 22-character digests) is read as entries: its digests start with the new ones.
 * Anything malformed reads as no keys rather than failing the delivery.
 */
export function readStoredKeys(staticData: Record<string, unknown>): StoredKeys {
	const stored = staticData.dedupe as { keys?: unknown; seen?: unknown; writer?: unknown } | undefined;
	if (typeof stored !== 'object' || stored === null) return { keys: '' };
	const writer = writerMarkOf(stored.writer);
	if (typeof stored.keys === 'string') return { keys: stored.keys, writer };
	if (typeof stored.seen === 'object' && stored.seen !== null) {
		const legacy: PackedEntry[] = [];
		for (const [digest, atMs] of Object.entries(stored.seen as Record<string, unknown>)) {
			if (typeof atMs === 'number' && digest.length >= DIGEST_LENGTH) {
				legacy.push({ digest: digest.slice(0, DIGEST_LENGTH), at: Math.floor(atMs / 1000) });
			}
		}
		return { keys: '', writer, legacy: legacy.sort((a, b) => a.at - b.at) };
	}
	return { keys: '', writer };
}

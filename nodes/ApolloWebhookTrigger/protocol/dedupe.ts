/**
 * Which delivery is a retry of one already seen. Pure: the node wires it to workflow static data
 * (persistent, last writer wins) and to an in-process memory (immediate, per process).
 *
 * State is `{ [digest]: firstSeenEpochMs }`, bounded by a time window and a key cap, pruned on
 * every write. Digests are 22 characters, so an entry costs about 40 bytes of JSON: the default
 * cap of 10,000 keys stays near 400 KB in the workflow row.
 */
import { canonicalJson, PayloadTooDeepError, shortDigest } from './canonicalJson';

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

export type SeenKeys = Record<string, number>;

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

function keyOf(body: Record<string, unknown>, requestId: string | null, settings: DedupeSettings): KeyResult {
	if (settings.mode === 'requestId') {
		if (requestId === null) {
			return { ok: false, reason: 'The delivery has no request_id to deduplicate on' };
		}
		return { ok: true, key: `request:${requestId}` };
	}
	if (settings.mode === 'field') {
		const value = valueAtPath(body, settings.field);
		if (value === undefined || value === null || value === '') {
			return { ok: false, reason: `The delivery has no value at "${settings.field}" to deduplicate on` };
		}
		const text = typeof value === 'object' ? canonicalJson(value) : String(value);
		return { ok: true, key: `field:${settings.field}=${text.length > 200 ? shortDigest(text) : text}` };
	}
	return { ok: true, key: `${requestId ?? 'no-request-id'}:${shortDigest(canonicalJson(body))}` };
}

/** What is stored per key: readable keys can be long, the digest is 22 characters. */
export function storageDigest(key: string): string {
	return shortDigest(key);
}

/** The trigger's part of the node's static data. Plain JSON, so n8n can persist it. */
export interface StoredDedupeState {
	seen: SeenKeys;
	/** When expired entries were last removed (ms). Pruning scans every key, so it is rationed. */
	prunedAt: number;
	/** Number of keys as of the last write; recounted exactly at every prune. */
	size: number;
	/**
	 * Which process memory wrote the state, and its last acceptance then: the state holds all of
	 * that memory's keys up to it (see recentKeys.ts).
	 */
	writer?: { id: string; seq: number };
}

/** Reads (or starts) the state in place: n8n tracks writes to this very object to save it. */
export function dedupeStateIn(staticData: Record<string, unknown>): StoredDedupeState {
	const current = staticData.dedupe as Partial<StoredDedupeState> | undefined;
	if (typeof current !== 'object' || current === null || typeof current.seen !== 'object' || current.seen === null) {
		staticData.dedupe = { seen: {}, prunedAt: 0, size: 0 };
	}
	return staticData.dedupe as StoredDedupeState;
}

/** Records a sighting unless one is already there (the earliest sighting counts). */
export function recordSeen(state: StoredDedupeState, digest: string, atMs: number): boolean {
	if (typeof state.seen[digest] === 'number') return false;
	state.seen[digest] = atMs;
	state.size = (typeof state.size === 'number' ? state.size : 0) + 1;
	return true;
}

export function isSeen(seen: SeenKeys, digest: string, nowMs: number, windowMs: number): boolean {
	const at = seen[digest];
	return typeof at === 'number' && nowMs - at < windowMs;
}

/**
 * Removes expired entries and, past the cap, the oldest ones. Runs when the window may have
 * moved on by a noticeable share, or when the state may have outgrown the cap.
 */
export function pruneIfDue(state: StoredDedupeState, nowMs: number, windowMs: number, maxKeys: number): boolean {
	const dueByTime = nowMs - (state.prunedAt ?? 0) >= Math.min(60_000, windowMs / 24);
	if (!dueByTime && (state.size ?? 0) <= maxKeys) return false;
	const keys = Object.keys(state.seen);
	let live = keys.filter((digest) => isSeen(state.seen, digest, nowMs, windowMs));
	if (live.length > maxKeys) {
		// Down to 90 % of the cap, so the sort runs once per tenth of the cap, not on every key.
		live = live.sort((a, b) => state.seen[b] - state.seen[a]).slice(0, Math.floor(maxKeys * 0.9));
	}
	if (live.length !== keys.length) {
		const kept: SeenKeys = {};
		for (const digest of live) kept[digest] = state.seen[digest];
		state.seen = kept;
	}
	state.size = live.length;
	state.prunedAt = nowMs;
	return true;
}

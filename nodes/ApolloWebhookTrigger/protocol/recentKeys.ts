/**
 * This process's memory of the deliveries it accepted or read back: the trigger decides from it,
 * and writes it whole as the stored state. Pure, module-level state.
 *
 * n8n reads a workflow's static data fresh for each webhook request and writes it back whole,
 * last writer wins. Two retries arriving together both read "unseen"; and a request can
 * overwrite keys a neighbour just wrote. The memory closes both holes within one process:
 * - the check-and-add happens synchronously (no await between), so concurrent copies of one
 *   delivery cannot both pass;
 * - every state this process writes is the whole memory, so whichever write lands last, no key
 *   is lost. A state carries a mark (writer id and how many keys it had taken in), so the memory
 *   knows when a stored state is its own and current, and a duplicate then costs no write.
 * A state another process wrote (before a restart, or a second webhook process in queue mode) is
 * read into the memory once per version of it.
 *
 * The memory keeps its keys in the stored form (packedKeys.ts), oldest first, plus an index, so
 * writing the state costs nothing however many keys it holds.
 */
import { randomBytes } from 'crypto';

import type { StoredDedupeState, StoredKeys } from './dedupe';
import { ENTRY_LENGTH, entryAt, entryCount, packEntry, unpack, type PackedEntry } from './packedKeys';

const seconds = (ms: number) => Math.floor(ms / 1000);

export class RecentKeys {
	/** Names this memory in the states it writes; a restarted process has another one. */
	readonly writerId = randomBytes(9).toString('base64url');

	/** Digest → first seen (s), for every entry of `packed`. */
	private readonly index = new Map<string, number>();

	/** The entries, oldest first, in the stored form. */
	private packed = '';

	/** Keys taken in so far (added or read back); the mark written with the state. */
	private seq = 0;

	/** The mark of the last foreign state read in, so the same state is not read twice. */
	private lastForeign = '';

	constructor(
		private windowMs: number,
		private maxKeys: number,
	) {}

	configure(windowMs: number, maxKeys: number): void {
		this.windowMs = windowMs;
		this.maxKeys = maxKeys;
	}

	get size(): number {
		return entryCount(this.packed);
	}

	has(digest: string, nowMs: number): boolean {
		const at = this.index.get(digest);
		return at !== undefined && seconds(nowMs) - at < this.windowSeconds;
	}

	/** Remembers a delivery accepted now. The caller has checked `has` first. */
	add(digest: string, nowMs: number): void {
		this.evict(nowMs);
		const at = seconds(nowMs);
		this.index.set(digest, at);
		this.packed += packEntry(digest, at);
		this.seq++;
		this.evict(nowMs);
	}

	/** Whether `stored` is this memory's latest write, so it holds every key the memory has. */
	isCurrentIn(stored: StoredKeys): boolean {
		return stored.writer?.id === this.writerId && stored.writer.seq === this.seq && stored.legacy === undefined;
	}

	/**
	 * Takes in the keys of a state another writer saved. Returns how many were new here.
	 * A state of this memory needs nothing: the memory holds all of it.
	 */
	absorb(stored: StoredKeys, nowMs: number): number {
		if (stored.writer?.id === this.writerId && stored.legacy === undefined) return 0;
		const mark = stored.writer ? `${stored.writer.id}:${stored.writer.seq}:${stored.keys.length}` : '';
		if (mark !== '' && mark === this.lastForeign) return 0;
		this.lastForeign = mark;
		const now = seconds(nowMs);
		const fresh = (stored.legacy ?? unpack(stored.keys)).filter(
			(entry) => now - entry.at < this.windowSeconds && !this.index.has(entry.digest),
		);
		if (fresh.length === 0) return 0;
		this.merge(fresh);
		this.seq += fresh.length;
		this.evict(nowMs);
		return fresh.length;
	}

	/** The state to store: every key, with this memory's mark. Drops expired keys first. */
	snapshot(nowMs: number): StoredDedupeState {
		this.evict(nowMs);
		return { v: 2, keys: this.packed, writer: { id: this.writerId, seq: this.seq } };
	}

	private get windowSeconds(): number {
		return Math.max(1, seconds(this.windowMs));
	}

	/** Merges entries into the packed list by time, so the oldest stay at the front. */
	private merge(entries: PackedEntry[]): void {
		const incoming = [...entries].sort((a, b) => a.at - b.at);
		const parts: string[] = [];
		let next = 0;
		for (let index = 0; index < this.size; index++) {
			const own = entryAt(this.packed, index) as PackedEntry;
			while (next < incoming.length && incoming[next].at <= own.at) parts.push(this.take(incoming[next++]));
			parts.push(packEntry(own.digest, own.at));
		}
		while (next < incoming.length) parts.push(this.take(incoming[next++]));
		this.packed = parts.join('');
	}

	private take(entry: PackedEntry): string {
		this.index.set(entry.digest, entry.at);
		return packEntry(entry.digest, entry.at);
	}

	/** Drops keys out of the window or over the cap, oldest first. */
	private evict(nowMs: number): void {
		const now = seconds(nowMs);
		const count = this.size;
		let drop = Math.max(0, count - this.maxKeys);
		while (drop < count) {
			const entry = entryAt(this.packed, drop);
			if (entry && now - entry.at < this.windowSeconds) break;
			drop++;
		}
		if (drop === 0) return;
		for (let index = 0; index < drop; index++) {
			const entry = entryAt(this.packed, index);
			if (entry && this.index.get(entry.digest) === entry.at) this.index.delete(entry.digest);
		}
		this.packed = this.packed.slice(drop * ENTRY_LENGTH);
	}
}

const memories = new Map<string, RecentKeys>();

/** One memory per workflow trigger node (`<workflow id>:<node id>`). */
export function recentKeysFor(scope: string, windowMs: number, maxKeys: number): RecentKeys {
	let memory = memories.get(scope);
	if (memory === undefined) {
		memory = new RecentKeys(windowMs, maxKeys);
		memories.set(scope, memory);
	} else {
		memory.configure(windowMs, maxKeys);
	}
	return memory;
}

/** For tests that simulate a fresh n8n process. */
export function forgetAllRecentKeys(): void {
	memories.clear();
}

/**
 * This process's memory of the deliveries it accepted. Pure, module-level state.
 *
 * n8n reads a workflow's static data fresh for each webhook request and writes it back whole,
 * last writer wins. Two retries arriving together both read "unseen"; and a request can
 * overwrite keys a neighbour just wrote. The memory closes both holes within one process:
 * - the check-and-add happens synchronously (no await between), so concurrent copies of one
 *   delivery cannot both pass;
 * - every state this process writes carries every key it has accepted, so whichever write lands
 *   last, no key is lost. The state records who wrote it and up to which acceptance
 *   (`writer`), so a request only re-adds the keys accepted since, not all of them.
 */
import { randomBytes } from 'crypto';

import { recordSeen, type StoredDedupeState } from './dedupe';

interface AcceptedKey {
	at: number;
	/** Position in the acceptance log; a key accepted again gets a new one. */
	seq: number;
}

export class RecentKeys {
	/**
	 * Names this memory in the states it writes. A restarted process, or a second webhook process
	 * in queue mode, has another id, and its states are checked key by key.
	 */
	readonly writerId = randomBytes(9).toString('base64url');

	private readonly accepted = new Map<string, AcceptedKey>();

	/** Digests in acceptance order; `log[i]` was accepted as number `logBase + i`. */
	private log: string[] = [];

	private logBase = 1;

	/** Entries before this index are evicted. */
	private logHead = 0;

	private lastSeq = 0;

	constructor(
		private windowMs: number,
		private maxKeys: number,
	) {}

	configure(windowMs: number, maxKeys: number): void {
		this.windowMs = windowMs;
		this.maxKeys = maxKeys;
	}

	has(digest: string, nowMs: number): boolean {
		const entry = this.accepted.get(digest);
		return entry !== undefined && nowMs - entry.at < this.windowMs;
	}

	add(digest: string, nowMs: number): void {
		this.evict(nowMs);
		const seq = ++this.lastSeq;
		this.accepted.set(digest, { at: nowMs, seq });
		this.log.push(digest);
		this.evict(nowMs);
	}

	/**
	 * Writes into `state` every accepted key it lacks, then marks the state as written by this
	 * memory up to now. Returns how many keys were written back. `stateChanged` says the caller
	 * has already changed the state (it will be saved anyway), so the mark costs no extra save.
	 */
	heal(state: StoredDedupeState, nowMs: number, stateChanged = false): number {
		this.evict(nowMs);
		const writer = state.writer;
		const ownState = writer?.id === this.writerId && Number.isInteger(writer.seq);
		// A state this memory wrote already holds every key up to its mark.
		const from = ownState ? Math.max(this.logHead, writer.seq - this.logBase + 1) : this.logHead;
		let healed = 0;
		for (let index = from; index < this.log.length; index++) {
			const digest = this.log[index];
			const entry = this.accepted.get(digest);
			if (entry === undefined || entry.seq !== this.logBase + index) continue;
			if (nowMs - entry.at >= this.windowMs) continue;
			if (recordSeen(state, digest, entry.at)) healed++;
		}
		const upToDate = ownState && writer.seq === this.lastSeq;
		if (!upToDate && (healed > 0 || stateChanged)) {
			state.writer = { id: this.writerId, seq: this.lastSeq };
		}
		return healed;
	}

	/** Drops keys out of the window or over the cap, oldest first. */
	private evict(nowMs: number): void {
		while (this.logHead < this.log.length) {
			const digest = this.log[this.logHead];
			const entry = this.accepted.get(digest);
			const current = entry !== undefined && entry.seq === this.logBase + this.logHead;
			if (current && nowMs - entry.at < this.windowMs && this.accepted.size <= this.maxKeys) break;
			if (current) this.accepted.delete(digest);
			this.logHead++;
		}
		if (this.logHead > 1024 && this.logHead * 2 > this.log.length) {
			this.log = this.log.slice(this.logHead);
			this.logBase += this.logHead;
			this.logHead = 0;
		}
	}

	get size(): number {
		return this.accepted.size;
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

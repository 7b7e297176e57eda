/**
 * This process's memory of the deliveries it accepted. Pure, module-level state.
 *
 * n8n reads a workflow's static data fresh for each webhook request and writes it back whole,
 * last writer wins. Two retries arriving together both read "unseen"; and a request can
 * overwrite keys a neighbour just wrote. The memory closes both holes within one process:
 * - the check-and-add happens synchronously (no await between), so concurrent copies of one
 *   delivery cannot both pass;
 * - keys this process accepted stay "pending" until they have been seen in the stored state for
 *   a while; any pending key missing from a later state is written into it again (healed).
 */
import { recordSeen, type StoredDedupeState } from './dedupe';

/** A key seen stored this long has outlived every write that could have started without it. */
export const CONFIRM_MS = 10_000;
/** Healing scans every pending key; with many pending it runs at most this often. */
export const HEAL_INTERVAL_MS = 1_000;
/** Below this many pending keys a scan is cheap enough to run on every request. */
const ALWAYS_HEAL_BELOW = 64;

interface PendingKey {
	acceptedAt: number;
	/** When a read first showed the key stored (reset whenever a read shows it missing). */
	storedSince?: number;
}

export class RecentKeys {
	/** digest → accepted at (ms); insertion order is time order, so eviction is from the front. */
	private readonly accepted = new Map<string, number>();

	private readonly pending = new Map<string, PendingKey>();

	private lastHealAt = Number.NEGATIVE_INFINITY;

	constructor(
		private windowMs: number,
		private maxKeys: number,
	) {}

	configure(windowMs: number, maxKeys: number): void {
		this.windowMs = windowMs;
		this.maxKeys = maxKeys;
	}

	has(digest: string, nowMs: number): boolean {
		const at = this.accepted.get(digest);
		return at !== undefined && nowMs - at < this.windowMs;
	}

	add(digest: string, nowMs: number): void {
		this.accepted.delete(digest);
		this.accepted.set(digest, nowMs);
		this.pending.set(digest, { acceptedAt: nowMs });
		for (const [oldest, at] of this.accepted) {
			if (nowMs - at < this.windowMs && this.accepted.size <= this.maxKeys) break;
			this.accepted.delete(oldest);
			this.pending.delete(oldest);
		}
	}

	/**
	 * Writes pending keys missing from `state` back into it, and lets go of keys that have stayed
	 * stored long enough. Returns how many were written back.
	 */
	heal(state: StoredDedupeState, nowMs: number): number {
		if (this.pending.size >= ALWAYS_HEAL_BELOW && nowMs - this.lastHealAt < HEAL_INTERVAL_MS) return 0;
		this.lastHealAt = nowMs;
		let healed = 0;
		for (const [digest, entry] of this.pending) {
			if (nowMs - entry.acceptedAt >= this.windowMs) {
				this.pending.delete(digest);
			} else if (typeof state.seen[digest] === 'number') {
				entry.storedSince ??= nowMs;
				if (nowMs - entry.storedSince >= CONFIRM_MS) this.pending.delete(digest);
			} else {
				recordSeen(state, digest, entry.acceptedAt);
				entry.storedSince = undefined;
				healed++;
			}
		}
		return healed;
	}

	get size(): number {
		return this.accepted.size;
	}

	get pendingSize(): number {
		return this.pending.size;
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

/**
 * This process's memory of the deliveries it accepted. Pure, module-level state.
 *
 * n8n reads a workflow's static data fresh for each webhook request and writes it back whole,
 * last writer wins. Two retries arriving together both read "unseen"; and a request can
 * overwrite keys a neighbour just wrote. The memory closes both holes within one process: the
 * check-and-add happens synchronously (no await between), and keys accepted lately are written
 * again into every state this process saves, until any lost write is healed.
 */

/** How long an accepted key keeps being re-merged into the stored state. */
export const REMERGE_GRACE_MS = 120_000;

export class RecentKeys {
	/** digest → accepted at (ms); insertion order is time order, so eviction is from the front. */
	private readonly accepted = new Map<string, number>();

	private readonly recent = new Map<string, number>();

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
		this.recent.delete(digest);
		this.recent.set(digest, nowMs);
		this.evict(nowMs);
	}

	/** Keys accepted within the grace period, for re-merging into the stored state. */
	*lately(nowMs: number): Iterable<[string, number]> {
		for (const [digest, at] of this.recent) {
			if (nowMs - at < REMERGE_GRACE_MS) yield [digest, at];
		}
	}

	get size(): number {
		return this.accepted.size;
	}

	private evict(nowMs: number): void {
		for (const [digest, at] of this.accepted) {
			if (nowMs - at < this.windowMs && this.accepted.size <= this.maxKeys) break;
			this.accepted.delete(digest);
		}
		for (const [digest, at] of this.recent) {
			if (nowMs - at < REMERGE_GRACE_MS && this.recent.size <= this.maxKeys) break;
			this.recent.delete(digest);
		}
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
